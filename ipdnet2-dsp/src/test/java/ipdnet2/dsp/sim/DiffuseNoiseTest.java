package ipdnet2.dsp.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DiffuseNoiseTest {
    @Test
    void coherenceBetweenMicsMatchesTheSphericallyIsotropicSinc() {
        // Three mics at spacings 0.03, 0.1 and 0.13 m (pairs 0-1, 1-2, 0-2).
        ArrayGeometry array = new ArrayGeometry(new double[][] {{0, 0, 0}, {0.03, 0, 0}, {0.13, 0, 0}});
        int len = 16000 * 20;
        SplittableRandom rng = new SplittableRandom(11);
        float[][] white = new float[3][len];
        for (float[] ch : white) {
            for (int i = 0; i < len; i++) ch[i] = (float) rng.nextGaussian();
        }
        float[][] out = new DiffuseNoise(array, 16000, 340).impose(white);
        int[][] pairs = {{0, 1}, {1, 2}, {0, 2}};
        for (int[] pair : pairs) {
            double[][] coh = welchCoherence(out[pair[0]], out[pair[1]], 256);
            double d = array.spacing(pair[0], pair[1]);
            for (int k = 1; k < 128; k++) {
                double f = k * 16000.0 / 256;
                double expected = Math.sin(2 * Math.PI * f * d / 340) / (2 * Math.PI * f * d / 340);
                assertThat(coh[0][k]).as("real coherence, d=%.2f, f=%.0f", d, f).isCloseTo(expected, within(0.06));
                assertThat(coh[1][k]).as("imaginary coherence, d=%.2f, f=%.0f", d, f).isCloseTo(0, within(0.06));
            }
        }
        // The mixing keeps each channel's power (unit diagonal of the coherence matrix).
        for (float[] ch : out) {
            double p = 0;
            for (float v : ch) p += v * v;
            assertThat(p / len).isCloseTo(1.0, within(0.03));
        }
    }

    @Test
    void identityCoherenceReconstructsTheInput() {
        // Mics 10 m apart: sinc(2π f d / c) is ~0 at every bin but DC, so the mixing is ~identity
        // except for the lowest bins; compare high-passed content by the residual energy.
        ArrayGeometry far = new ArrayGeometry(new double[][] {{0, 0, 0}, {100, 0, 0}});
        SplittableRandom rng = new SplittableRandom(3);
        float[][] white = new float[2][8000];
        for (float[] ch : white) {
            for (int i = 0; i < ch.length; i++) ch[i] = (float) rng.nextGaussian();
        }
        float[][] out = new DiffuseNoise(far, 16000, 340).impose(white);
        double err = 0;
        double ref = 0;
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 8000; i++) {
                err += Math.pow(out[c][i] - white[c][i], 2);
                ref += Math.pow(white[c][i], 2);
            }
        }
        assertThat(err / ref).isLessThan(0.01);
    }

    /** Welch estimate of the complex coherence S_ab / sqrt(S_aa S_bb), Hann windows, 50 % overlap. */
    static double[][] welchCoherence(float[] a, float[] b, int n) {
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        double[] sab = new double[n], sabIm = new double[n / 2 + 1], saa = new double[n / 2 + 1], sbb = new double[n / 2 + 1];
        double[] x = new double[n];
        double[] y = new double[n];
        for (int start = 0; start + n <= a.length; start += n / 2) {
            for (int i = 0; i < n; i++) {
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
                x[i] = a[start + i] * w;
                y[i] = b[start + i] * w;
            }
            fft.realForward(x);
            fft.realForward(y);
            for (int k = 1; k < n / 2; k++) {
                double xr = x[2 * k], xi = x[2 * k + 1], yr = y[2 * k], yi = y[2 * k + 1];
                sab[k] += xr * yr + xi * yi;
                sabIm[k] += xi * yr - xr * yi;
                saa[k] += xr * xr + xi * xi;
                sbb[k] += yr * yr + yi * yi;
            }
        }
        double[][] coh = new double[2][n / 2 + 1];
        for (int k = 1; k < n / 2; k++) {
            double norm = Math.sqrt(saa[k] * sbb[k]);
            coh[0][k] = sab[k] / norm;
            coh[1][k] = sabIm[k] / norm;
        }
        return coh;
    }
}
