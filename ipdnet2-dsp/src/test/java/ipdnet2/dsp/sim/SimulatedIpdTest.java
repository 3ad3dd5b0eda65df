package ipdnet2.dsp.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.target.DirectPathIpd;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inter-mic phase of a simulated anechoic talker agrees with the direct-path IPD target of
 * ARCHITECTURE.md §2, φ_p(f_k) = 2π f_k (|s − m_p| − |s − m_0|)/c, f_k = k·8000/256 Hz.
 *
 * <p>With the STFT's e^{−jωt} kernel a delay τ multiplies a bin by e^{−jωτ}, so
 * X_0·conj(X_p) = |S|²·e^{jω(τ_p − τ_0)}: the target φ is the phase of X_0·conj(X_p) (equivalently
 * minus the phase of the relative transfer function X_p/X_0). Checked up to 7.5 kHz (bin 240):
 * above that lies the transition band of the 81-tap fractional-delay kernel.
 */
class SimulatedIpdTest {
    @Test
    void crossSpectrumPhaseOfAnAnechoicTalkerIsTheTargetPhase() {
        ArrayGeometry array = ArrayGeometry.realmanDefault();
        Room anechoic = new Room(9, 8, 3, 0);
        double[] centre = {4, 4, 1.5};
        RoomAcoustics acoustics = new RoomAcoustics(anechoic, array, centre);
        for (double az : new double[] {40, -115}) {
            double[] s = acoustics.position(2.8, az, 0);
            Rir rir = acoustics.impulseResponse(s, new SplittableRandom(1));
            SplittableRandom rng = new SplittableRandom(8);
            int n = 16000 * 8;
            float[] dry = new float[n];
            for (int i = 0; i < n; i++) dry[i] = (float) rng.nextGaussian();
            float[][] x = new float[array.mics()][n];
            Convolution.addConvolved(x, dry, 0, rir.taps(), rir.lead());
            double[] m0 = acoustics.micPosition(0);
            // The signal chain's target for this talker: [512][M-1], cos then sin per bin.
            float[] target = new DirectPathIpd(array).active(az, 2.8);
            int pairs = array.mics() - 1;
            double worst = 0;
            double worstVsTarget = 0;
            for (int p = 1; p < array.mics(); p++) {
                double[] mp = acoustics.micPosition(p);
                double[][] cross = crossSpectrum(x[0], x[p], 512);
                for (int k = 1; k <= 240; k++) {
                    double f = k * 8000.0 / 256;
                    double phi = 2 * Math.PI * f * (dist(s, mp) - dist(s, m0)) / 340;
                    double measured = Math.atan2(cross[1][k], cross[0][k]);
                    double e = Math.abs(Math.IEEEremainder(measured - phi, 2 * Math.PI));
                    worst = Math.max(worst, e);
                    double targetPhase = Math.atan2(target[(255 + k) * pairs + p - 1], target[(k - 1) * pairs + p - 1]);
                    worstVsTarget = Math.max(worstVsTarget,
                            Math.abs(Math.IEEEremainder(measured - targetPhase, 2 * Math.PI)));
                }
            }
            assertThat(worst).as("largest phase error (rad) at azimuth %.0f", az).isLessThan(0.01);
            assertThat(worstVsTarget).as("largest error against the target class at azimuth %.0f", az).isLessThan(0.01);
        }
    }

    /** Welch average of X_a·conj(X_b): [re, im][bin], Hann windows, 50 % overlap. */
    private static double[][] crossSpectrum(float[] a, float[] b, int n) {
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        double[][] s = new double[2][n / 2 + 1];
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
                s[0][k] += xr * yr + xi * yi;
                s[1][k] += xi * yr - xr * yi;
            }
        }
        return s;
    }

    private static double dist(double[] a, double[] b) {
        return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
    }
}
