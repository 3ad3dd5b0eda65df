package ipdnet2.nn.kernels;

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
 * in the order (ci, j), from the bias; the vector form ({@link VectorFreqConvKernel}, used when
 * {@link VectorSupport#ENABLED}) and the plain loop here build the same chains, bitwise equal.
 */
public final class FreqConvKernel {
    private FreqConvKernel() {}

    public static void apply(int c, int groups, int k, int freqs, float[] xT, int ld, float[] w,
            float[] bias, float[] yT) {
        if (VectorSupport.ENABLED) {
            VectorFreqConvKernel.apply(c, groups, k, freqs, xT, ld, w, bias, yT);
            return;
        }
        int cg = c / groups, taps = cg * k;
        for (int o = 0; o < c; o++) {
            int in0 = (o / cg) * cg * ld, wo = o * taps, yo = o * freqs;
            for (int f = 0; f < freqs; f++) {
                float acc = bias[o];
                for (int ci = 0; ci < cg; ci++) {
                    int row = in0 + ci * ld + f;
                    for (int j = 0; j < k; j++) acc = Math.fma(xT[row + j], w[wo + ci * k + j], acc);
                }
                yT[yo + f] = acc;
            }
        }
    }
}
