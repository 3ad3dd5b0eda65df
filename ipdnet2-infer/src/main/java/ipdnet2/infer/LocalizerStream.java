package ipdnet2.infer;

import ipdnet2.dsp.decode.DoaDecoder;
import ipdnet2.dsp.stft.StreamingFeatures;
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
 * <p>No memory is allocated per STFT frame; each output frame allocates only its small result
 * record. Not thread-safe.
 */
public final class LocalizerStream {
    /** Receives raw network output frames: [2F][M−1][K] (the array is reused). */
    interface RawSink {
        void accept(int index, float[] prediction, boolean silent);
    }

    private final Localizer owner;
    private final int mics;
    private final StreamingFeatures features;
    private final StreamingIPDnet2 net;
    private final float[] prediction;
    private final DoaDecoder search;
    private final StreamingFeatures.FrameSink frameSink = this::onFeatures;
    private RawSink rawSink;
    private long received;
    private int silentInGroup, inGroup, emitted;
    private boolean finished;

    LocalizerStream(Localizer owner) {
        this.owner = owner;
        this.mics = owner.config().mics();
        this.features = new StreamingFeatures(mics);
        this.net = new StreamingIPDnet2(owner.network());
        this.prediction = new float[net.outputSize()];
        this.search = owner.decoder();
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
        pushRaw(chunk, off, len, decoding(sink));
    }

    /** Ends the stream and emits the remaining output frames (see the class description). */
    public void finish(Consumer<LocalizationFrame> sink) {
        finishRaw(decoding(sink));
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
        if (finished) throw new IllegalStateException("the stream is already finished");
        InputChecks.checkChunk(chunk, off, len, mics, received);
        rawSink = sink;
        features.push(chunk, off, len, frameSink);
        received += len;
    }

    void finishRaw(RawSink sink) {
        if (finished) return;
        rawSink = sink;
        if (received > 0) features.finish(frameSink);
        finished = true;
    }

    private RawSink decoding(Consumer<LocalizationFrame> sink) {
        return (index, pred, silent) -> sink.accept(owner.decode(search, index, pred, 0, silent));
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
        if (net.step(values, prediction)) {
            boolean groupSilent = silentInGroup == inGroup;
            silentInGroup = 0;
            inGroup = 0;
            rawSink.accept(emitted++, prediction, groupSilent);
        }
    }
}
