package ipdnet2.train.data;

/** Derivation of independent seeds from a run seed and an index (a 64-bit finaliser mix). */
public final class Seeds {
    private Seeds() {
    }

    /** A well-mixed seed for item {@code index} of stream {@code stream} under {@code seed}. */
    public static long of(long seed, long stream, long index) {
        return mix(mix(seed ^ 0x9E3779B97F4A7C15L * (stream + 1)) + index);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
