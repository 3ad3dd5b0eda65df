package ipdnet2.dsp.sim;

import org.jtransforms.fft.DoubleFFT_1D;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/** Spectral colour of a stationary noise signal (shaped from white Gaussian noise in one FFT). */
public enum NoiseKind {
    /** Flat spectrum. */
    WHITE,
    /** Power ∝ 1/f above 50 Hz. */
    PINK,
    /** Long-term average speech spectrum: flat to ~500 Hz, −6 dB/octave above, high-passed at 100 Hz. */
    SPEECH_SHAPED;

    /** Cached {@link #gains} by (size, sample rate). */
    private final Map<Long, double[]> gains = new ConcurrentHashMap<>();

    /** Amplitude response at {@code hz}. */
    double amplitude(double hz) {
        switch (this) {
            case WHITE:
                return 1;
            case PINK:
                return 1 / Math.sqrt(Math.max(hz, 50));
            default:
                return speechSpectrum(hz);
        }
    }

    /** Long-term speech amplitude spectrum (shape only). */
    static double speechSpectrum(double hz) {
        double low = hz / Math.sqrt(hz * hz + 100 * 100);
        return low / Math.sqrt(1 + (hz / 500) * (hz / 500));
    }

    /** {@code samples} samples of this noise with unit mean power. */
    public float[] generate(SplittableRandom rng, int samples, int sampleRate) {
        int size = Integer.highestOneBit(Math.max(2, samples - 1)) << 1;
        double[] x = new double[size];
        for (int i = 0; i < size; i++) x[i] = rng.nextGaussian();
        shape(x, size, gains(size, sampleRate));
        float[] out = new float[samples];
        double p = 0;
        for (int i = 0; i < samples; i++) p += x[i] * x[i];
        double g = p > 0 ? Math.sqrt(samples / p) : 0;
        for (int i = 0; i < samples; i++) out[i] = (float) (x[i] * g);
        return out;
    }

    /**
     * Amplitude response at the bins 0..size/2 of a {@code size}-point real FFT, computed once per
     * size and rate (every clip draws the same lengths).
     */
    double[] gains(int size, int sampleRate) {
        return gains.computeIfAbsent(((long) size << 32) | sampleRate, key -> {
            double[] g = new double[size / 2 + 1];
            for (int k = 0; k <= size / 2; k++) g[k] = amplitude((double) k * sampleRate / size);
            return g;
        });
    }

    /**
     * Filters {@code x} (length {@code size}, a power of two) circularly by the amplitude response
     * {@code gains} ({@link #gains}).
     */
    static void shape(double[] x, int size, double[] gains) {
        DoubleFFT_1D fft = Convolution.plan(size);
        fft.realForward(x);
        x[0] *= gains[0];
        x[1] *= gains[size / 2];
        for (int k = 1; k < size / 2; k++) {
            x[2 * k] *= gains[k];
            x[2 * k + 1] *= gains[k];
        }
        fft.realInverse(x, true);
    }
}
