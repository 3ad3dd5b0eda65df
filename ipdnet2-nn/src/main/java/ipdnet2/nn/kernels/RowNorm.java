package ipdnet2.nn.kernels;

/**
 * Vectorised pieces of LayerNorm over one contiguous row of c channels (the statistics in float
 * lanes, as the offline LayerNorm forms them), for the streaming network's frame ops. The vector
 * forms are in {@link VectorRowNorm} (used when {@link VectorSupport#ENABLED}); the plain loops
 * here sum in increasing j instead of per lane, so mean and rstd differ from the vector path by
 * float rounding of a c-term sum (relative order c·2^-24); {@code normalize} is bitwise the same.
 */
public final class RowNorm {
    private RowNorm() {}

    /** Mean of x[o, o + c). */
    public static float mean(float[] x, int o, int c) {
        if (VectorSupport.ENABLED) return VectorRowNorm.mean(x, o, c);
        float s = 0f;
        for (int j = 0; j < c; j++) s += x[o + j];
        return s / c;
    }

    /** 1 / √(Σ(x − μ)² / c + eps) over x[o, o + c). */
    public static float rstd(float[] x, int o, int c, float mu, float eps) {
        if (VectorSupport.ENABLED) return VectorRowNorm.rstd(x, o, c, mu, eps);
        float s = 0f;
        for (int j = 0; j < c; j++) {
            float d = x[o + j] - mu;
            s = Math.fma(d, d, s);
        }
        return (float) (1.0 / Math.sqrt(s / c + eps));
    }

    /** y[yo + j] = (x[o + j] − μ)·rs·γ[j] + β[j] for j < c. */
    public static void normalize(float[] x, int o, int c, float mu, float rs, float[] gamma, float[] beta,
            float[] y, int yo) {
        if (VectorSupport.ENABLED) {
            VectorRowNorm.normalize(x, o, c, mu, rs, gamma, beta, y, yo);
            return;
        }
        for (int j = 0; j < c; j++) y[yo + j] = Math.fma((x[o + j] - mu) * rs, gamma[j], beta[j]);
    }

    /**
     * LayerNorm of {@code rows} rows of c channels (x[row·c + j]) written channel-major,
     * y[j·ld + off + row]. On the vector path the statistics of each block of rows are computed
     * with vectors across rows (each row's sums advance in increasing j, as here).
     */
    public static void normalizeTransposed(float[] x, int rows, int c, float eps, float[] gamma, float[] beta,
            float[] y, int ld, int off) {
        if (VectorSupport.ENABLED) {
            VectorRowNorm.normalizeTransposed(x, rows, c, eps, gamma, beta, y, ld, off);
            return;
        }
        for (int row = 0; row < rows; row++) {
            float mu = mean(x, row * c, c);
            float rs = rstd(x, row * c, c, mu, eps);
            for (int j = 0; j < c; j++) y[j * ld + off + row] = Math.fma((x[row * c + j] - mu) * rs, gamma[j], beta[j]);
        }
    }
}
