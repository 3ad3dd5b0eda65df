package ipdnet2.dsp.stft;

/**
 * Network input of one clip (ARCHITECTURE.md §1): {@code data} is [2M][256][T] flattened, real
 * parts of bins 1..256 for the M mics, then imaginary parts, each divided by (μ_t + 1e-6);
 * {@code mu} holds μ_t per frame.
 */
public record Features(int mics, int frames, float[] data, float[] mu) {
    /** Feature planes per frame and bin: 2M. */
    public int planes() {
        return 2 * mics;
    }

    /** Value of plane c (0..2M-1), bin k (1..256, stored at k-1), frame t. */
    public float at(int c, int k, int t) {
        return data[(c * FeatureExtractor.FEATURE_BINS + k - 1) * frames + t];
    }
}
