package ipdnet2.nn.kernels;

/**
 * The one switch between the Vector API kernels and their plain-Java twins.
 *
 * <p>{@link #ENABLED} is true iff module {@code jdk.incubator.vector} is in the boot layer (the
 * JVM was started with {@code --add-modules jdk.incubator.vector}) and the system property
 * {@code ipdnet2.vector} is not {@code "false"}. Every class that uses the Vector API keeps it in
 * a separate package-private class (named {@code Vector…}) that is loaded only when this is true,
 * so a JVM without the module never resolves a Vector API type.
 */
public final class VectorSupport {
    /** True when module {@code jdk.incubator.vector} is present, whatever the property. */
    public static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    /** True when the Vector API kernels run. */
    public static final boolean ENABLED = AVAILABLE && !"false".equalsIgnoreCase(System.getProperty("ipdnet2.vector"));
    /**
     * Lanes of the preferred float vector when enabled, else 8: the block width of packed
     * layouts, which the plain loops follow lane by lane so both paths share one layout.
     */
    public static final int LANES = ENABLED ? VectorLanes.preferred() : 8;

    /** The one line a command-line program prints to stderr when the module is absent. */
    public static final String ABSENT_NOTE =
            "note: running without the Vector API (add --add-modules jdk.incubator.vector for full speed)";

    private VectorSupport() {}
}
