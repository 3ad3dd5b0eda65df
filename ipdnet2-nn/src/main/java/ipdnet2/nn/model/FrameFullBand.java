package ipdnet2.nn.model;

import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.FastActivations;
import ipdnet2.nn.kernels.RowProduct;

import java.util.Map;

/**
 * The full-band module of ARCHITECTURE.md §3 on one frame [F'][H]:
 * x += SiLU(unsqueeze(full(SiLU(squeeze(LN(x)))))), the full-band Linear mixing the F' rows
 * (the same F'×F' weights for each of the S squeezed channels).
 */
final class FrameFullBand {
    private final int h, s, freqs, sPad, hPad;
    private final float[] gamma, beta, sqW, sqB, fullW, fullB, unW, unB;
    private final float[] norm, sq, mixed, y;

    FrameFullBand(Map<String, Tensor> p, String prefix, IPDnet2Config c, int freqs) {
        h = c.hidden();
        s = c.squeeze();
        this.freqs = freqs;
        gamma = FrameOps.param(p, prefix + "norm_full.weight", h);
        beta = FrameOps.param(p, prefix + "norm_full.bias", h);
        sPad = RowProduct.padded(s);
        hPad = RowProduct.padded(h);
        sqW = RowProduct.pack(FrameOps.param(p, prefix + "squeeze.0.weight", s, h, 1), s, h);
        sqB = RowProduct.padBias(FrameOps.param(p, prefix + "squeeze.0.bias", s), s);
        fullW = FrameOps.param(p, prefix + "full.weight", freqs, freqs);
        fullB = FrameOps.param(p, prefix + "full.bias", freqs);
        unW = RowProduct.pack(FrameOps.param(p, prefix + "unsqueeze.0.weight", h, s, 1), h, s);
        unB = RowProduct.padBias(FrameOps.param(p, prefix + "unsqueeze.0.bias", h), h);
        norm = new float[freqs * h];
        sq = new float[freqs * sPad];      // pad columns stay zero (padded weights and bias)
        mixed = new float[freqs * sPad];
        y = new float[freqs * h];
    }

    /** x[F'][H] += full-band(x). */
    void apply(float[] x) {
        FrameOps.layerNorm(x, freqs, h, gamma, beta, norm);
        RowProduct.multiply(freqs, h, norm, 0, h, sqW, sPad, sPad, sqB, sq, 0, sPad, false);
        FastActivations.silu(sq, 0, freqs * sPad);
        // mixed[f][c] = b[f] + Σ_f' W[f][f'] · sq[f'][c]: sq is already [in][out] with whole vectors
        RowProduct.multiply(freqs, freqs, fullW, 0, freqs, sq, sPad, sPad, null, mixed, 0, sPad, false);
        for (int f = 0; f < freqs; f++) {
            for (int c = 0; c < s; c++) mixed[f * sPad + c] += fullB[f];
        }
        RowProduct.multiply(freqs, s, mixed, 0, sPad, unW, hPad, h, unB, y, 0, h, false);
        FastActivations.addSilu(x, 0, y, 0, freqs * h);
    }
}
