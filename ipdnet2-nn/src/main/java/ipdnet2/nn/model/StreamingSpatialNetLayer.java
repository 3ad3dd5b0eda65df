package ipdnet2.nn.model;

import ipdnet2.nn.Tensor;

import java.util.Map;

/**
 * One SpatialNet layer (ARCHITECTURE.md §3 step 3) advanced by one frame: the per-frame
 * cross-band and full-band modules, then the two Mamba blocks stepped once along time for every
 * compressed band. Layer 0 also pools F by 2 and by N/2 like {@link SpatialNetLayer}.
 */
final class StreamingSpatialNetLayer {
    private final boolean first;
    private final int h, inFreqs, midFreqs, outFreqs, secondPool;
    private final FrameFreqConv fconv1, fconv2;
    private final FrameFullBand full;
    private final float[] gMhsa, bMhsa, gFfn, bFfn;
    private final StreamingMamba mhsa, tconvffn;
    private final float[] norm, scratch;

    StreamingSpatialNetLayer(Map<String, Tensor> p, String prefix, IPDnet2Config c, boolean first) {
        this.first = first;
        h = c.hidden();
        inFreqs = first ? c.freqs() : c.compressedFreqs();
        midFreqs = first ? c.freqsAfterFirstPool() : c.compressedFreqs();
        outFreqs = c.compressedFreqs();
        secondPool = c.freqCompression() / 2;
        fconv1 = new FrameFreqConv(p, prefix + "fconv1.", c, inFreqs);
        full = new FrameFullBand(p, prefix, c, midFreqs);
        fconv2 = new FrameFreqConv(p, prefix + "fconv2.", c, midFreqs);
        gMhsa = FrameOps.param(p, prefix + "norm_mhsa.weight", h);
        bMhsa = FrameOps.param(p, prefix + "norm_mhsa.bias", h);
        mhsa = new StreamingMamba(p, prefix + "mhsa.", c, outFreqs);
        gFfn = FrameOps.param(p, prefix + "norm_tconvffn.weight", h);
        bFfn = FrameOps.param(p, prefix + "norm_tconvffn.bias", h);
        tconvffn = new StreamingMamba(p, prefix + "tconvffn.", c, outFreqs);
        norm = new float[outFreqs * h];
        scratch = new float[inFreqs * h];
    }

    void reset() {
        mhsa.reset();
        tconvffn.reset();
    }

    /** Advances one frame in place: x holds [F][H] on entry (F = 256 for layer 0) and [F/N][H] on exit. */
    void step(float[] x) {
        fconv1.apply(x, inFreqs);
        if (first) FrameOps.poolRows(x, inFreqs, h, 2, scratch);
        full.apply(x);
        fconv2.apply(x, midFreqs);
        if (first) FrameOps.poolRows(x, midFreqs, h, secondPool, scratch);
        FrameOps.layerNorm(x, outFreqs, h, gMhsa, bMhsa, norm);
        mhsa.step(norm, x);
        FrameOps.layerNorm(x, outFreqs, h, gFfn, bFfn, norm);
        tconvffn.step(norm, x);
    }
}
