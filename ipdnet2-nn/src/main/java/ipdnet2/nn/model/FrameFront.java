package ipdnet2.nn.model;

import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.ColumnNorm;
import ipdnet2.nn.kernels.ColumnPool;
import ipdnet2.nn.kernels.FastActivations;
import ipdnet2.nn.kernels.FreqConvKernel;
import ipdnet2.nn.kernels.RowArithmetic;
import ipdnet2.nn.kernels.RowProduct;
import ipdnet2.nn.layers.LayerNorm;

import java.util.Arrays;
import java.util.Map;

/**
 * The per-frame start of the network for inference: the encoder (ARCHITECTURE.md §3 step 2)
 * and layer 0's modules before its Mamba blocks (step 3: fconv1, pool F by 2, full-band,
 * fconv2, pool F by N/2), on one frame at a time in channel-major layout [H][F].
 *
 * <p>Why a separate path: these modules see every frame independently and run at the full 256
 * frequencies, where the [B, F, T, H] tensors of the training path are several megabytes each
 * and every module reads and writes them whole (LayerNorm, convolution, PReLU, pooling, the
 * transpositions between them). Here a frame's activations (48 KB for Tiny) stay in the core's
 * caches from the encoder to the pooled bands, and in channel-major layout every module is
 * vectorised over frequencies with no transposition: LayerNorm over channels is a vertical sum of
 * rows ({@link ColumnNorm}), the grouped convolution along F reads contiguous runs
 * ({@link FreqConvKernel}), and the encoder and the full-band products are products whose
 * vectorised operand is the activations ({@link RowProduct}, weights broadcast).
 *
 * <p>The weights are read at construction. Instances share them; each thread needs its own
 * {@link Work}. Results equal the training path's to float rounding (sums run in another order).
 */
final class FrameFront {
    private final int c, f, h, encK, k, groups, half, bands, s, secondPool;
    private final int ldF, ldHalf, ldNorm;
    /**
     * The first stage (F frequencies) holds its columns in two phases, even frequencies then odd
     * ones, so that pooling by 2 adds the two halves (no de-interleaving; ARCHITECTURE.md §3's
     * pooling after fconv1). Its convolution reads tap j of output column i of phase p at
     * {@code tapOff[p·k + j] + i} in the normalised frame, whose two phases are each padded by
     * {@code phasePad} zero columns per side ({@code phaseWidth} columns in all).
     */
    private final int phasePad, phaseWidth;
    private final int[] tapOff;
    private final float[] encW, encB;
    private final float[] g1, b1, w1, bias1, slope1, g2, b2, w2, bias2, slope2;
    private final float[] gFull, bFull, sqW, sqB, fullWT, fullB, unW, unB;

    /** Per-thread scratch of {@link #frame}. */
    final class Work {
        final float[] x = new float[h * ldF];
        /** LayerNorm outputs of all three stages, each in its own row layout (pads zeroed per use). */
        final float[] norm = new float[h * ldNorm];
        final float[] conv = new float[h * f];
        final float[] sq = new float[s * ldHalf];
        final float[] mixed = new float[s * ldHalf];
        final float[] up = new float[h * ldHalf];
    }

