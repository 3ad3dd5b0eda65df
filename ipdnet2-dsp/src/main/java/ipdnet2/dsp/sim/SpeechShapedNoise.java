package ipdnet2.dsp.sim;

import java.util.SplittableRandom;

/**
 * Speech-like signals that need no recordings: talk spurts of 0.4–2.5 s separated by pauses of
 * 0.15–0.8 s; inside a spurt, syllables at 3–6 per second, each a raised-cosine burst of random
 * strength that is voiced (an impulse train at a drifting F0 of 85–260 Hz) or unvoiced
 * (noise); the whole is shaped by the long-term average speech spectrum
 * ({@link NoiseKind#SPEECH_SHAPED}). Power spectrum, syllabic modulation and pauses follow speech,
 * which is what a localiser's voice-activity and spectral cues need.
 */
public final class SpeechShapedNoise implements SourceSignals {
    private final int sampleRate;

    public SpeechShapedNoise(int sampleRate) {
        if (sampleRate <= 0) throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        this.sampleRate = sampleRate;
    }

    @Override
    public float[] next(SplittableRandom rng, int samples) {
        int size = Integer.highestOneBit(Math.max(2, samples - 1)) << 1;
        double[] x = new double[size];
        double f0 = 85 + rng.nextDouble() * 175;
        double phase = 0;
        int n = rng.nextInt(Math.max(1, (int) (0.3 * sampleRate)));
        while (n < samples) {
            int spurtEnd = Math.min(samples, n + (int) ((0.4 + rng.nextDouble() * 2.1) * sampleRate));
            double rate = 3 + rng.nextDouble() * 3;
            while (n < spurtEnd) {
                int len = (int) (sampleRate / rate * (0.6 + 0.8 * rng.nextDouble()));
                double amp = 0.3 + 0.7 * rng.nextDouble();
                boolean voiced = rng.nextDouble() < 0.75;
                double drift = (rng.nextDouble() - 0.5) * 0.3;
                for (int i = 0; i < len && n + i < samples; i++) {
                    double env = amp * 0.5 * (1 - Math.cos(2 * Math.PI * i / len));
                    double e;
                    if (voiced) {
                        double f = f0 * (1 + drift * i / len);
                        double before = phase;
                        phase += f / sampleRate;
                        // One unit-power impulse per glottal period: a flat line spectrum at F0.
                        e = Math.floor(phase) != Math.floor(before) ? Math.sqrt(sampleRate / f) * 0.5 : 0.0;
                        e += 0.05 * rng.nextGaussian();
                    } else {
                        e = 0.5 * rng.nextGaussian();
                    }
                    x[n + i] = env * e;
                }
                n += len;
            }
            n += (int) ((0.15 + rng.nextDouble() * 0.65) * sampleRate);
        }
        NoiseKind.shape(x, size, NoiseKind.SPEECH_SHAPED.gains(size, sampleRate));
        float[] out = new float[samples];
        for (int i = 0; i < samples; i++) out[i] = (float) x[i];
        return out;
    }

    @Override
    public String describe() {
        return "speech-shaped modulated noise";
    }
}
