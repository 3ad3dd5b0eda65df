package ipdnet2.infer;

import ipdnet2.dsp.array.ArraySymmetry;
import ipdnet2.dsp.stft.FeatureExtractor;
import ipdnet2.dsp.stft.StreamingFeatures;
import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.model.StreamingIPDnet2;

import java.util.function.Consumer;

/**
 * Localisation of live 16-kHz audio: chunks of any size are pushed and each 100-ms output frame is
 * handed over as soon as it can be computed, in constant memory.
 *
 * <p>Semantics: STFT frame t (centred, ARCHITECTURE.md §1) is computed once its window is
 * complete, i.e. once sample t·320 + 255 has arrived (frame 0 also needs sample 256 for its reflect
 * padding); output frame j is computed when STFT frame 5j + 4 is, that is after sample
 * 1600·j + 1535: within the 100 ms it covers. {@link #finish} ends the stream: it computes the
 * trailing STFT frames whose windows reach past the last sample (reflect-padded, as the offline
 * STFT does) and emits the output frames they complete. A finished stream thus yields exactly the
 * frames of {@link Localizer#localize} on the same samples (network output equal to float rounding).
 *
 * <p>With symmetry averaging ({@link Localizer#withSymmetryAveraging}) the stream runs one network
 * state per symmetry, each on the frame's features reordered by it.
 *
 * <p>No memory is allocated per STFT frame, except, with symmetry averaging, the thread pool's
 * few task objects; each output frame allocates only its decoding's work arrays and its small
 * result record. Not thread-safe.
 */
public final class LocalizerStream {
    /** Receives raw network output frames on the unreordered input: [2F][M−1][K] (the array is reused). */
    interface RawSink {
        void accept(int index, float[] prediction, boolean silent);
    }

    private final Localizer owner;
    private final int mics;
    private final StreamingFeatures features;
    /** One network state per symmetry of the owner, the identity first, with its reordering and output. */
    private final StreamingIPDnet2[] nets;
    private final int[][] channels;
    private final float[][] predictions;
    /** Per symmetry, its reordering of the current frame's features (the identity's unused). */
    private final float[][] reordered;
    private final boolean[] complete;
    private float[] frameValues;
    private final StreamingFeatures.FrameSink frameSink = this::onFeatures;
    private final Parallel.RangeBody stepBody = this::stepSymmetries;
    /** Where the current push's frames go: decoded to {@link #sink}, or raw to {@link #rawSink}. */
    private Consumer<LocalizationFrame> sink;
    private RawSink rawSink;
    private long received;
    private int silentInGroup, inGroup, emitted;
    private boolean finished;

    LocalizerStream(Localizer owner) {
        this.owner = owner;
        this.mics = owner.config().mics();
        this.features = new StreamingFeatures(mics);
        int n = owner.symmetries().size();
        this.nets = new StreamingIPDnet2[n];
        this.channels = new int[n][];
        this.predictions = new float[n][];
        for (int s = 0; s < n; s++) {
            ArraySymmetry sym = owner.symmetries().get(s);
            nets[s] = new StreamingIPDnet2(owner.network());
            channels[s] = sym.isIdentity() ? null : sym.channels();
            predictions[s] = new float[nets[s].outputSize()];
        }
        this.reordered = new float[n][2 * mics * FeatureExtractor.FEATURE_BINS];
        this.complete = new boolean[n];
    }

    /** Pushes all samples of {@code chunk[m]} (one array per mic, equally long). */
    public void push(float[][] chunk, Consumer<LocalizationFrame> sink) {
        push(chunk, 0, InputChecks.firstLength(chunk), sink);
    }

    /**
     * Pushes samples [off, off+len) of every channel; {@code sink} receives every output frame that
     * becomes complete. A chunk with NaN or infinite samples is rejected before any of it is used.
     */
    public void push(float[][] chunk, int off, int len, Consumer<LocalizationFrame> sink) {
        feed(chunk, off, len, sink, null);
    }

    /** Ends the stream and emits the remaining output frames (see the class description). */
    public void finish(Consumer<LocalizationFrame> sink) {
        end(sink, null);
    }

    /** Output frames emitted so far. */
    public int framesEmitted() {
        return emitted;
    }

    /** Samples per channel received so far. */
    public long samplesReceived() {
        return received;
    }

    void pushRaw(float[][] chunk, int off, int len, RawSink sink) {
        feed(chunk, off, len, null, sink);
    }

    void finishRaw(RawSink sink) {
        end(null, sink);
    }

    /** Pushes samples, their frames going decoded to {@code decoded} or raw to {@code raw} (the other null). */
    private void feed(float[][] chunk, int off, int len, Consumer<LocalizationFrame> decoded, RawSink raw) {
        if (finished) throw new IllegalStateException("the stream is already finished");
        InputChecks.checkChunk(chunk, off, len, mics, received);
        sink = decoded;
        rawSink = raw;
        features.push(chunk, off, len, frameSink);
        received += len;
    }

    /** Ends the stream, its last frames going as in {@link #feed}. */
    private void end(Consumer<LocalizationFrame> decoded, RawSink raw) {
        if (finished) return;
        sink = decoded;
        rawSink = raw;
        if (received > 0) features.finish(frameSink);
        finished = true;
    }

    private void onFeatures(int frame, float[] values, float mu) {
        boolean silent = true;
        for (float v : values) {
            if (v != 0f) {
                silent = false;
                break;
            }
        }
        if (silent) silentInGroup++;
        inGroup++;
        if (nets.length == 1) {
            complete[0] = nets[0].step(values, predictions[0]);
        } else {
            // the symmetries' network states step in parallel, each in one task (see Localizer.offline)
            frameValues = values;
            Parallel.forRange(nets.length, 1, stepBody);
        }
        if (complete[0]) {
            boolean groupSilent = silentInGroup == inGroup;
            silentInGroup = 0;
            inGroup = 0;
            int index = emitted++;
            if (rawSink != null) rawSink.accept(index, predictions[0], groupSilent);
            else sink.accept(owner.decode(index, predictions, groupSilent));
        }
    }

    /** Steps the network states of symmetries [from, to) on the current frame's features. */
    private void stepSymmetries(int from, int to) {
        for (int s = from; s < to; s++) {
            float[] in = frameValues;
            if (channels[s] != null) {
                Localizer.reorderPlanes(frameValues, channels[s], mics, FeatureExtractor.FEATURE_BINS, reordered[s]);
                in = reordered[s];
            }
            complete[s] = nets[s].step(in, predictions[s]);
        }
    }
}