    FrameFront(Map<String, Tensor> p, IPDnet2Config config) {
        c = config.inputChannels();
        f = config.freqs();
        h = config.hidden();
        encK = config.encoderKernel();
        k = config.freqKernel();
        groups = config.convGroups();
        half = config.freqsAfterFirstPool();
        bands = config.compressedFreqs();
        s = config.squeeze();
        secondPool = config.freqCompression() / 2;
        // One vector more than the rows need: at F = 256 rows 1 KB apart would put all the
        // channels of one column into 4 of the first-level cache's 64 sets (48 or 50 rows in
        // 32 ways), which the column-wise LayerNorm and the encoder's product evict from each
        // other; the extra 64 bytes spread them (Tiny's network 34.5 → 33.1–33.4 ms per 4-s clip,
        // NetworkBenchmark tiny 1 201 1 120 infer, alternating builds).
        ldF = RowProduct.padded(f) + RowProduct.LANES;
        ldHalf = RowProduct.padded(half);
        int pad = (k - 1) / 2;
        phasePad = (pad + 1) / 2;
        phaseWidth = half + 2 * phasePad;
        // rows of the widest use: the first stage's two padded phases, or the full-band's
        // LayerNorm at ldHalf (fconv2's half + k − 1 is narrower than the phases)
        ldNorm = Math.max(2 * phaseWidth, ldHalf);
        tapOff = new int[2 * k];
        for (int phase = 0; phase < 2; phase++) {
            for (int j = 0; j < k; j++) {
                int q = phase + j - pad;   // output frequency 2i + phase reads frequency 2i + q
                tapOff[phase * k + j] = Math.floorMod(q, 2) * phaseWidth + phasePad + Math.floorDiv(q, 2);
            }
        }
        // encoder weight [H][2M][k] as [H][k·2M]: tap-major, the row order of a window of frames
        float[] w = FrameOps.param(p, "encoder.weight", h, c, encK);
        encW = new float[h * encK * c];
        for (int o = 0; o < h; o++) {
            for (int j = 0; j < encK; j++) {
                for (int ch = 0; ch < c; ch++) encW[(o * encK + j) * c + ch] = w[(o * c + ch) * encK + j];
            }
        }
        encB = FrameOps.param(p, "encoder.bias", h);
        String l0 = "layers.0.";
        g1 = FrameOps.param(p, l0 + "fconv1.0.weight", h);
        b1 = FrameOps.param(p, l0 + "fconv1.0.bias", h);
        w1 = FrameOps.param(p, l0 + "fconv1.1.weight", h, h / groups, k);
        bias1 = FrameOps.param(p, l0 + "fconv1.1.bias", h);
        slope1 = FrameOps.param(p, l0 + "fconv1.2.weight", h);
        gFull = FrameOps.param(p, l0 + "norm_full.weight", h);
        bFull = FrameOps.param(p, l0 + "norm_full.bias", h);
        sqW = FrameOps.param(p, l0 + "squeeze.0.weight", s, h, 1);
        sqB = FrameOps.param(p, l0 + "squeeze.0.bias", s);
        // full[f][f'] mixes the F' inputs of each squeezed channel: packed [f'][f] it is the
        // vectorised operand of a product whose broadcast side is the squeezed activations
        fullWT = RowProduct.pack(FrameOps.param(p, l0 + "full.weight", half, half), half, half);
        fullB = RowProduct.padBias(FrameOps.param(p, l0 + "full.bias", half), half);
        unW = FrameOps.param(p, l0 + "unsqueeze.0.weight", h, s, 1);
        unB = FrameOps.param(p, l0 + "unsqueeze.0.bias", h);
        g2 = FrameOps.param(p, l0 + "fconv2.0.weight", h);
        b2 = FrameOps.param(p, l0 + "fconv2.0.bias", h);
        w2 = FrameOps.param(p, l0 + "fconv2.1.weight", h, h / groups, k);
        bias2 = FrameOps.param(p, l0 + "fconv2.1.bias", h);
        slope2 = FrameOps.param(p, l0 + "fconv2.2.weight", h);
    }

    Work newWork() {
        return new Work();
    }

    /**
     * Floats of one input frame in a window: [2M][ld] with ld = F rounded up to whole vectors plus
     * one (the pad columns zero), so the encoder's product reads whole vectors. Each row holds the
     * even frequencies then the odd ones ({@link #column}).
     */
    int frameSize() {
        return c * ldF;
    }

    /** Row stride of an input frame's channels in a window (see {@link #frameSize}). */
    int frameStride() {
        return ldF;
    }

    /** Position of frequency fr in a row of a window frame: the even ones first, then the odd ones. */
    int column(int fr) {
        return (fr & 1) * half + (fr >> 1);
    }

    /**
     * Writes one frame of features [2M][F] (network order, as {@code IPDnet2} takes them) into
     * a window frame at {@code off}: rows of {@link #frameStride}, columns by {@link #column}.
     */
    void putFrame(float[] features, float[] window, int off) {
        for (int ch = 0; ch < c; ch++) {
            int src = ch * f, dst = off + ch * ldF;
            for (int fr = 0; fr < f; fr += 2) {
                int m = fr >> 1;
                window[dst + m] = features[src + fr];
                window[dst + half + m] = features[src + fr + 1];
            }
        }
    }

