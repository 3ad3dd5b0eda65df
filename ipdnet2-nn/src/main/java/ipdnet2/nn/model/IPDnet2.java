package ipdnet2.nn.model;

import ipdnet2.nn.ArrayPool;
import ipdnet2.nn.Conv1dOp.Padding;
import ipdnet2.nn.Layout;
import ipdnet2.nn.NoGrad;
import ipdnet2.nn.Pointwise;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.layers.Conv1d;
import ipdnet2.nn.layers.Linear;
import ipdnet2.nn.layers.Module;

import java.util.Arrays;

/**
 * The IPDnet2 network (ARCHITECTURE.md §3): the online SpatialNet backbone with frequency and
 * time pooling, mapping STFT features [B, 2M, F, T] to direct-path IPD estimates
 * [B, T', 2F, M−1, K] (T' = ⌊T / ratio⌋; last axis the track). Parameter names equal the
 * published PyTorch state_dict keys, so its checkpoints load as they are ({@link Weights}).
 */
public final class IPDnet2 extends Module {
    private final IPDnet2Config config;
    private final Conv1d encoder;
    private final SpatialNetLayer[] layers;
    private final Conv1d freqInverse;
    private final Linear decoder;

    /** A network with PyTorch-default initial values drawn from {@code seed} (§3 "Initialisation"). */
    public IPDnet2(IPDnet2Config config, long seed) {
        this(config);
        initialize(seed);
    }

    /** A network whose parameters are still to be loaded (LayerNorm 1/0, PReLU 0.25, the rest 0). */
    public IPDnet2(IPDnet2Config config) {
        this.config = config;
        int h = config.hidden();
        // Causal conv along T, 4 frames of left zero padding, the same for every frequency (step 2).
        encoder = addModule("encoder", new Conv1d(config.inputChannels(), h, config.encoderKernel(), 1,
                Padding.CAUSAL, true, SpatialNetLayer.AXIS_T));
        Module list = addModule("layers", new Module());
        layers = new SpatialNetLayer[config.layers()];
        for (int l = 0; l < layers.length; l++) {
            int fullFreqs = l == 0 ? config.freqsAfterFirstPool() : config.compressedFreqs();
            layers[l] = list.addModule(Integer.toString(l), new SpatialNetLayer(config, l == 0, fullFreqs));
        }
        // Step 4: one 1×1 conv H → N·D shared by the F/N compressed bands.
        Module inverse = addModule("freq_inverse", new Module());
        freqInverse = inverse.addModule("trans2", new Conv1d(h, config.freqCompression() * config.outputDim(),
                1, 1, Padding.SAME, true, SpatialNetLayer.AXIS_T));
        decoder = addModule("decoder", new Linear(config.outputDim(), config.outputDim(), true));
    }

    public IPDnet2Config config() {
        return config;
    }

    /**
     * @param input features [B, 2M, F, T] (real parts of the M mics, then imaginary parts)
     * @return [B, ⌊T/ratio⌋, 2F, M−1, K]
     */
    public Tensor forward(Tensor input) {
        int[] s = input.shape();
        if (s.length != 4 || s[1] != config.inputChannels() || s[2] != config.freqs()) {
            throw new IllegalArgumentException("IPDnet2 input " + Arrays.toString(s) + " must be [B, "
                    + config.inputChannels() + ", " + config.freqs() + ", T]");
        }
        if (s[3] < config.timePoolRatio()) {
            throw new IllegalArgumentException("IPDnet2 input has " + s[3] + " frames; at least "
                    + config.timePoolRatio() + " are needed for one output frame");
        }
        Tensor x;
        if (NoGrad.recording()) {
            Tensor channelsLast = Layout.permute(input, 0, 2, 3, 1);
            x = encoder.forward(channelsLast);                           // [B, F, T, H]
            ArrayPool.release(channelsLast);
            x = layers[0].forward(x);
        } else {
            x = layers[0].narrowBands(frameFront(input));               // [B, F/N, T, H]
        }
        for (int l = 0; l < layers.length; l++) {
            if (l > 0) x = layers[l].forward(x);
            if (l == config.timePoolLayer()) x = SpatialNetLayer.pooled(x, SpatialNetLayer.AXIS_T, config.timePoolRatio());
        }
        return head(x);
    }

