package ipdnet2.nn.model;

import ipdnet2.nn.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * {@link IPDnet2} run frame by frame for live audio (ARCHITECTURE.md §3: every step along time is
 * causal). Each call of {@link #step} takes one STFT frame of features and, every
 * {@code timePoolRatio}-th frame, produces one output frame. The state has a fixed size whatever
 * the stream's length: the encoder's last k−1 input frames, per layer and Mamba block the
 * depthwise-conv tail and the [E, N] scan state of every compressed band, and the time-pooling sum.
 * No memory is allocated per frame.
 *
 * <p>Feeding the T frames of a clip from {@link #reset()} yields exactly the ⌊T/ratio⌋ output
 * frames of {@link IPDnet2#forward} on that clip (to float rounding: the same operations are
 * applied in the same order, some products are summed in another order).
 *
 * <p>The network's parameters are read (some repacked) at construction; later changes to them
 * are not guaranteed to be seen. Not thread-safe: one instance per stream.
 */
public final class StreamingIPDnet2 {
    private final IPDnet2Config config;
    private final int f, c, h, encK, bands, ratio, poolLayer, outSize;
    private final FrameFront front;
    private final FrameFront.Work frontWork;
    private final StreamingSpatialNetLayer[] layers;
    private final FrameHead head;
    private final FrameHead.Work headWork;
    private final float[] history;   // the encoder's input window (FrameFront layout), oldest frame first
    private final float[] x, poolSum;
    private int frames, pooled;

    /** A streaming view of {@code net}'s weights (the network itself is not modified). */
    public StreamingIPDnet2(IPDnet2 net) {
        config = net.config();
        Map<String, Tensor> p = net.namedParameters();
        f = config.freqs();
        c = config.inputChannels();
        h = config.hidden();
        encK = config.encoderKernel();
        bands = config.compressedFreqs();
        ratio = config.timePoolRatio();
        poolLayer = config.timePoolLayer();
        outSize = config.targetValues() * (config.mics() - 1) * config.tracks();
        front = new FrameFront(p, config);
        frontWork = front.newWork();
        layers = new StreamingSpatialNetLayer[config.layers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new StreamingSpatialNetLayer(p, "layers." + l + ".", config, l == 0);
        }
        head = new FrameHead(p, config);
        headWork = head.newWork();
        history = new float[encK * front.frameSize()];
        x = new float[bands * h];
        poolSum = new float[bands * h];
    }

    public IPDnet2Config config() {
        return config;
    }

    /** Values per output frame: 2F · (M−1) · K, laid out [2F][M−1][K] as one frame of {@link IPDnet2#forward}. */
    public int outputSize() {
        return outSize;
    }

    /** Input frames consumed since the last reset. */
    public int framesSeen() {
        return frames;
    }

    /** Back to the state before the first frame (all tails, scan states and sums zero). */
    public void reset() {
        Arrays.fill(history, 0f);
        Arrays.fill(poolSum, 0f);
        for (StreamingSpatialNetLayer l : layers) l.reset();
        frames = 0;
        pooled = 0;
    }

    /**
     * Consumes the next STFT frame.
     *
     * @param features [2M][F] flattened (real parts of the M mics, then imaginary parts; the
     *                 layout of one frame of the network input and of the streaming feature sink)
     * @param output   receives one output frame [2F][M−1][K] when this frame completes one
     * @return whether {@code output} was written
     */
    public boolean step(float[] features, float[] output) {
        if (features.length != c * f) {
            throw new IllegalArgumentException("streaming IPDnet2: a frame has " + c + "x" + f
                    + " features, got " + features.length);
        }
        if (output.length < outSize) {
            throw new IllegalArgumentException("streaming IPDnet2: output needs " + outSize
                    + " values, got " + output.length);
        }
        // the encoder and layer 0's per-frame modules, then layer 0's Mamba blocks
        int frame = front.frameSize();
        System.arraycopy(history, frame, history, 0, (encK - 1) * frame);
        front.putFrame(features, history, (encK - 1) * frame);
        front.frame(history, 0, frontWork, x, 0, h);
        frames++;
        for (int l = 0; l <= poolLayer; l++) layers[l].step(x);
        // Time pooling (floor): average every `ratio` consecutive frames, summed in order as PoolOp.
        int m = bands * h;
        for (int i = 0; i < m; i++) poolSum[i] += x[i];
        if (++pooled < ratio) return false;
        float scale = 1f / ratio;
        for (int i = 0; i < m; i++) {
            x[i] = poolSum[i] * scale;
            poolSum[i] = 0f;
        }
        pooled = 0;
        for (int l = poolLayer + 1; l < layers.length; l++) layers[l].step(x);
        head.apply(x, 0, h, headWork, output, 0);
        return true;
    }
}
