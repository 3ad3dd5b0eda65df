package ipdnet2.infer;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.array.ArraySymmetry;
import ipdnet2.dsp.decode.DoaDecoder;
import ipdnet2.dsp.decode.DoaEstimate;
import ipdnet2.dsp.decode.SymmetricDecoder;
import ipdnet2.dsp.resample.Resampler;
import ipdnet2.dsp.stft.FeatureExtractor;
import ipdnet2.dsp.stft.Features;
import ipdnet2.dsp.stft.Stft;
import ipdnet2.dsp.target.DoaTemplates;
import ipdnet2.nn.NoGrad;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.IPDnet2Config;
import ipdnet2.nn.model.Weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sound-source localisation with a trained IPDnet2: multichannel audio in, per 100-ms frame up to
 * K = 2 source azimuths out (ARCHITECTURE.md §1, §3, §4). {@link #localize} processes a whole
 * recording; {@link #stream()} processes live audio chunk by chunk with the same results.
 *
 * <p>Channels must be in the model's order (for the published models RealMAN channels
 * [1, 3, 5, 7, 0]; the first is the reference mic). Decoding compares each prediction with
 * far-field templates of {@link #geometry()} on a 1° grid and applies the detection threshold.
 *
 * <p>Silence: an output frame whose STFT frames are all exactly zero is reported as
 * {@link LocalizationFrame#silent() silent} with no detection, since the network's output on an
 * all-zero input carries no information. Bad input (wrong channel count, NaN or infinite samples,
 * less audio than one output frame) is an {@link IllegalArgumentException} naming the problem.
 *
 * <p>Symmetry averaging ({@link #withSymmetryAveraging}): the network also runs on the channels
 * reordered by each symmetry of the array (RealMAN's square of four mics: 4 rotations, 4
 * reflections), and the outputs are decoded together ({@link SymmetricDecoder}). It costs one
 * network run per symmetry and averages out errors of the network that are not symmetric
 * (weights/README.md gives its figures).
 *
 * <p>Thread-safety: {@link #localize} may be called from several threads; each {@link LocalizerStream}
 * belongs to one thread.
 */
public final class Localizer {
    /** The network's sample rate; other rates are resampled by {@link #localize}. */
    public static final int SAMPLE_RATE = 16000;

    /**
     * The lowest sample rate accepted: below it a recording holds no usable speech band, and
     * converting from a rate such as 1 Hz would take all memory.
     */
    public static final int MIN_SAMPLE_RATE = 8000;

    /**
     * The highest sample rate accepted, the top of audio interfaces' range: a header's nonsense
     * rate such as 2 GHz would make the converter's filter, sized by the rate ratio, take all memory.
     */
    public static final int MAX_SAMPLE_RATE = 768_000;

    /** Rejects a sample rate outside {@link #MIN_SAMPLE_RATE}..{@link #MAX_SAMPLE_RATE} (the message gives the rate). */
    public static void checkSampleRate(long sampleRate) {
        if (sampleRate < MIN_SAMPLE_RATE) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz is below the " + MIN_SAMPLE_RATE
                    + " Hz the localiser accepts");
        }
        if (sampleRate > MAX_SAMPLE_RATE) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz is above the " + MAX_SAMPLE_RATE
                    + " Hz the localiser accepts");
        }
    }
    /**
     * Recordings with more STFT frames than this (60 s) are run through the streaming network,
     * which gives the same results in constant memory instead of activations growing with length.
     */
    static final int MAX_OFFLINE_FRAMES = 3001;
    /**
     * Live activation tensors of the offline network assumed when bounding its memory: the
     * widest, [F, T, 2H] inside a Mamba block, several at a time.
     */
    private static final int LIVE_TENSORS = 16;

    private final IPDnet2 net;
    private final ArrayGeometry geometry;
    private final DoaDecoder decoder;
    private final double threshold;
    /** The identity alone, or with symmetry averaging every symmetry of the array (identity first). */
    private final List<ArraySymmetry> symmetries;
    /** Null without symmetry averaging. */
    private final SymmetricDecoder symmetric;
    /** Overrides {@link #maxOfflineFrames()} when positive (tests of the long-recording path). */
    private volatile int offlineFrameLimit;

    /**
     * @param net       the network (its parameters must not change while this localiser is used)
     * @param geometry  the array, mic 0 the reference, in the network's channel order
     * @param threshold detection threshold on MSE/0.2919 (0.4 by default)
     */
    public Localizer(IPDnet2 net, ArrayGeometry geometry, double threshold) {
        this(net, geometry, threshold, false);
    }

    private Localizer(IPDnet2 net, ArrayGeometry geometry, double threshold, boolean averageSymmetries) {
        if (geometry.mics() != net.config().mics()) {
            throw new IllegalArgumentException("the array has " + geometry.mics() + " mics but the model expects "
                    + net.config().mics());
        }
        if (!(threshold > 0) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("detection threshold must be a positive number, got " + threshold);
        }
        this.net = net;
        this.geometry = geometry;
        this.threshold = threshold;
        this.decoder = new DoaDecoder(DoaTemplates.oneDegree(geometry), threshold);
        this.symmetries = averageSymmetries ? ArraySymmetry.of(geometry) : List.of(ArraySymmetry.identity(geometry.mics()));
        this.symmetric = averageSymmetries ? new SymmetricDecoder(decoder, symmetries) : null;
    }

    /**
     * The same model, decoding the network's outputs on the input reordered by every symmetry of
     * the array together (class description). An array without symmetries other than the identity
     * gives the plain results.
     */
    public Localizer withSymmetryAveraging() {
        return new Localizer(net, geometry, threshold, true);
    }

    /** Whether this localiser averages over the array's symmetries. */
    public boolean averagesSymmetries() {
        return symmetric != null;
    }

    /** The symmetries whose outputs are decoded together: the identity alone without averaging. */
    public List<ArraySymmetry> symmetries() {
        return symmetries;
    }

    /** RealMAN's default 5-mic array and the default threshold 0.4. */
    public Localizer(IPDnet2 net) {
        this(net, ArrayGeometry.realmanDefault(), DoaDecoder.DEFAULT_THRESHOLD);
    }

    /** Loads weights (safetensors with embedded configuration, or a PyTorch checkpoint). */
    public static Localizer load(Path weights, ArrayGeometry geometry, double threshold) throws IOException {
        return new Localizer(Weights.load(weights, null), geometry, threshold);
    }

    public IPDnet2Config config() {
        return net.config();
    }

    public ArrayGeometry geometry() {
        return geometry;
    }

    public double threshold() {
        return threshold;
    }

    /** The same model decoding with another array (same mic count), e.g. a test set's own array. */
    public Localizer withGeometry(ArrayGeometry other) {
        return new Localizer(net, other, threshold, averagesSymmetries());
    }

    IPDnet2 network() {
        return net;
    }

    /** Output frames for {@code samples} samples at 16 kHz: ⌊(⌊n/320⌋ + 1) / ratio⌋. */
    public int outputFrames(long samples) {
        return config().outputFrames(Stft.frames(samples));
    }

    /** Samples at 16 kHz needed for one output frame. */
    public int minimumSamples() {
        return (config().timePoolRatio() - 1) * Stft.HOP;
    }

    /**
     * Localises a whole recording.
     *
     * @param channels   {@code channels[m][i]}, one array per mic in the model's order, equally long
     * @param sampleRate samples per second; other than 16 kHz is resampled first
     * @return one frame per 100 ms (⌊(⌊n/320⌋ + 1)/5⌋ frames for n samples at 16 kHz)
     */
    public List<LocalizationFrame> localize(float[][] channels, int sampleRate) {
        float[][] x = to16k(channels, sampleRate);
        int n = x[0].length;
        int frames = Stft.frames(n);
        if (frames > maxOfflineFrames()) {
            List<LocalizationFrame> out = new ArrayList<>();
            LocalizerStream s = stream();
            s.push(x, 0, n, out::add);
            s.finish(out::add);
            return out;
        }
        return offline(x, null);
    }

    /**
     * As {@link #localize(float[][], int)}, and hands the network's raw output for the whole
     * recording (what {@link #predict} returns) to {@code rawOutput}: the recording then always
     * takes the offline path, however long.
     */
    public List<LocalizationFrame> localize(float[][] channels, int sampleRate, Consumer<float[]> rawOutput) {
        return offline(to16k(channels, sampleRate), rawOutput);
    }

    /**
     * The whole-clip network on 16-kHz audio, decoded; the raw output (on the input in the array's
     * own channel order) also to {@code rawOutput} if given.
     */
    private List<LocalizationFrame> offline(float[][] x, Consumer<float[]> rawOutput) {
        int frames = Stft.frames(x[0].length);
        Features f = FeatureExtractor.compute(x);
        float[][] preds = new float[symmetries.size()][];
        // one reordering per task: a network run inside the pool keeps its own loops on its thread
        // (Parallel), so the runs share the cores instead of each splitting its small loops
        Parallel.forRange(preds.length, 1, (from, to) -> {
            for (int s = from; s < to; s++) preds[s] = runNetwork(reorder(f, symmetries.get(s)));
        });
        if (rawOutput != null) rawOutput.accept(preds[0]);
        boolean[] silent = silentFrames(f);
        int outFrames = config().outputFrames(frames);
        List<LocalizationFrame> out = new ArrayList<>(outFrames);
        DoaEstimate[][] estimates = symmetric == null ? decoder.decodeFrames(preds[0], 0, outFrames, config().tracks())
                : symmetric.decodeFrames(preds, 0, outFrames, config().tracks());
        for (int j = 0; j < outFrames; j++) out.add(frame(j, estimates[j], silent[j]));
        return out;
    }

    /**
     * STFT frames the whole-clip network may take: at most 60 s, and few enough that its
     * activations (about {@value #LIVE_TENSORS} tensors of F·T·2H floats) fit in half the heap.
     */
    int maxOfflineFrames() {
        if (offlineFrameLimit > 0) return offlineFrameLimit;
        long perFrame = (long) LIVE_TENSORS * config().freqs() * 2L * config().hidden() * Float.BYTES;
        long fit = Runtime.getRuntime().maxMemory() / 2 / perFrame;
        return (int) Math.max(config().timePoolRatio(), Math.min(MAX_OFFLINE_FRAMES, fit));
    }

    void limitOfflineFrames(int frames) {
        offlineFrameLimit = frames;
    }

    /**
     * The raw network output of the offline path for audio at 16 kHz: [T'][2F][M−1][K] flattened.
     */
    public float[] predict(float[][] channels16k) {
        float[][] x = to16k(channels16k, SAMPLE_RATE);
        return runNetwork(FeatureExtractor.compute(x));
    }

    /** A stream for live 16-kHz audio in the model's channel order. */
    public LocalizerStream stream() {
        return new LocalizerStream(this);
    }

    /** The features of the channels reordered by the symmetry (the identity's are {@code f} itself). */
    private static Features reorder(Features f, ArraySymmetry symmetry) {
        if (symmetry.isIdentity()) return f;
        float[] data = new float[f.data().length];
        reorderPlanes(f.data(), symmetry.channels(), f.mics(), FeatureExtractor.FEATURE_BINS * f.frames(), data);
        return new Features(f.mics(), f.frames(), data, f.mu());
    }

    /**
     * Reorders network input laid out [2M][plane] (real parts of the M mics, then imaginary):
     * mic i of {@code dst} is mic {@code channels[i]} of {@code src}. The normalisation μ is a mean
     * over all mics, so reordering the features equals computing them from reordered channels.
     */
    static void reorderPlanes(float[] src, int[] channels, int mics, int plane, float[] dst) {
        for (int i = 0; i < mics; i++) {
            System.arraycopy(src, channels[i] * plane, dst, i * plane, plane);
            System.arraycopy(src, (mics + channels[i]) * plane, dst, (mics + i) * plane, plane);
        }
    }

    private float[] runNetwork(Features f) {
        Tensor input = Tensor.of(f.data(), 1, 2 * f.mics(), FeatureExtractor.FEATURE_BINS, f.frames());
        try (NoGrad g = NoGrad.enter()) {
            return net.forward(input).data();
        }
    }

    /** Per output frame: whether all its STFT frames have only zero features. */
    private boolean[] silentFrames(Features f) {
        int t = f.frames(), ratio = config().timePoolRatio();
        // per frame, the OR of every feature's bits without the sign: zero exactly when all its
        // features are ±0 (a branch-free loop over contiguous rows)
        int[] bits = new int[t];
        float[] d = f.data();
        int rows = d.length / t;
        for (int r = 0; r < rows; r++) {
            int o = r * t;
            for (int i = 0; i < t; i++) bits[i] |= Float.floatToRawIntBits(d[o + i]) & 0x7fffffff;
        }
        boolean[] out = new boolean[config().outputFrames(t)];
        for (int j = 0; j < out.length; j++) {
            boolean s = true;
            for (int i = 0; i < ratio; i++) s &= bits[j * ratio + i] == 0;
            out[j] = s;
        }
        return out;
    }

    /** Decodes output frame {@code index} from the outputs on each symmetry's input ([2F][M−1][K] each). */
    LocalizationFrame decode(int index, float[][] preds, boolean silent) {
        DoaEstimate[] e = symmetric == null ? decoder.decodeFrame(preds[0], 0, config().tracks())
                : symmetric.decodeFrames(preds, 0, 1, config().tracks())[0];
        return frame(index, e, silent);
    }

    private LocalizationFrame frame(int index, DoaEstimate[] estimates, boolean silent) {
        int k = config().tracks();
        List<SourceEstimate> sources = new ArrayList<>(k);
        for (int t = 0; t < k; t++) {
            DoaEstimate e = estimates[t];
            double score = 1 - e.mse() / DoaDecoder.MSE_SCALE;
            sources.add(new SourceEstimate(t, e.azimuthDeg(), score, e.detected() && !silent));
        }
        return new LocalizationFrame(index, silent, sources);
    }

    /** Validates and brings the channels to 16 kHz. */
    private float[][] to16k(float[][] channels, int sampleRate) {
        InputChecks.checkChannels(channels, config().mics());
        checkSampleRate(sampleRate);
        float[][] x = channels;
        if (sampleRate != SAMPLE_RATE) {
            Resampler r = new Resampler(sampleRate, SAMPLE_RATE);
            x = new float[channels.length][];
            for (int m = 0; m < channels.length; m++) x[m] = r.process(channels[m]);
        }
        int n = x[0].length;
        if (n < minimumSamples()) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the recording is too short: %d samples (%.3f s) at 16 kHz, at least %d (%.3f s) are needed "
                            + "for one 100-ms output frame", n, n / (double) SAMPLE_RATE, minimumSamples(),
                    minimumSamples() / (double) SAMPLE_RATE));
        }
        return x;
    }
}
