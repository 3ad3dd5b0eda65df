package ipdnet2.dsp.sim;

/**
 * Band-limited sample-rate conversion by direct evaluation of a Hann-windowed sinc (16 zero
 * crossings each side, cut-off 0.95 × the lower Nyquist frequency). Only for the synthesised
 * speech of {@link SynthesisedSpeech}, whose synthesiser has a fixed output rate; recordings go
 * through the signal chain's resampler.
 */
final class SincResampler {
    private static final int ZEROS = 16;
    private static final double CUTOFF = 0.95;

    private SincResampler() {}

    static float[] resample(float[] x, int from, int to) {
        if (from == to) return x.clone();
        int n = (int) ((long) x.length * to / from);
        float[] y = new float[n];
        double ratio = (double) from / to;
        // Cut-off in input-sample units: below the lower of the two Nyquist frequencies.
        double fc = CUTOFF * Math.min(1.0, 1.0 / ratio);
        double half = ZEROS / fc;
        for (int i = 0; i < n; i++) {
            double t = i * ratio;
            int lo = (int) Math.ceil(t - half);
            int hi = (int) Math.floor(t + half);
            double acc = 0;
            for (int k = Math.max(0, lo); k <= Math.min(x.length - 1, hi); k++) {
                double d = k - t;
                double arg = Math.PI * fc * d;
                double sinc = Math.abs(arg) < 1e-12 ? 1 : Math.sin(arg) / arg;
                double w = 0.5 * (1 + Math.cos(Math.PI * d / half));
                acc += x[k] * fc * sinc * w;
            }
            y[i] = (float) acc;
        }
        return y;
    }
}
