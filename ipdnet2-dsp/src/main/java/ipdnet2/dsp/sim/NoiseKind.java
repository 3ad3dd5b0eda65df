package ipdnet2.dsp.sim;

import org.jtransforms.fft.DoubleFFT_1D;

import java.util.SplittableRandom;

/** Spectral colour of a stationary noise signal (shaped from white Gaussian noise in one FFT). */
public enum NoiseKind {
    /** Flat spectrum. */
    WHITE,
    /** Power ∝ 1/f above 50 Hz. */
    PINK,
    /** Long-term average speech spectrum: flat to ~500 Hz, −6 dB/octave above, high-passed at 100 Hz. */
    SPEECH_SHAPED;

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
        shape(x, size, sampleRate, this::amplitude);
        float[] out = new float[samples];
        double p = 0;
        for (int i = 0; i < samples; i++) p += x[i] * x[i];
        double g = p > 0 ? Math.sqrt(samples / p) : 0;
        for (int i = 0; i < samples; i++) out[i] = (float) (x[i] * g);
        return out;
    }

    /** Filters {@code x} (length {@code size}, a power of two) circularly by an amplitude response. */
    static void shape(double[] x, int size, int sampleRate, java.util.function.DoubleUnaryOperator amplitude) {
        DoubleFFT_1D fft = Convolution.plan(size);
        fft.realForward(x);
        x[0] *= amplitude.applyAsDouble(0);
        x[1] *= amplitude.applyAsDouble(sampleRate / 2.0);
        for (int k = 1; k < size / 2; k++) {
            double a = amplitude.applyAsDouble((double) k * sampleRate / size);
            x[2 * k] *= a;
            x[2 * k + 1] *= a;
        }
        fft.realInverse(x, true);
    }
}
