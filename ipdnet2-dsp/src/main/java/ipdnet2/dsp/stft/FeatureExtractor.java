package ipdnet2.dsp.stft;

/**
 * Batch computation of the network input from a whole multichannel 16-kHz signal: the STFT of
 * every channel, the forgetting-norm μ per frame (m_t = mean of |X| over all channels and all 257
 * bins) and the features Re/(μ+1e-6) then Im/(μ+1e-6) for bins 1..256 (ARCHITECTURE.md §1).
 * {@link StreamingFeatures} computes the same frame by frame.
 */
public final class FeatureExtractor {
    /** Bins fed to the network: 1..256 (bin 0 dropped). */
    public static final int FEATURE_BINS = 256;
    /** Added to μ before dividing. */
    public static final float EPS = 1e-6f;
    /** Frames per block of the layout transform. */
    private static final int TILE = 16;

    private FeatureExtractor() {
    }

    /** Features of {@code channels[m][sample]} (all channels equally long, more than 256 samples). */
    public static Features compute(float[][] channels) {
        int mics = channels.length;
        if (mics == 0) throw new IllegalArgumentException("no channels");
        int n = channels[0].length;
        for (int c = 1; c < mics; c++) {
            if (channels[c].length != n) {
                throw new IllegalArgumentException("channel " + c + " has " + channels[c].length + " samples, channel 0 has " + n);
            }
        }
        Stft stft = new Stft();
        int frames = Stft.frames(n);
        float[][][] spec = new float[mics][][];
        for (int c = 0; c < mics; c++) spec[c] = stft.transform(channels[c]);
        float[] mu = new float[frames];
        ForgettingNorm norm = new ForgettingNorm();
        for (int t = 0; t < frames; t++) mu[t] = (float) norm.update(meanMagnitude(spec, t));
        float[] scale = new float[frames];
        for (int t = 0; t < frames; t++) scale[t] = mu[t] + EPS;
        float[] data = new float[2 * mics * FEATURE_BINS * frames];
        // [t][bin] → [bin][t], a block of frames at a time so the rows read stay in cache
        for (int c = 0; c < mics; c++) {
            float[] re = spec[c][0];
            float[] im = spec[c][1];
            for (int t0 = 0; t0 < frames; t0 += TILE) {
                int t1 = Math.min(frames, t0 + TILE);
                for (int k = 1; k <= FEATURE_BINS; k++) {
                    int reBase = (c * FEATURE_BINS + k - 1) * frames;
                    int imBase = ((mics + c) * FEATURE_BINS + k - 1) * frames;
                    for (int t = t0; t < t1; t++) {
                        data[reBase + t] = re[t * Stft.BINS + k] / scale[t];
                        data[imBase + t] = im[t * Stft.BINS + k] / scale[t];
                    }
                }
            }
        }
        return new Features(mics, frames, data, mu);
    }

    /** m_t: mean magnitude over all channels and all 257 bins of frame t. */
    private static double meanMagnitude(float[][][] spec, int t) {
        double sum = 0;
        for (float[][] s : spec) {
            float[] re = s[0];
            float[] im = s[1];
            int off = t * Stft.BINS;
            for (int k = 0; k < Stft.BINS; k++) sum += Math.sqrt((double) re[off + k] * re[off + k] + (double) im[off + k] * im[off + k]);
        }
        return sum / (spec.length * Stft.BINS);
    }
}
