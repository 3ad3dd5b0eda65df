package ipdnet2.dsp.stft;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Short-time Fourier transform of ARCHITECTURE.md §1: n_fft 512, hop 320, periodic Hann window,
 * centred frames with reflect padding (frame t covers samples t·320-256 .. t·320+255, indices
 * outside the signal mirrored about its first and last sample), floor(n/320)+1 frames of 257
 * bins, unnormalised: X_t[k] = Σ_i w[i]·x[t·320-256+i]·exp(-2πi·k·i/512).
 *
 * <p>Not thread-safe (reuses an FFT work buffer); use one instance per thread.
 */
public final class Stft {
    public static final int N_FFT = 512;
    public static final int HOP = 320;
    public static final int BINS = N_FFT / 2 + 1;
    /** Samples of reflect padding before the first frame's centre. */
    public static final int PAD = N_FFT / 2;

    private final float[] window = new float[N_FFT];
    private final float[] work = new float[N_FFT];
    private final FloatFFT_1D fft = new FloatFFT_1D(N_FFT);

    public Stft() {
        for (int i = 0; i < N_FFT; i++) window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / N_FFT));
    }

    /** Number of frames for a signal of {@code samples} samples: floor(samples/320)+1. */
    public static int frames(long samples) {
        return (int) (samples / HOP) + 1;
    }

    /**
     * Transforms one channel. Returns {re, im}, each [frames][257] flattened (frame-major).
     *
     * @throws IllegalArgumentException if the signal is too short to reflect-pad (≤ 256 samples)
     */
    public float[][] transform(float[] x) {
        int n = x.length;
        checkLength(n);
        int frames = frames(n);
        float[] re = new float[frames * BINS];
        float[] im = new float[frames * BINS];
        float[] frame = new float[N_FFT];
        for (int t = 0; t < frames; t++) {
            int start = t * HOP - PAD;
            if (start >= 0 && start + N_FFT <= n) {
                // inside the signal: window the samples in place, no padded copy
                for (int i = 0; i < N_FFT; i++) work[i] = x[start + i] * window[i];
                transformWindowed(re, im, t * BINS);
                continue;
            }
            for (int i = 0; i < N_FFT; i++) frame[i] = x[reflect(start + i, n)];
            transformFrame(frame, re, im, t * BINS);
        }
        return new float[][] {re, im};
    }

    /**
     * Windows and transforms 512 time samples (unchanged), writing 257 bins to
     * {@code re/im[off..off+257)}.
     */
    public void transformFrame(float[] frame, float[] re, float[] im, int off) {
        for (int i = 0; i < N_FFT; i++) work[i] = frame[i] * window[i];
        transformWindowed(re, im, off);
    }

    /** Transforms the windowed samples in {@code work}, writing 257 bins to {@code re/im[off..off+257)}. */
    private void transformWindowed(float[] re, float[] im, int off) {
        fft.realForward(work);
        // packed real-FFT layout: work[0] = Re X0, work[1] = Re X256, then (Re, Im) pairs
        re[off] = work[0];
        im[off] = 0;
        re[off + N_FFT / 2] = work[1];
        im[off + N_FFT / 2] = 0;
        for (int k = 1; k < N_FFT / 2; k++) {
            re[off + k] = work[2 * k];
            im[off + k] = work[2 * k + 1];
        }
    }

    /** Index of padded position {@code i} in a signal of length n under reflect padding. */
    static int reflect(int i, int n) {
        if (i < 0) return -i;
        if (i >= n) return 2 * (n - 1) - i;
        return i;
    }

    static void checkLength(long n) {
        if (n <= PAD) {
            throw new IllegalArgumentException("signal of " + n + " samples is too short for the STFT: reflect padding needs more than "
                    + PAD + " samples");
        }
    }
}
