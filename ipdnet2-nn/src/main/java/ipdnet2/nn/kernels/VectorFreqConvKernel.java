package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link FreqConvKernel} for one output channel over the leading whole
 * vectors of frequencies; returns how many frequencies it wrote. Each output is one fma chain in
 * the same order as the caller's plain loop, hence bitwise the same. Loaded only when
 * {@link VectorSupport#ENABLED}.
 */
final class VectorFreqConvKernel {
    private static final VectorSpecies<Float> SPECIES = VectorExp.SPECIES;
    private static final int LANES = SPECIES.length();

    private VectorFreqConvKernel() {}

    static int row(int k, int taps, int freqs, float[] xT, int ld, float[] w, int wo, int in0, float b,
            float[] yT, int yo) {
        int f = 0;
        for (; f + 4 * LANES <= freqs; f += 4 * LANES) {
            FloatVector a0 = FloatVector.broadcast(SPECIES, b), a1 = a0, a2 = a0, a3 = a0;
            for (int t = 0; t < taps; t++) {
                int ci = t / k;
                int s = in0 + ci * ld + f + (t - ci * k);
                FloatVector wv = FloatVector.broadcast(SPECIES, w[wo + t]);
                a0 = FloatVector.fromArray(SPECIES, xT, s).fma(wv, a0);
                a1 = FloatVector.fromArray(SPECIES, xT, s + LANES).fma(wv, a1);
                a2 = FloatVector.fromArray(SPECIES, xT, s + 2 * LANES).fma(wv, a2);
                a3 = FloatVector.fromArray(SPECIES, xT, s + 3 * LANES).fma(wv, a3);
            }
            a0.intoArray(yT, yo + f);
            a1.intoArray(yT, yo + f + LANES);
            a2.intoArray(yT, yo + f + 2 * LANES);
            a3.intoArray(yT, yo + f + 3 * LANES);
        }
        for (; f + LANES <= freqs; f += LANES) {
            FloatVector a0 = FloatVector.broadcast(SPECIES, b);
            for (int t = 0; t < taps; t++) {
                int ci = t / k;
                int s = in0 + ci * ld + f + (t - ci * k);
                a0 = FloatVector.fromArray(SPECIES, xT, s).fma(FloatVector.broadcast(SPECIES, w[wo + t]), a0);
            }
            a0.intoArray(yT, yo + f);
        }
        return f;
    }
}
