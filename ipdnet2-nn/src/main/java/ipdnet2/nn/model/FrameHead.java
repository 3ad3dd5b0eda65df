package ipdnet2.nn.model;

import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.FastActivations;
import ipdnet2.nn.kernels.RowProduct;

import java.util.Map;

/**
 * The network's head (ARCHITECTURE.md §3 steps 4–6) on one output frame, for inference: the
 * frequency inverse of the compressed bands, tanh, the decoder, and the published output order,
 * each an index mapping written out directly (the training path builds it from reshapes and
 * permutations of the whole tensor). Used by {@link IPDnet2} without a graph and by
 * {@link StreamingIPDnet2}. The weights are read at construction; each thread needs its own
 * {@link Work}.
 */
final class FrameHead {
    private final int h, bands, n, d, f, tracks;
    private final float[] invW, invB, decW, decB;

    /** Per-thread scratch of {@link #apply}. */
    final class Work {
        final float[] inv = new float[bands * n * d];
        final float[] spec = new float[f * d];
        final float[] dec = new float[f * d];
    }

    FrameHead(Map<String, Tensor> p, IPDnet2Config config) {
        h = config.hidden();
        bands = config.compressedFreqs();
        n = config.freqCompression();
        d = config.outputDim();
        f = config.freqs();
        tracks = config.tracks();
        invW = RowProduct.pack(FrameOps.param(p, "freq_inverse.trans2.weight", n * d, h, 1), n * d, h);
        invB = RowProduct.padBias(FrameOps.param(p, "freq_inverse.trans2.bias", n * d), n * d);
        decW = RowProduct.pack(FrameOps.param(p, "decoder.weight", d, d), d, d);
        decB = RowProduct.padBias(FrameOps.param(p, "decoder.bias", d), d);
    }

    Work newWork() {
        return new Work();
    }

    /** Values of one output frame: 2F·(M−1)·K. */
    int outputSize() {
        return f * d;
    }

    /**
     * One output frame from the bands x (band j's H values at {@code xOff + j·bandStride}) into
     * {@code out[outOff ...]}, laid out [2F][M−1][K].
     */
    void apply(float[] x, int xOff, int bandStride, Work w, float[] out, int outOff) {
        int nd = n * d;
        float[] inv = w.inv, spec = w.spec, dec = w.dec;
        RowProduct.multiply(bands, h, x, xOff, bandStride, invW, RowProduct.padded(nd), nd, invB, inv, 0, nd, false);
        FastActivations.tanh(inv, 0, bands * nd);
        // channel o·N + s of band j → frequency j·N + s, dim o
        for (int j = 0; j < bands; j++) {
            for (int o = 0; o < d; o++) {
                for (int s = 0; s < n; s++) spec[(j * n + s) * d + o] = inv[j * nd + o * n + s];
            }
        }
        RowProduct.multiply(f, d, spec, 0, d, decW, RowProduct.padded(d), d, decB, dec, 0, d, false);
        // [F][K][2(M−1)] → [2F][M−1][K]: value r of track k at frequency f goes to (f·2(M−1) + r)·K + k.
        int per = d / tracks;
        for (int fr = 0; fr < f; fr++) {
            for (int t = 0; t < tracks; t++) {
                for (int r = 0; r < per; r++) out[outOff + (fr * per + r) * tracks + t] = dec[fr * d + t * per + r];
            }
        }
    }
}
