package ipdnet2.nn.kernels;

/**
 * Vectorised activation functions for the streaming network, built on {@link FastExp} (at most
 * 2 ulp from exp, so SiLU is within a few ulp of x·σ(x) computed with the exact exp). The vector
 * loops are in {@link VectorFastActivations} (used when {@link VectorSupport#ENABLED}); the plain
 * loops here are their scalar twins, so both paths give bitwise the same results.
 */
public final class FastActivations {
    private FastActivations() {}

    /** SiLU x / (1 + e^−x) in place on x[off, off + n). */
    public static void silu(float[] x, int off, int n) {
        int i = VectorSupport.ENABLED ? VectorFastActivations.silu(x, off, n) : 0;
        for (; i < n; i++) {
            float v = x[off + i];
            x[off + i] = v / (1f + FastExp.exp(-v));
        }
    }

    /** x[off, off + n) += SiLU(y[yOff, yOff + n)) (a SiLU-gated residual add). */
    public static void addSilu(float[] x, int off, float[] y, int yOff, int n) {
        int i = VectorSupport.ENABLED ? VectorFastActivations.addSilu(x, off, y, yOff, n) : 0;
        for (; i < n; i++) {
            float v = y[yOff + i];
            x[off + i] += v / (1f + FastExp.exp(-v));
        }
    }
    /** y[off, off + n) ·= SiLU(z[zOff, zOff + n)) (Mamba's output gate; the product of y and SiLU(z) rounded once). */
    public static void mulSilu(float[] y, int off, float[] z, int zOff, int n) {
        int i = VectorSupport.ENABLED ? VectorFastActivations.mulSilu(y, off, z, zOff, n) : 0;
        for (; i < n; i++) {
            float v = z[zOff + i];
            y[off + i] *= v / (1f + FastExp.exp(-v));
        }
    }

    /** dx[off, off + n) += dy·σ(x)·(1 + x·(1 − σ(x))), the derivative of SiLU x·σ(x). */
    public static void siluBackward(float[] x, float[] dy, float[] dx, int off, int n) {
        int i = VectorSupport.ENABLED ? VectorFastActivations.siluBackward(x, dy, dx, off, n) : 0;
        for (; i < n; i++) {
            float v = x[off + i];
            float s = 1f / (1f + FastExp.exp(-v));
            dx[off + i] = Math.fma(dy[off + i], Math.fma(v, 1f - s, 1f) * s, dx[off + i]);
        }
    }

    /** dx[off, off + n) += dy·σ(x), the derivative of softplus (dy itself in the linear region above 20). */
    public static void softplusBackward(float[] x, float[] dy, float[] dx, int off, int n) {
        int i = VectorSupport.ENABLED ? VectorFastActivations.softplusBackward(x, dy, dx, off, n) : 0;
        for (; i < n; i++) {
            float v = x[off + i];
            float g = dy[off + i];
            dx[off + i] += v > 20f ? g : g / (1f + FastExp.exp(-v));
        }
    }

    /**
     * Softplus with PyTorch's linear region above 20, in place on x[off, off + n):
     * max(v, 0) + ln(1 + t) with t = e^−|v| ∈ (0, 1], where ln(1 + t) = 2·atanh(s), s = t/(2 + t)
     * ≤ 1/3, is summed as 2s·Σ_k s^2k/(2k+1) up to k = 6 (truncation below 2e-8 relative).
     * Within a few ulp of the exact softplus, about ten times faster than the scalar library
     * log and exp.
     */
    public static void softplus(float[] x, int off, int n) {
        int i = VectorSupport.ENABLED ? VectorFastActivations.softplus(x, off, n) : 0;
        for (; i < n; i++) x[off + i] = softplus(x[off + i]);
    }

    /** The scalar twin of {@link #softplus(float[], int, int)}: the same operations in the same order. */
    static float softplus(float v) {
        if (v > 20f) return v;
        // −|v| ≤ −0: the cheaper clamp; a NaN v still gives NaN through max(v, 0) below
        float t = FastExp.expNonPositive(-Math.abs(v));
        float s = t / (t + 2f);
        float s2 = s * s;
        float p = Math.fma(s2, 1f / 13, 1f / 11);
        p = Math.fma(p, s2, 1f / 9);
        p = Math.fma(p, s2, 1f / 7);
        p = Math.fma(p, s2, 1f / 5);
        p = Math.fma(p, s2, 1f / 3);
        p = Math.fma(p, s2, 1f);
        return (s + s) * p + Math.max(v, 0f);
    }
    /** PReLU in place on x[rows][n] with one slope per row: max(v, 0) + a·min(v, 0). */
    public static void prelu(float[] x, int rows, int n, float[] slope) {
        for (int r = 0; r < rows; r++) {
            float a = slope[r];
            int o = r * n;
            int i = VectorSupport.ENABLED ? VectorFastActivations.prelu(x, o, n, a) : 0;
            for (; i < n; i++) {
                float v = x[o + i];
                x[o + i] = Math.max(v, 0f) + a * Math.min(v, 0f);
            }
        }
    }

    /**
     * tanh in place on x[off, off + n) as sign(v)·(1 − e)/(1 + e), e = e^−2|v| (never overflows);
     * about 2e-7 absolute from the exact tanh (FastExp's error near e = 1; relative accuracy is
     * lost only where the value itself is tiny).
     */
    public static void tanh(float[] x, int off, int n) {
        int i = VectorSupport.ENABLED ? VectorFastActivations.tanh(x, off, n) : 0;
        for (; i < n; i++) {
            float v = x[off + i];
            float e = FastExp.exp(Math.abs(v) * -2f);
            float t = (1f - e) / (1f + e);
            x[off + i] = v < 0f ? -t : t;
        }
    }
}
