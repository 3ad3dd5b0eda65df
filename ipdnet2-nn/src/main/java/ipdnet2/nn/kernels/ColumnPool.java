package ipdnet2.nn.kernels;

/**
 * Average pooling along the columns of a channel-major block (x[r·ldx + j]: row r, column j),
 * the pooling of frequencies in {@code FrameFront}. Each output is the in-order sum of its
 * {@code factor} inputs, scaled by 1/factor. The vector forms ({@link VectorColumnPool}, used
 * when {@link VectorSupport#ENABLED}) form the same sums, so both paths give bitwise the same
 * results.
 */
public final class ColumnPool {
    private ColumnPool() {}

    /**
     * Averages the two halves of each of {@code rows} rows: y[r·ldy + m] = (x[r·ldx + m] +
     * x[r·ldx + n + m])·½ for m &lt; n, pooling by 2 a row stored even columns first, then odd
     * ones. y may be x with ldy ≤ ldx (every output overwrites only inputs already read).
     */
    public static void halves(float[] x, int ldx, int rows, int n, float[] y, int ldy) {
        for (int r = 0; r < rows; r++) {
            int xo = r * ldx, yo = r * ldy;
            int m = VectorSupport.ENABLED ? VectorColumnPool.halves(x, xo, n, y, yo) : 0;
            for (; m < n; m++) y[yo + m] = (x[xo + m] + x[xo + n + m]) * 0.5f;
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