    /**
     * One frame: {@code window} holds the encoder's k input frames [k][2M][ld] from {@code off}
     * ({@link #frameSize} floats each), oldest first, zeros before the first frame of a clip;
     * the F/N compressed bands [F/N][H] are written to {@code out}, band j's H values from
     * {@code outOff + j·bandStride}.
     */
    void frame(float[] window, int off, Work w, float[] out, int outOff, int bandStride) {
        float[] x = w.x;
        // encoder (§3 step 2): x[H][F] = b + W[H][k·2M] · window[k·2M][F], in the window's
        // two-phase column order (every column is independent)
        for (int o = 0; o < h; o++) Arrays.fill(x, o * ldF, o * ldF + f, encB[o]);
        RowProduct.multiply(h, encK * c, encW, 0, encK * c, window, off, ldF, f, null, x, 0, ldF, true);
        firstConv(w);
        ColumnPool.halves(x, ldF, h, half, x, ldHalf);   // frequencies 2m and 2m+1 → m, in natural order
        fullBand(w);
        secondConv(w);
        ColumnPool.transposed(x, ldHalf, h, half, secondPool, out, outOff, bandStride);
    }

    /**
     * fconv1 on the two-phase first stage: LayerNorm of each phase into its padded run of the
     * normalised frame, the phased convolution, PReLU and the residual add.
     */
    private void firstConv(Work w) {
        float[] norm = w.norm;
        for (int p = 0; p < 2; p++) {
            int run = p * phaseWidth;
            ColumnNorm.normalize(w.x, p * half, ldF, h, half, LayerNorm.EPS, g1, b1, norm, run + phasePad, ldNorm);
            for (int o = 0; o < h; o++) {
                int r = o * ldNorm + run;
                Arrays.fill(norm, r, r + phasePad, 0f);
                Arrays.fill(norm, r + phasePad + half, r + phaseWidth, 0f);
            }
        }
        FreqConvKernel.applyPhased(h, groups, k, 2, half, norm, ldNorm, tapOff, w1, bias1, w.conv);
        FastActivations.prelu(w.conv, h, f, slope1);
        for (int o = 0; o < h; o++) RowArithmetic.add(w.x, o * ldF, w.conv, o * f, f);
    }

    /**
     * fconv2 on the F/2 pooled columns (natural order): the normalised frame goes into the
     * zero-padded buffer the convolution reads, and PReLU and the residual add run row by row.
     */
    private void secondConv(Work w) {
        int ld = half + k - 1, pad = (k - 1) / 2;
        float[] norm = w.norm;
        ColumnNorm.normalize(w.x, 0, ldHalf, h, half, LayerNorm.EPS, g2, b2, norm, pad, ld);
        for (int o = 0; o < h; o++) {
            // the columns past this width's padding hold the first stage's values: zero them
            Arrays.fill(norm, o * ld, o * ld + pad, 0f);
            Arrays.fill(norm, o * ld + pad + half, (o + 1) * ld, 0f);
        }
        FreqConvKernel.apply(h, groups, k, half, norm, ld, w2, bias2, w.conv);
        FastActivations.prelu(w.conv, h, half, slope2);
        for (int o = 0; o < h; o++) RowArithmetic.add(w.x, o * ldHalf, w.conv, o * half, half);
    }

    /** x += SiLU(unsqueeze(full(SiLU(squeeze(LN(x)))))) on the F/2 columns of layer 0. */
    private void fullBand(Work w) {
        float[] x = w.x, norm = w.norm, sq = w.sq, mixed = w.mixed, up = w.up;
        ColumnNorm.normalize(x, 0, ldHalf, h, half, LayerNorm.EPS, gFull, bFull, norm, 0, ldHalf);
        for (int j = 0; j < s; j++) Arrays.fill(sq, j * ldHalf, j * ldHalf + half, sqB[j]);
        RowProduct.multiply(s, h, sqW, 0, h, norm, 0, ldHalf, half, null, sq, 0, ldHalf, true);
        FastActivations.silu(sq, 0, s * ldHalf);
        RowProduct.multiply(s, half, sq, 0, ldHalf, fullWT, 0, ldHalf, half, fullB, mixed, 0, ldHalf, false);
        for (int o = 0; o < h; o++) Arrays.fill(up, o * ldHalf, o * ldHalf + half, unB[o]);
        RowProduct.multiply(h, s, unW, 0, s, mixed, 0, ldHalf, half, null, up, 0, ldHalf, true);
        for (int o = 0; o < h; o++) FastActivations.addSilu(x, o * ldHalf, up, o * ldHalf, half);
    }
}
