package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The grouped 'same' convolution along frequency of one streamed frame, computed channel-major:
 * input {@code xT} [C][ld] holds each channel's F values from offset {@code pad} with
 * {@code pad} = (k−1)/2 zeros on both sides, output {@code yT} [C][F]. Vectors run over
 * frequencies, so every weight is one broadcast multiplied into contiguous input runs: no
 * gathering of shifted rows, no packing, and groups narrower than a vector cost nothing extra.
 * The taps (ci, j) run as one flat loop: nested short loops around vector accumulators compiled
 * more than ten times slower.
 * <pre>
 *   yT[o][f] = bias[o] + Σ_ci Σ_j W[o][ci][j] · xT[g(o)·C/groups + ci][f + j]
 * </pre>
 * with W in PyTorch's layout [C][C/groups][k]. Each output is one chain of fused multiply-adds
 * in the order (ci, j), from the bias.
 */
public final class FreqConvKernel {
    private static final VectorSpecies<Float> SPECIES = FastExp.SPECIES;
    private static final int LANES = SPECIES.length();

    private FreqConvKernel() {}

    public static void apply(int c, int groups, int k, int freqs, float[] xT, int ld, float[] w,
            float[] bias, float[] yT) {
        int cg = c / groups, taps = cg * k;
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
            for (; f + LANES <= freqs; f += LANES) {
                FloatVector a0 = FloatVector.broadcast(SPECIES, b);
                for (int t = 0; t < taps; t++) {
                    int ci = t / k;
                    int s = in0 + ci * ld + f + (t - ci * k);
                    a0 = FloatVector.fromArray(SPECIES, xT, s).fma(FloatVector.broadcast(SPECIES, w[wo + t]), a0);
                }
                a0.intoArray(yT, yo + f);
            }
            for (; f < freqs; f++) {
                float acc = b;
                for (int ci = 0; ci < cg; ci++) {
                    int row = in0 + ci * ld + f;
                    for (int j = 0; j < k; j++) acc = Math.fma(xT[row + j], w[wo + ci * k + j], acc);
                }
                yT[yo + f] = acc;
            }
        }
    }
}
