package ipdnet2.nn.model;

import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.Gemm;

import java.util.Arrays;
import java.util.Map;

/**
 * The cross-band module x += PReLU(GConv_F(LN_H(x))) of ARCHITECTURE.md §3 on one frame
 * [F][H]: the grouped 'same' convolution along F is one product per group of the frame's
 * shifted rows (gathered into [F][k·H/g]) with the weights repacked to [k·H/g][H/g].
 */
final class FrameFreqConv {
    private final int h, k, groups, hg;
    private final float[] gamma, beta, bias, slope;
    private final float[][] packed;   // per group: [(tap·Hg + ci)][co]
    private final float[] norm, col, y;

    FrameFreqConv(Map<String, Tensor> p, String prefix, IPDnet2Config c, int maxFreqs) {
        h = c.hidden();
        k = c.freqKernel();
        groups = c.convGroups();
        hg = h / groups;
        gamma = FrameOps.param(p, prefix + "0.weight", h);
        beta = FrameOps.param(p, prefix + "0.bias", h);
        float[] w = FrameOps.param(p, prefix + "1.weight", h, hg, k);
        bias = FrameOps.param(p, prefix + "1.bias", h);
        slope = FrameOps.param(p, prefix + "2.weight", h);
        packed = new float[groups][k * hg * hg];
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < k; j++) {
                for (int ci = 0; ci < hg; ci++) {
                    for (int co = 0; co < hg; co++) {
                        packed[g][(j * hg + ci) * hg + co] = w[((g * hg + co) * hg + ci) * k + j];
                    }
                }
            }
        }
        norm = new float[maxFreqs * h];
        col = new float[maxFreqs * k * hg];
        y = new float[maxFreqs * h];
    }

    /** x[freqs][H] += PReLU(conv(LN(x))). */
    void apply(float[] x, int freqs) {
        FrameOps.layerNorm(x, freqs, h, gamma, beta, norm);
        int pad = (k - 1) / 2, kc = k * hg;
        for (int g = 0; g < groups; g++) {
            for (int f = 0; f < freqs; f++) {
                for (int j = 0; j < k; j++) {
                    int src = f + j - pad;
                    int dst = f * kc + j * hg;
                    if (src < 0 || src >= freqs) Arrays.fill(col, dst, dst + hg, 0f);
                    else System.arraycopy(norm, src * h + g * hg, col, dst, hg);
                }
            }
            Gemm.gemm(false, false, freqs, hg, kc, col, 0, kc, packed[g], 0, hg, y, g * hg, h, false);
        }
        FrameOps.addRowBias(y, freqs, h, bias);
        FrameOps.prelu(y, freqs, h, slope);
        FrameOps.addInPlace(x, y, freqs * h);
    }
}
