package ipdnet2.dsp.resample;

import ipdnet2.dsp.audio.AudioData;

/**
 * Band-limited sample-rate conversion between any two integer rates by a Kaiser-windowed sinc
 * filter in polyphase form (ARCHITECTURE.md §1: RealMAN's 48 kHz recordings to 16 kHz).
 *
 * <p>Output sample j sits at input time j·M/L (L/M the reduced rate ratio), so the conversion
 * has zero delay: output sample 0 coincides with input sample 0. Outside the signal the input is
 * taken as zero. The filter cuts off at 92% of the lower Nyquist frequency with a Kaiser window
 * designed for about 80 dB stopband attenuation; every phase is normalised to unit DC gain.
 */
public final class Resampler {
    /** Cut-off as a fraction of the lower of the two Nyquist frequencies. */
    private static final double CUTOFF = 0.92;
    /** Zero crossings of the sinc on each side of the centre. */
    private static final int ZERO_CROSSINGS = 32;
    /** Kaiser β for roughly 80 dB stopband attenuation: 0.1102·(80 - 8.7). */
    private static final double BETA = 0.1102 * (80 - 8.7);

    private final int inRate;
    private final int outRate;
    /** The reduced ratio L/M = up/down (read by {@link StreamingResampler}). */
    final int up;
    final int down;
    final int half;
    /** taps[p][m + half - 1] multiplies input sample i + m for output phase p, m in [1-half, half]. */
    final float[][] taps;

    /** A converter from {@code inRate} to {@code outRate} samples per second. */
    public Resampler(int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + inRate + " -> " + outRate);
        }
        this.inRate = inRate;
        this.outRate = outRate;
        int g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        // cut-off in cycles per input sample
        double fc = 0.5 * CUTOFF * Math.min(1.0, (double) up / down);
        this.half = (int) Math.ceil(ZERO_CROSSINGS / (2 * fc));
        this.taps = new float[up][2 * half];
        double i0Beta = besselI0(BETA);
        for (int p = 0; p < up; p++) {
            double frac = (double) p / up;
            double[] h = new double[2 * half];
            double sum = 0;
            for (int m = 1 - half; m <= half; m++) {
                double t = frac - m;
                double x = t / half;
                double w = Math.abs(x) >= 1 ? 0 : besselI0(BETA * Math.sqrt(1 - x * x)) / i0Beta;
                double a = 2 * fc * t;
                double sinc = a == 0 ? 1 : Math.sin(Math.PI * a) / (Math.PI * a);
                h[m + half - 1] = 2 * fc * sinc * w;
                sum += h[m + half - 1];
            }
            for (int k = 0; k < h.length; k++) taps[p][k] = (float) (h[k] / sum);
        }
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /** Number of output samples for {@code n} input samples: ceil(n·L/M). */
    public int outputLength(int n) {
        return (int) (((long) n * up + down - 1) / down);
    }

    /** Resamples one channel. */
    public float[] process(float[] x) {
        int n = x.length;
        int outLen = outputLength(n);
        float[] y = new float[outLen];
        if (up == down) {
            System.arraycopy(x, 0, y, 0, n);
            return y;
        }
        for (int j = 0; j < outLen; j++) {
            long pos = (long) j * down;
            int i = (int) (pos / up);
            int p = (int) (pos % up);
            float[] h = taps[p];
            int kFrom = i + 1 - half;
            int kTo = i + half;
            int lo = Math.max(kFrom, 0);
            int hi = Math.min(kTo, n - 1);
            double acc = 0;
            for (int k = lo, t = lo - kFrom; k <= hi; k++, t++) acc += h[t] * x[k];
            y[j] = (float) acc;
        }
        return y;
    }

    /** Resamples every channel of {@code audio}, which must be at this converter's input rate. */
    public AudioData process(AudioData audio) {
        if (audio.sampleRate() != inRate) {
            throw new IllegalArgumentException("audio is at " + audio.sampleRate() + " Hz, converter expects " + inRate + " Hz");
        }
        float[][] out = new float[audio.channelCount()][];
        for (int c = 0; c < out.length; c++) out[c] = process(audio.channels()[c]);
        return new AudioData(outRate, out);
    }

    /** Converts {@code audio} to {@code rate} (returned unchanged if already at that rate). */
    public static AudioData toRate(AudioData audio, int rate) {
        if (audio.sampleRate() == rate) return audio;
        return new Resampler(audio.sampleRate(), rate).process(audio);
    }

    /** Modified Bessel function of the first kind, order 0, by its power series. */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
