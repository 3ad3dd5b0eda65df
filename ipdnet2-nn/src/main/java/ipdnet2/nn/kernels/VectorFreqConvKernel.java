package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector form of {@link FreqConvKernel#apply}: vectors over frequencies, each lane one fused
 * multiply-add chain in the order (ci, j) from the bias, as in the plain loop there (bitwise the
 * same). Loaded only when {@link VectorSupport#ENABLED}.
 */
final class VectorFreqConvKernel {
    private static final VectorSpecies<Float> SPECIES = VectorExp.SPECIES;
    private static final int LANES = SPECIES.length();

    private VectorFreqConvKernel() {}

    static void apply(int c, int groups, int k, int freqs, float[] xT, int ld, float[] w,
            float[] bias, float[] yT) {
        int cg = c / groups, taps = cg * k;
        int wide = freqs / (4 * LANES) * (4 * LANES);
        // runs of single vectors past the wide blocks: four outputs at a time (independent chains)
        for (int f = wide; f + LANES <= freqs; f += LANES) {
            int o = 0;
            for (; o + 4 <= c; o += 4) single4(cg, k, taps, freqs, xT, ld, w, bias, yT, o, f);
            for (; o < c; o++) single1(cg, k, taps, freqs, xT, ld, w, bias, yT, o, f);
        }
        for (int o = 0; o < c; o++) {
            int in0 = (o / cg) * cg * ld, wo = o * taps, yo = o * freqs;
            float b = bias[o];
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
            for (f = wide + (freqs - wide) / LANES * LANES; f < freqs; f++) {
                float acc = b;
                for (int ci = 0; ci < cg; ci++) {
                    int row = in0 + ci * ld + f;
                    for (int j = 0; j < k; j++) acc = Math.fma(xT[row + j], w[wo + ci * k + j], acc);
                }
                yT[yo + f] = acc;
            }
        }
    }

    private static void single4(int cg, int k, int taps, int freqs, float[] xT, int ld, float[] w, float[] bias,
            float[] yT, int o, int f) {
        int i0 = (o / cg) * cg * ld + f, i1 = ((o + 1) / cg) * cg * ld + f;
        int i2 = ((o + 2) / cg) * cg * ld + f, i3 = ((o + 3) / cg) * cg * ld + f;
        int w0 = o * taps;
        FloatVector a0 = FloatVector.broadcast(SPECIES, bias[o]), a1 = FloatVector.broadcast(SPECIES, bias[o + 1]);
        FloatVector a2 = FloatVector.broadcast(SPECIES, bias[o + 2]), a3 = FloatVector.broadcast(SPECIES, bias[o + 3]);
        for (int t = 0; t < taps; t++) {
            int ci = t / k;
            int d = ci * ld + (t - ci * k);
            a0 = FloatVector.fromArray(SPECIES, xT, i0 + d).fma(FloatVector.broadcast(SPECIES, w[w0 + t]), a0);
            a1 = FloatVector.fromArray(SPECIES, xT, i1 + d).fma(FloatVector.broadcast(SPECIES, w[w0 + taps + t]), a1);
            a2 = FloatVector.fromArray(SPECIES, xT, i2 + d).fma(FloatVector.broadcast(SPECIES, w[w0 + 2 * taps + t]), a2);
            a3 = FloatVector.fromArray(SPECIES, xT, i3 + d).fma(FloatVector.broadcast(SPECIES, w[w0 + 3 * taps + t]), a3);
        }
        a0.intoArray(yT, o * freqs + f);
        a1.intoArray(yT, (o + 1) * freqs + f);
        a2.intoArray(yT, (o + 2) * freqs + f);
        a3.intoArray(yT, (o + 3) * freqs + f);
    }

    private static void single1(int cg, int k, int taps, int freqs, float[] xT, int ld, float[] w, float[] bias,
            float[] yT, int o, int f) {
        int i0 = (o / cg) * cg * ld + f, w0 = o * taps;
        FloatVector a0 = FloatVector.broadcast(SPECIES, bias[o]);
        for (int t = 0; t < taps; t++) {
            int ci = t / k;
            a0 = FloatVector.fromArray(SPECIES, xT, i0 + ci * ld + (t - ci * k)).fma(FloatVector.broadcast(SPECIES, w[w0 + t]), a0);
        }
        a0.intoArray(yT, o * freqs + f);
    }
}