    /**
     * Inference's route through the encoder and layer 0's per-frame modules ({@link FrameFront},
     * one frame at a time in the core's caches): [B, 2M, F, T] → [B, F/N, T, H]. The input is
     * first rearranged frame-major, [B][k−1 zero frames + T][2M][F] (frequencies in FrameFront's
     * column order), so that the encoder's window of k frames for frame t is one contiguous block;
     * frames run in parallel chunks.
     */
    private Tensor frameFront(Tensor input) {
        FrameFront front = new FrameFront(namedParameters(), config);
        int b = input.size(0), c = input.size(1), f = input.size(2), t = input.size(3);
        int k = config.encoderKernel(), h = config.hidden(), bands = config.compressedFreqs();
        int frame = front.frameSize(), ld = front.frameStride(), padded = t + k - 1;
        float[] in = input.data(), windows = new float[b * padded * frame];
        for (int bi = 0; bi < b; bi++) {
            for (int ch = 0; ch < c; ch++) {
                for (int fr = 0; fr < f; fr++) {
                    int src = ((bi * c + ch) * f + fr) * t;
                    int dst = (bi * padded + k - 1) * frame + ch * ld + front.column(fr);
                    for (int ti = 0; ti < t; ti++, dst += frame) windows[dst] = in[src + ti];
                }
            }
        }
        float[] out = new float[b * bands * t * h];
        Parallel.forRange(b * t, 4, (from, to) -> {
            FrameFront.Work work = front.newWork();
            for (int i = from; i < to; i++) {
                int bi = i / t, ti = i % t;
                front.frame(windows, (bi * padded + ti) * frame, work, out, (bi * bands * t + ti) * h, t * h);
            }
        });
        return Tensor.of(out, b, bands, t, h);
    }

    /** Inference's head ({@link FrameHead}), one output frame at a time: the same values as {@link #head}'s ops. */
    private Tensor frameHead(Tensor x) {
        FrameHead head = new FrameHead(namedParameters(), config);
        int b = x.size(0), bands = x.size(1), t = x.size(2), h = x.size(3), size = head.outputSize();
        float[] in = x.data(), out = new float[b * t * size];
        Parallel.forRange(b * t, 4, (from, to) -> {
            FrameHead.Work work = head.newWork();
            for (int i = from; i < to; i++) {
                int bi = i / t, ti = i % t;
                head.apply(in, (bi * bands * t + ti) * h, t * h, work, out, i * size);
            }
        });
        return Tensor.of(out, b, t, 2 * config.freqs(), config.mics() - 1, config.tracks());
    }

    /**
     * Steps 4–6: [B, F/N, T', H] → frequency inverse (band j, channel o·N + n → frequency j·N + n,
     * dim o), tanh, decoder, then the published output ordering.
     */
    Tensor head(Tensor x) {
        if (!NoGrad.recording()) return frameHead(x);
        int b = x.size(0), bands = x.size(1), t = x.size(2);
        int n = config.freqCompression(), d = config.outputDim(), f = config.freqs();
        Tensor y = freqInverse.forward(x);                                       // [B, F/N, T', D·N]
        y = Layout.reshape(y, b, bands, t, d, n);                                // c = o·N + n
        y = Layout.permute(y, 0, 1, 4, 2, 3);                                    // [B, F/N, N, T', D]
        y = Pointwise.tanh(Layout.reshape(y, b, f, t, d));                       // [B, F, T', D]
        y = decoder.forward(y);
        // The published ordering [B, F, T', D] → [B, T', F, K, D/K] → [B, T', K, F, D/K] →
        // [B, T', K, 2F, M−1] → [B, T', 2F, M−1, K] sends decoder output d = (k·2 + h)·(M−1) + m
        // of frequency f to (t, 2f + h, m, k): one permute of the [B, F, T', K, 2, M−1] view.
        int k = config.tracks(), pairs = config.mics() - 1;
        y = Layout.permute(Layout.reshape(y, b, f, t, k, 2, pairs), 0, 2, 1, 4, 5, 3);
        return Layout.reshape(y, b, t, 2 * f, pairs, k);
    }
}
