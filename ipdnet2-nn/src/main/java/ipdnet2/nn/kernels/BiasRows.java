package ipdnet2.nn.kernels;

/**
 * Adds a bias row to every row of a row-major block: {@code y[off + r·n + j] += b[j]}. The plain
 * loop does not vectorise (the JIT cannot rule out that y and b alias), and after a product
 * with a bias it took 6 % of Tiny's inference; {@link VectorBiasRows} runs the leading whole
 * vectors of each row when {@link VectorSupport#ENABLED}. Each element gets the same single
 * addition on both paths.
 */
public final class BiasRows {
    private BiasRows() {}

    /** y[off + r·n + j] += b[j] for r in [0, rows), j in [0, n). */
    public static void add(float[] y, int off, int rows, int n, float[] b) {
        int jVec = VectorSupport.ENABLED ? n / VectorSupport.LANES * VectorSupport.LANES : 0;
        for (int r = 0, o = off; r < rows; r++, o += n) {
            if (jVec > 0) VectorBiasRows.add(y, o, jVec, b);
            for (int j = jVec; j < n; j++) y[o + j] += b[j];
        }
    }
}
