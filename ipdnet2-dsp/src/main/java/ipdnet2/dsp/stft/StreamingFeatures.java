package ipdnet2.dsp.stft;

/**
 * Frame-by-frame network input for a live multichannel stream, in constant memory: samples are
 * pushed in chunks of any size and each frame's features are handed to a sink as soon as its last
 * sample has arrived (frame t needs samples up to t·320+255; frame 0 also needs sample 256 for its
 * reflect padding). {@link #finish} emits the trailing frames that reflect-pad past the end, so
 * that a finished stream yields exactly the frames and values of
 * {@link FeatureExtractor#compute}.
 */
public final class StreamingFeatures {
    /** Receives one frame of features. */
    @FunctionalInterface
    public interface FrameSink {
        /**
         * @param frame    frame index t, from 0
         * @param features [2M][256] flattened: Re of bins 1..256 per mic, then Im, over (μ_t + 1e-6);
         *                 the array is reused for the next frame
         * @param mu       μ_t
         */
        void accept(int frame, float[] features, float mu);
    }

    private static final int RING = 1024;
    private static final int MASK = RING - 1;

    private final int mics;
    private final Stft stft = new Stft();
    private final ForgettingNorm norm = new ForgettingNorm();
    private final float[][] ring;
    private final float[] frame = new float[Stft.N_FFT];
    private final float[][] re;
    private final float[][] im;
    private final float[] out;
    private long received;
    private int emitted;
    private boolean finished;

    /** A stream of {@code mics} channels. */
    public StreamingFeatures(int mics) {
        if (mics <= 0) throw new IllegalArgumentException("need at least one channel, got " + mics);
        this.mics = mics;
        this.ring = new float[mics][RING];
        this.re = new float[mics][Stft.BINS];
        this.im = new float[mics][Stft.BINS];
        this.out = new float[2 * mics * FeatureExtractor.FEATURE_BINS];
    }

    public int mics() {
        return mics;
    }

    /** Frames emitted so far. */
    public int framesEmitted() {
        return emitted;
    }

    /**
     * Appends {@code len} samples of every channel, {@code chunk[m][off..off+len)}, emitting every
     * frame that becomes complete.
     */
    public void push(float[][] chunk, int off, int len, FrameSink sink) {
        if (finished) throw new IllegalStateException("stream already finished");
        if (chunk.length != mics) throw new IllegalArgumentException("chunk has " + chunk.length + " channels, stream has " + mics);
        int done = 0;
        while (done < len) {
            long need = lastSampleNeeded(emitted) + 1;
            int take = (int) Math.min(len - done, Math.max(0, need - received));
            if (take == 0) take = Math.min(len - done, RING / 2);
            for (int c = 0; c < mics; c++) {
                float[] src = chunk[c];
                float[] r = ring[c];
                for (int i = 0; i < take; i++) r[(int) ((received + i) & MASK)] = src[off + done + i];
            }
            received += take;
            done += take;
            while (received > lastSampleNeeded(emitted)) emit(received, sink);
        }
    }

    /**
     * Ends the stream: emits the remaining frames, reflect-padded past the last sample, up to
     * floor(n/320)+1 frames in all.
     */
    public void finish(FrameSink sink) {
        if (finished) return;
        Stft.checkLength(received);
        int total = Stft.frames(received);
        while (emitted < total) emit(received, sink);
        finished = true;
    }

    /** Highest sample index frame t reads before the end of the stream is known. */
    private static long lastSampleNeeded(int t) {
        return t == 0 ? Stft.PAD : (long) t * Stft.HOP + Stft.PAD - 1;
    }

    /** Builds, transforms and normalises frame {@link #emitted} from a stream of n samples so far. */
    private void emit(long n, FrameSink sink) {
        int t = emitted;
        long start = (long) t * Stft.HOP - Stft.PAD;
        for (int c = 0; c < mics; c++) {
            float[] r = ring[c];
            for (int i = 0; i < Stft.N_FFT; i++) {
                long j = start + i;
                if (j < 0) j = -j;
                else if (j >= n) j = 2 * (n - 1) - j;
                frame[i] = r[(int) (j & MASK)];
            }
            stft.transformFrame(frame, re[c], im[c], 0);
        }
        double sum = 0;
        for (int c = 0; c < mics; c++) {
            float[] a = re[c];
            float[] b = im[c];
            for (int k = 0; k < Stft.BINS; k++) sum += Math.sqrt((double) a[k] * a[k] + (double) b[k] * b[k]);
        }
        float mu = (float) norm.update(sum / (mics * Stft.BINS));
        float scale = mu + FeatureExtractor.EPS;
        int nb = FeatureExtractor.FEATURE_BINS;
        for (int c = 0; c < mics; c++) {
            for (int k = 1; k <= nb; k++) {
                out[c * nb + k - 1] = re[c][k] / scale;
                out[(mics + c) * nb + k - 1] = im[c][k] / scale;
            }
        }
        emitted++;
        sink.accept(t, out, mu);
    }
}
