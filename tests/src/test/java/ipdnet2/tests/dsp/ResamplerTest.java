package ipdnet2.tests.dsp;

import ipdnet2.dsp.resample.Resampler;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Band-limited, zero-delay sample-rate conversion (ARCHITECTURE.md §1). */
class ResamplerTest {
    private static float[] tone(double hz, int rate, int n, double amp, double phase) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / rate + phase));
        return x;
    }

    /** Least-squares amplitude and phase of a tone of known frequency over y[from, to). */
    private static double[] fit(float[] y, double hz, int rate, int from, int to) {
        double ss = 0, sc = 0, cc = 0, ys = 0, yc = 0;
        for (int i = from; i < to; i++) {
            double s = Math.sin(2 * Math.PI * hz * i / rate);
            double c = Math.cos(2 * Math.PI * hz * i / rate);
            ss += s * s;
            sc += s * c;
            cc += c * c;
            ys += y[i] * s;
            yc += y[i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det;
        double b = (yc * ss - ys * sc) / det;
        return new double[] {Math.hypot(a, b), Math.atan2(b, a)};
    }

    @Test
    void oneKilohertzKeepsAmplitudeWithinATenthOfADecibel() {
        float[] x = tone(1000, 48000, 48000, 0.5, 0.3);
        float[] y = new Resampler(48000, 16000).process(x);
        assertThat(y.length).isEqualTo(16000);
        double[] f = fit(y, 1000, 16000, 500, 15500);
        assertThat(Math.abs(20 * Math.log10(f[0] / 0.5))).isLessThan(0.1);
        assertThat(f[1]).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void elevenKilohertzIsAttenuatedBySixtyDecibels() {
        float[] x = tone(11000, 48000, 48000, 1.0, 0);
        float[] y = new Resampler(48000, 16000).process(x);
        double e = 0;
        for (int i = 500; i < 15500; i++) e += y[i] * y[i];
        double rms = Math.sqrt(e / 15000);
        double db = 20 * Math.log10(rms / Math.sqrt(0.5));
        assertThat(db).isLessThan(-60);
    }

    @Test
    void hasZeroDelayAgainstTheIdealDecimatedSignal() {
        // a broadband signal below 6 kHz, known analytically at any instant
        SplittableRandom r = new SplittableRandom(7);
        int k = 40;
        double[] hz = new double[k], ph = new double[k], amp = new double[k];
        for (int i = 0; i < k; i++) {
            hz[i] = 50 + r.nextDouble() * 5950;
            ph[i] = r.nextDouble() * 2 * Math.PI;
            amp[i] = 0.02 + 0.02 * r.nextDouble();
        }
        int n = 48000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) value(hz, ph, amp, i / 48000.0);
        float[] y = new Resampler(48000, 16000).process(x);
        float[] ideal = new float[y.length];
        for (int j = 0; j < y.length; j++) ideal[j] = (float) value(hz, ph, amp, j / 16000.0);
        int best = 0;
        double bestCorr = -1e300;
        for (int lag = -5; lag <= 5; lag++) {
            double c = 0;
            for (int j = 1000; j < 15000; j++) c += y[j] * ideal[j + lag];
            if (c > bestCorr) {
                bestCorr = c;
                best = lag;
            }
        }
        assertThat(best).isZero();
        double err = 0, pow = 0;
        for (int j = 1000; j < 15000; j++) {
            err += (y[j] - ideal[j]) * (y[j] - ideal[j]);
            pow += ideal[j] * ideal[j];
        }
        assertThat(10 * Math.log10(err / pow)).isLessThan(-50);
    }

    @Test
    void convertsOtherRatePairs() {
        int[][] pairs = {{44100, 16000}, {16000, 48000}, {22050, 16000}, {16000, 16000}};
        for (int[] p : pairs) {
            float[] x = tone(1000, p[0], p[0], 0.5, 0.7);
            Resampler rs = new Resampler(p[0], p[1]);
            float[] y = rs.process(x);
            assertThat(y.length).isEqualTo(p[1]);
            double[] f = fit(y, 1000, p[1], p[1] / 20, p[1] - p[1] / 20);
            assertThat(Math.abs(20 * Math.log10(f[0] / 0.5))).as("%d -> %d", p[0], p[1]).isLessThan(0.1);
            assertThat(f[1]).as("phase %d -> %d", p[0], p[1]).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    private static double value(double[] hz, double[] ph, double[] amp, double t) {
        double v = 0;
        for (int i = 0; i < hz.length; i++) v += amp[i] * Math.sin(2 * Math.PI * hz[i] * t + ph[i]);
        return v;
    }
}
