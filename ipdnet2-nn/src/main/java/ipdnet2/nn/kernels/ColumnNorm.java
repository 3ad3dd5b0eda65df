package ipdnet2.nn.kernels;

/**
 * LayerNorm over the channels of a channel-major block: x[j·ldx + xOff + f] holds channel j of
 * column f, and each column (one frequency of one frame) is normalised over its c channels. This
 * is the layout in which the cross-band convolution and the full-band products run vectorised
 * over frequencies ({@code FrameFront}), so the LayerNorm feeding them needs no transposition.
 * <pre>
 *   μ_f = Σ_j x[j][f] / c,   rs_f = 1 / √(Σ_j (x[j][f] − μ_f)² / c + eps)
 *   y[j][f] = (x[j][f] − μ_f)·rs_f·γ_j + β_j
 * </pre>
 * Every sum advances in increasing j. The vector form ({@link VectorColumnNorm}, used when
 * {@link VectorSupport#ENABLED}) runs one column per lane with the same operations, so both
 * paths give bitwise the same results.
 */
public final class ColumnNorm {
    private ColumnNorm() {}

    /**
     * Normalises columns [0, n) of the c channel rows of x into y (rows of y at
     * {@code yOff + j·ldy}); x and y must not overlap.
     */
    public static void normalize(float[] x, int xOff, int ldx, int c, int n, float eps, float[] gamma,
            float[] beta, float[] y, int yOff, int ldy) {
        int f = VectorSupport.ENABLED ? VectorColumnNorm.normalize(x, xOff, ldx, c, n, eps, gamma, beta, y, yOff, ldy) : 0;
        for (; f < n; f++) {
            float s = 0f;
            for (int j = 0; j < c; j++) s += x[xOff + j * ldx + f];
            float mu = s / c;
            float q = 0f;
            for (int j = 0; j < c; j++) {
                float d = x[xOff + j * ldx + f] - mu;
                q = Math.fma(d, d, q);
            }
            float rs = 1f / (float) Math.sqrt(q / c + eps);
            for (int j = 0; j < c; j++) {
                y[yOff + j * ldy + f] = Math.fma((x[xOff + j * ldx + f] - mu) * rs, gamma[j], beta[j]);
            }
        }
    }
}
