package ipdnet2.nn;

/**
 * A scope in which ops record no graph (inference mode): results never require a gradient, so
 * each activation becomes garbage as soon as nothing refers to it, and in-place ops such as
 * {@link Pointwise#residual} may reuse storage. Scopes nest and are per thread:
 *
 * <pre>{@code
 * try (NoGrad scope = NoGrad.enter()) {
 *     Tensor y = model.forward(x);
 * }
 * }</pre>
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final int[] depth;
    private boolean closed;

    private NoGrad(int[] depth) {
        this.depth = depth;
    }

    /** Opens a scope on the calling thread; close it (try-with-resources) to resume recording. */
    public static NoGrad enter() {
        int[] d = DEPTH.get();
        d[0]++;
        return new NoGrad(d);
    }

    /** True when the calling thread records the graph (no scope open). */
    public static boolean recording() {
        return DEPTH.get()[0] == 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            depth[0]--;
        }
    }
}
