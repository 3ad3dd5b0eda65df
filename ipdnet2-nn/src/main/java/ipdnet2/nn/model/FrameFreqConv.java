package ipdnet2.nn.model;

import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.FastActivations;
import ipdnet2.nn.kernels.FreqConvKernel;
import ipdnet2.nn.kernels.RowNorm;

import java.util.Map;

/**
 * The cross-band module x += PReLU(GConv_F(LN_H(x))) of ARCHITECTURE.md §3 on one frame
 * [F][H]: the LayerNorm writes its output channel-major with zero 'same' padding along F, the
 * grouped convolution runs vectorised over frequencies ({@link FreqConvKernel}), and PReLU and
 * the residual add go back to the frame's [F][H] layout in one pass.
 */
final class FrameFreqConv {
    private final int h, k, groups, pad, ld;
    private final float[] gamma, beta, w, bias, slope;
    private final float[] normT, yT;

    FrameFreqConv(Map<String, Tensor> p, String prefix, IPDnet2Config c, int maxFreqs) {
        h = c.hidden();
        k = c.freqKernel();
        groups = c.convGroups();
        pad = (k - 1) / 2;
        gamma = FrameOps.param(p, prefix + "0.weight", h);
        beta = FrameOps.param(p, prefix + "0.bias", h);
        w = FrameOps.param(p, prefix + "1.weight", h, h / groups, k);
        bias = FrameOps.param(p, prefix + "1.bias", h);
        slope = FrameOps.param(p, prefix + "2.weight", h);
        ld = maxFreqs + k - 1;
        normT = new float[h * ld];   // pad columns stay zero: rows are written only in [pad, pad + freqs)
        yT = new float[h * maxFreqs];
    }

    /** x[freqs][H] += PReLU(conv(LN(x))). */
    void apply(float[] x, int freqs) {
        int stride = freqs + k - 1;
        RowNorm.normalizeTransposed(x, freqs, h, ipdnet2.nn.layers.LayerNorm.EPS, gamma, beta, normT, stride, pad);
        FreqConvKernel.apply(h, groups, k, freqs, normT, stride, w, bias, yT);
        FastActivations.prelu(yT, h, freqs, slope);
        // residual add back in [F][H], a block of rows at a time (see FrameOps.TILE)
        for (int f0 = 0; f0 < freqs; f0 += FrameOps.TILE) {
            int f1 = Math.min(freqs, f0 + FrameOps.TILE);
            for (int f = f0; f < f1; f++) {
                int xo = f * h;
                for (int o = 0, yo = f; o < h; o++, yo += freqs) x[xo + o] += yT[yo];
            }
        }
    }
}
