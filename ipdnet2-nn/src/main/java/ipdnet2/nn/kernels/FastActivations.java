package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
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
}
