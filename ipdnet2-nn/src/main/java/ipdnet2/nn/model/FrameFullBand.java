package ipdnet2.nn.model;

import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.Gemm;

import java.util.Map;

/**
 * The full-band module of ARCHITECTURE.md §3 on one frame [F'][H]:
 * x += SiLU(unsqueeze(full(SiLU(squeeze(LN(x)))))), the full-band Linear mixing the F' rows
 * (the same F'×F' weights for each of the S squeezed channels).
 */
final class FrameFullBand {
    private final int h, s, freqs;
    private final float[] gamma, beta, sqW, sqB, fullW, fullB, unW, unB;
    private final float[] norm, sq, mixed, y;

    FrameFullBand(Map<String, Tensor> p, String prefix, IPDnet2Config c, int freqs) {
        h = c.hidden();
        s = c.squeeze();
        this.freqs = freqs;
        gamma = FrameOps.param(p, prefix + "norm_full.weight", h);
        beta = FrameOps.param(p, prefix + "norm_full.bias", h);
        sqW = FrameOps.transposed(FrameOps.param(p, prefix + "squeeze.0.weight", s, h, 1), s, h);
        sqB = FrameOps.param(p, prefix + "squeeze.0.bias", s);
        fullW = FrameOps.param(p, prefix + "full.weight", freqs, freqs);
        fullB = FrameOps.param(p, prefix + "full.bias", freqs);
        unW = FrameOps.transposed(FrameOps.param(p, prefix + "unsqueeze.0.weight", h, s, 1), h, s);
        unB = FrameOps.param(p, prefix + "unsqueeze.0.bias", h);
        norm = new float[freqs * h];
        sq = new float[freqs * s];
        mixed = new float[freqs * s];
        y = new float[freqs * h];
    }

    /** x[F'][H] += full-band(x). */
    void apply(float[] x) {
        FrameOps.layerNorm(x, freqs, h, gamma, beta, norm);
        FrameOps.linear(norm, 0, h, freqs, h, sqW, sqB, s, sq);
        FrameOps.silu(sq, freqs * s);
        // mixed[f][c] = b[f] + Σ_f' W[f][f'] · sq[f'][c]
        Gemm.gemm(false, false, freqs, s, freqs, fullW, 0, freqs, sq, 0, s, mixed, 0, s, false);
        for (int f = 0; f < freqs; f++) {
            for (int c = 0; c < s; c++) mixed[f * s + c] += fullB[f];
        }
        FrameOps.linear(mixed, 0, s, freqs, s, unW, unB, h, y);
        FrameOps.silu(y, freqs * h);
        FrameOps.addInPlace(x, y, freqs * h);
    }
}
