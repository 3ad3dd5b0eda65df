package ipdnet2.nn.kernels;

/**
 * Average pooling along the columns of a channel-major block (x[r·ldx + j]: row r, column j),
 * the pooling of frequencies in {@code FrameFront}. Each output is the in-order sum of its
 * {@code factor} inputs, scaled by 1/factor. The vector forms ({@link VectorColumnPool}, used
 * when {@link VectorSupport#ENABLED}) form the same sums, so both paths give bitwise the same
 * results: in a scalar loop the pooling of Tiny's 256 frequencies cost as much as its LayerNorm.
 */
public final class ColumnPool {
    private ColumnPool() {}

    /**
     * Pools columns [0, cols) of {@code rows} rows by 2 (floor): y[r·ldy + j] = (x[2j] + x[2j+1])·½.
     * y may be x with ldy ≤ ldx (every output is written after the inputs it overwrites are read).
     */
    public static void pairs(float[] x, int ldx, int rows, int cols, float[] y, int ldy) {
        int outCols = cols / 2;
        for (int r = 0; r < rows; r++) {
            int xo = r * ldx, yo = r * ldy;
            int j = VectorSupport.ENABLED ? VectorColumnPool.pairs(x, xo, y, yo, outCols) : 0;
            for (; j < outCols; j++) y[yo + j] = (x[xo + 2 * j] + x[xo + 2 * j + 1]) * 0.5f;
        }
    }

    /**
     * Pools columns [0, cols) of {@code rows} rows by {@code factor} (floor) and writes the result
     * transposed: out[outOff + j·stride + r] = (Σ_i x[r·ldx + j·factor + i]) / factor, summed in
     * increasing i, for every output column j.
     */
    public static void transposed(float[] x, int ldx, int rows, int cols, int factor, float[] out, int outOff,
            int stride) {
        int outCols = cols / factor;
        float inv = 1f / factor;
        int from = VectorSupport.ENABLED ? VectorColumnPool.transposed(x, ldx, rows, outCols, factor, inv, out, outOff, stride) : 0;
        for (int j = 0; j < outCols; j++) {
            int dst = outOff + j * stride;
            for (int r = from; r < rows; r++) {
                int src = r * ldx + j * factor;
                float sum = 0f;
                for (int i = 0; i < factor; i++) sum += x[src + i];
                out[dst + r] = sum * inv;
            }
        }
    }
}
