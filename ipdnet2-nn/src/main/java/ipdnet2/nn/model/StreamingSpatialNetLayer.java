package ipdnet2.nn.model;

import ipdnet2.nn.Tensor;

import java.util.Map;

/**
 * One SpatialNet layer (ARCHITECTURE.md §3 step 3) advanced by one frame: the per-frame
 * cross-band and full-band modules, then the two Mamba blocks stepped once along time for every
 * compressed band. For layer 0 the per-frame modules (with its pooling of F) run in
 * {@link FrameFront}, so its step is the Mamba blocks alone.
 */
final class StreamingSpatialNetLayer {
    private final boolean first;
    private final int h, freqs;
    private final FrameFreqConv fconv1, fconv2;
    private final FrameFullBand full;
    private final float[] gMhsa, bMhsa, gFfn, bFfn;
    private final StreamingMamba mhsa, tconvffn;
    private final float[] norm;

    StreamingSpatialNetLayer(Map<String, Tensor> p, String prefix, IPDnet2Config c, boolean first) {
        this.first = first;
        h = c.hidden();
        freqs = c.compressedFreqs();
        fconv1 = first ? null : new FrameFreqConv(p, prefix + "fconv1.", c, freqs);
        full = first ? null : new FrameFullBand(p, prefix, c, freqs);
        fconv2 = first ? null : new FrameFreqConv(p, prefix + "fconv2.", c, freqs);
        gMhsa = FrameOps.param(p, prefix + "norm_mhsa.weight", h);
        bMhsa = FrameOps.param(p, prefix + "norm_mhsa.bias", h);
        mhsa = new StreamingMamba(p, prefix + "mhsa.", c, freqs);
        gFfn = FrameOps.param(p, prefix + "norm_tconvffn.weight", h);
        bFfn = FrameOps.param(p, prefix + "norm_tconvffn.bias", h);
        tconvffn = new StreamingMamba(p, prefix + "tconvffn.", c, freqs);
        norm = new float[freqs * h];
    }

    void reset() {
        mhsa.reset();
        tconvffn.reset();
    }

    /** Advances one frame in place: x holds the compressed bands [F/N][H] (layer 0: FrameFront's output). */
    void step(float[] x) {
        if (!first) {
            fconv1.apply(x, freqs);
            full.apply(x);
            fconv2.apply(x, freqs);
        }
        FrameOps.layerNorm(x, freqs, h, gMhsa, bMhsa, norm);
        mhsa.step(norm, x);
        FrameOps.layerNorm(x, freqs, h, gFfn, bFfn, norm);
        tconvffn.step(norm, x);
    }
}
