package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised activation functions for the streaming network, built on {@link FastExp} (at most
 * 2 ulp from exp, so SiLU is within a few ulp of x·σ(x) computed with the exact exp).
 */
public final class FastActivations {
    private static final VectorSpecies<Float> SPECIES = FastExp.SPECIES;
    private static final int LANES = SPECIES.length();

    private FastActivations() {}

    /** SiLU x / (1 + e^−x) in place on x[off, off + n). */
    public static void silu(float[] x, int off, int n) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int end = SPECIES.loopBound(n); i < end; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, off + i);
            v.div(one.add(FastExp.exp(v.neg()))).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            float v = x[off + i];
            x[off + i] = v / (1f + FastExp.exp(-v));
        }
    }

    /** x[off, off + n) += SiLU(y[yOff, yOff + n)) (a SiLU-gated residual add). */
    public static void addSilu(float[] x, int off, float[] y, int yOff, int n) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int end = SPECIES.loopBound(n); i < end; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, y, yOff + i);
            FloatVector.fromArray(SPECIES, x, off + i).add(v.div(one.add(FastExp.exp(v.neg())))).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            float v = y[yOff + i];
            x[off + i] += v / (1f + FastExp.exp(-v));
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
        int i = 0;
        for (int end = SPECIES.loopBound(n); i < end; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, off + i);
            FloatVector t = FastExp.exp(v.abs().neg());
            FloatVector s = t.div(t.add(2f));
            FloatVector s2 = s.mul(s);
            FloatVector p = s2.fma(1f / 13, 1f / 11);
            p = p.fma(s2, FloatVector.broadcast(SPECIES, 1f / 9));
            p = p.fma(s2, FloatVector.broadcast(SPECIES, 1f / 7));
            p = p.fma(s2, FloatVector.broadcast(SPECIES, 1f / 5));
            p = p.fma(s2, FloatVector.broadcast(SPECIES, 1f / 3));
            p = p.fma(s2, FloatVector.broadcast(SPECIES, 1f));
            FloatVector sp = s.add(s).mul(p).add(v.max(0f));
            sp.blend(v, v.compare(VectorOperators.GT, 20f)).intoArray(x, off + i);
        }
        for (; i < n; i++) x[off + i] = softplus(x[off + i]);
    }

    /** The scalar twin of {@link #softplus(float[], int, int)}: the same operations in the same order. */
    static float softplus(float v) {
        if (v > 20f) return v;
        float t = FastExp.exp(-Math.abs(v));
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
            int o = r * n, i = 0;
            for (int end = SPECIES.loopBound(n); i < end; i += LANES) {
                FloatVector v = FloatVector.fromArray(SPECIES, x, o + i);
                v.max(0f).add(v.min(0f).mul(a)).intoArray(x, o + i);
            }
            for (; i < n; i++) {
                float v = x[o + i];
                x[o + i] = Math.max(v, 0f) + a * Math.min(v, 0f);
            }
        }
    }
}
