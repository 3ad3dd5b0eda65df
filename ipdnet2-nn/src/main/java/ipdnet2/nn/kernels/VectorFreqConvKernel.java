package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector form of {@link FreqConvKernel#apply}: vectors over frequencies, each lane one fused
 * multiply-add chain in the order (ci, j) from the bias, as in the plain loop there (bitwise the
 * same). Loaded only when {@link VectorSupport#ENABLED}.
 *
 * <p>Four consecutive outputs of one group read the same input rows, so they run together: each
 * loaded input vector feeds four multiply-adds (one per output, its weight broadcast) instead of
 * one, which halves the loads per multiply-add; the chains themselves are unchanged, only
 * interleaved. Outputs whose four-block would straddle a group boundary run one at a time.
 */
final class VectorFreqConvKernel {
    private static final VectorSpecies<Float> SPECIES = VectorExp.SPECIES;
    private static final int LANES = SPECIES.length();

    private VectorFreqConvKernel() {}

    /**
     * Output columns [yb, yb + freqs) of every row of yT (row stride yld), tap j of input channel
     * ci read at xT[ci·ld + off[ob + j] + column − yb] (see {@link FreqConvKernel#applyPhased}).
     */
    static void apply(int c, int groups, int k, int freqs, float[] xT, int ld, int[] off, int ob, float[] w,
            float[] bias, float[] yT, int yld, int yb) {
        int cg = c / groups, taps = cg * k;
        int wide = freqs / (4 * LANES) * (4 * LANES);
        int singles = wide + (freqs - wide) / LANES * LANES;   // end of the single-vector runs
        for (int o = 0; o < c; ) {
            if (o + 4 <= c && o / cg == (o + 3) / cg) {
                for (int f = 0; f < wide; f += 2 * LANES) shared4x2(cg, k, taps, xT, ld, off, ob, w, bias, yT, yld, yb, o, f);
                for (int f = wide; f < singles; f += LANES) shared4x1(cg, k, taps, xT, ld, off, ob, w, bias, yT, yld, yb, o, f);
                for (int q = o; q < o + 4; q++) FreqConvKernel.tail(cg, k, freqs, xT, ld, off, ob, w, bias, yT, yld, yb, q, singles);
                o += 4;
            } else if (o + 2 <= c && o / cg == (o + 1) / cg) {
                for (int f = 0; f < wide; f += 4 * LANES) shared2x4(cg, k, taps, xT, ld, off, ob, w, bias, yT, yld, yb, o, f);
                for (int q = o; q < o + 2; q++) {
                    for (int f = wide; f < singles; f += LANES) single1(cg, k, taps, xT, ld, off, ob, w, bias, yT, yld, yb, q, f);
                    FreqConvKernel.tail(cg, k, freqs, xT, ld, off, ob, w, bias, yT, yld, yb, q, singles);
                }
                o += 2;
            } else {
                for (int f = 0; f < wide; f += 4 * LANES) wide1(cg, k, taps, xT, ld, off, ob, w, bias, yT, yld, yb, o, f);
                for (int f = wide; f < singles; f += LANES) single1(cg, k, taps, xT, ld, off, ob, w, bias, yT, yld, yb, o, f);
                FreqConvKernel.tail(cg, k, freqs, xT, ld, off, ob, w, bias, yT, yld, yb, o, singles);
                o++;
            }
        }
    }

    /** Outputs o..o+3 (one group) × two vectors of frequencies from f: eight chains. */
    private static void shared4x2(int cg, int k, int taps, float[] xT, int ld, int[] off, int ob, float[] w,
            float[] bias, float[] yT, int yld, int yb, int o, int f) {
        int in0 = (o / cg) * cg * ld + f, w0 = o * taps, w1 = w0 + taps, w2 = w1 + taps, w3 = w2 + taps;
        FloatVector a00 = FloatVector.broadcast(SPECIES, bias[o]), a01 = a00;
        FloatVector a10 = FloatVector.broadcast(SPECIES, bias[o + 1]), a11 = a10;
        FloatVector a20 = FloatVector.broadcast(SPECIES, bias[o + 2]), a21 = a20;
        FloatVector a30 = FloatVector.broadcast(SPECIES, bias[o + 3]), a31 = a30;
        for (int t = 0; t < taps; t++) {
            int ci = t / k;
            int s = in0 + ci * ld + off[ob + t - ci * k];
            FloatVector x0 = FloatVector.fromArray(SPECIES, xT, s);
            FloatVector x1 = FloatVector.fromArray(SPECIES, xT, s + LANES);
            FloatVector wv = FloatVector.broadcast(SPECIES, w[w0 + t]);
            a00 = x0.fma(wv, a00);
            a01 = x1.fma(wv, a01);
            wv = FloatVector.broadcast(SPECIES, w[w1 + t]);
            a10 = x0.fma(wv, a10);
            a11 = x1.fma(wv, a11);
            wv = FloatVector.broadcast(SPECIES, w[w2 + t]);
            a20 = x0.fma(wv, a20);
            a21 = x1.fma(wv, a21);
            wv = FloatVector.broadcast(SPECIES, w[w3 + t]);
            a30 = x0.fma(wv, a30);
            a31 = x1.fma(wv, a31);
        }
        int y0 = o * yld + yb + f, y1 = y0 + yld, y2 = y1 + yld, y3 = y2 + yld;
        a00.intoArray(yT, y0);
        a01.intoArray(yT, y0 + LANES);
        a10.intoArray(yT, y1);
        a11.intoArray(yT, y1 + LANES);
        a20.intoArray(yT, y2);
        a21.intoArray(yT, y2 + LANES);
        a30.intoArray(yT, y3);
        a31.intoArray(yT, y3 + LANES);
    }

    /** Outputs o..o+3 (one group) × one vector of frequencies from f: four chains, one input load per tap. */
    private static void shared4x1(int cg, int k, int taps, float[] xT, int ld, int[] off, int ob, float[] w,
            float[] bias, float[] yT, int yld, int yb, int o, int f) {
        int in0 = (o / cg) * cg * ld + f, w0 = o * taps, w1 = w0 + taps, w2 = w1 + taps, w3 = w2 + taps;
        FloatVector a0 = FloatVector.broadcast(SPECIES, bias[o]), a1 = FloatVector.broadcast(SPECIES, bias[o + 1]);
        FloatVector a2 = FloatVector.broadcast(SPECIES, bias[o + 2]), a3 = FloatVector.broadcast(SPECIES, bias[o + 3]);
        for (int t = 0; t < taps; t++) {
            int ci = t / k;
            FloatVector xv = FloatVector.fromArray(SPECIES, xT, in0 + ci * ld + off[ob + t - ci * k]);
            a0 = xv.fma(FloatVector.broadcast(SPECIES, w[w0 + t]), a0);
            a1 = xv.fma(FloatVector.broadcast(SPECIES, w[w1 + t]), a1);
            a2 = xv.fma(FloatVector.broadcast(SPECIES, w[w2 + t]), a2);
            a3 = xv.fma(FloatVector.broadcast(SPECIES, w[w3 + t]), a3);
        }
        int y0 = o * yld + yb + f;
        a0.intoArray(yT, y0);
        a1.intoArray(yT, y0 + yld);
        a2.intoArray(yT, y0 + 2 * yld);
        a3.intoArray(yT, y0 + 3 * yld);
    }

    /**
     * Outputs o, o+1 (one group) × four vectors of frequencies from f: eight chains, each loaded
     * input vector feeding two of them. For groups whose size is not a multiple of four (Tiny's
     * 6 channels) the last two outputs of a group ran one at a time (one multiply-add per load).
     */
    private static void shared2x4(int cg, int k, int taps, float[] xT, int ld, int[] off, int ob, float[] w,
            float[] bias, float[] yT, int yld, int yb, int o, int f) {
        int in0 = (o / cg) * cg * ld + f, w0 = o * taps, w1 = w0 + taps;
        FloatVector a00 = FloatVector.broadcast(SPECIES, bias[o]), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = FloatVector.broadcast(SPECIES, bias[o + 1]), a11 = a10, a12 = a10, a13 = a10;
        for (int t = 0; t < taps; t++) {
            int ci = t / k;
            int s = in0 + ci * ld + off[ob + t - ci * k];
            FloatVector x0 = FloatVector.fromArray(SPECIES, xT, s);
            FloatVector x1 = FloatVector.fromArray(SPECIES, xT, s + LANES);
            FloatVector x2 = FloatVector.fromArray(SPECIES, xT, s + 2 * LANES);
            FloatVector x3 = FloatVector.fromArray(SPECIES, xT, s + 3 * LANES);
            FloatVector wv = FloatVector.broadcast(SPECIES, w[w0 + t]);
            a00 = x0.fma(wv, a00);
            a01 = x1.fma(wv, a01);
            a02 = x2.fma(wv, a02);
            a03 = x3.fma(wv, a03);
            wv = FloatVector.broadcast(SPECIES, w[w1 + t]);
            a10 = x0.fma(wv, a10);
            a11 = x1.fma(wv, a11);
            a12 = x2.fma(wv, a12);
            a13 = x3.fma(wv, a13);
        }
        int y0 = o * yld + yb + f, y1 = y0 + yld;
        a00.intoArray(yT, y0);
        a01.intoArray(yT, y0 + LANES);
        a02.intoArray(yT, y0 + 2 * LANES);
        a03.intoArray(yT, y0 + 3 * LANES);
        a10.intoArray(yT, y1);
        a11.intoArray(yT, y1 + LANES);
        a12.intoArray(yT, y1 + 2 * LANES);
        a13.intoArray(yT, y1 + 3 * LANES);
    }

    /** Output o × four vectors of frequencies from f. */
    private static void wide1(int cg, int k, int taps, float[] xT, int ld, int[] off, int ob, float[] w,
            float[] bias, float[] yT, int yld, int yb, int o, int f) {
        int in0 = (o / cg) * cg * ld + f, wo = o * taps, yo = o * yld + yb + f;
        FloatVector a0 = FloatVector.broadcast(SPECIES, bias[o]), a1 = a0, a2 = a0, a3 = a0;
        for (int t = 0; t < taps; t++) {
            int ci = t / k;
            int s = in0 + ci * ld + off[ob + t - ci * k];
            FloatVector wv = FloatVector.broadcast(SPECIES, w[wo + t]);
            a0 = FloatVector.fromArray(SPECIES, xT, s).fma(wv, a0);
            a1 = FloatVector.fromArray(SPECIES, xT, s + LANES).fma(wv, a1);
            a2 = FloatVector.fromArray(SPECIES, xT, s + 2 * LANES).fma(wv, a2);
            a3 = FloatVector.fromArray(SPECIES, xT, s + 3 * LANES).fma(wv, a3);
        }
        a0.intoArray(yT, yo);
        a1.intoArray(yT, yo + LANES);
        a2.intoArray(yT, yo + 2 * LANES);
        a3.intoArray(yT, yo + 3 * LANES);
    }

    /** Output o × one vector of frequencies from f. */
    private static void single1(int cg, int k, int taps, float[] xT, int ld, int[] off, int ob, float[] w,
            float[] bias, float[] yT, int yld, int yb, int o, int f) {
        int i0 = (o / cg) * cg * ld + f, w0 = o * taps;
        FloatVector a0 = FloatVector.broadcast(SPECIES, bias[o]);
        for (int t = 0; t < taps; t++) {
            int ci = t / k;
            a0 = FloatVector.fromArray(SPECIES, xT, i0 + ci * ld + off[ob + t - ci * k]).fma(FloatVector.broadcast(SPECIES, w[w0 + t]), a0);
        }
        a0.intoArray(yT, o * yld + yb + f);
    }
}
