package ipdnet2.dsp.sim;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FractionalDelayTest {
    /** The kernel by its definition: gain·sinc(n − τ)·½(1 + cos(π(n − τ)/41)) for |n − round(τ)| ≤ 40. */
    private static double defined(int n, double tau, double gain) {
        double x = n - tau;
        if (Math.abs(n - Math.floor(tau + 0.5)) > FractionalDelay.HALF_WIDTH) return 0;
        double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        return gain * sinc * 0.5 * (1 + Math.cos(Math.PI * x / (FractionalDelay.HALF_WIDTH + 1)));
    }

    @Test
    void tapsFollowTheWindowedSincAtAnyPositionIncludingIntegersAndEdges() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] positions = new double[40];
        for (int i = 0; i < 30; i++) positions[i] = 40 + rng.nextDouble() * 300;
        positions[30] = 100;            // integer: the centre tap is sinc(0) = 1
        positions[31] = 100 + 1e-12;    // numerically integer
        positions[32] = 100.5;          // half-way: rounds up
        positions[33] = 3.3;            // left taps cut off by the array start
        positions[34] = 395.7;          // right taps cut off by the array end
        positions[35] = -50;            // entirely outside
        for (int i = 36; i < 40; i++) positions[i] = rng.nextDouble() * 400;
        for (double tau : positions) {
            float[] out = new float[400];
            FractionalDelay.add(out, tau, 0.37);
            double[] sum = new double[400];
            FractionalDelay.add(sum, tau, 0.37);
            for (int n = 0; n < out.length; n++) {
                assertThat((double) out[n]).as("tap %d of an arrival at %.12f", n, tau)
                        .isCloseTo(defined(n, tau, 0.37), within(1e-7));
                assertThat(sum[n]).as("double tap %d of an arrival at %.12f", n, tau)
                        .isCloseTo(defined(n, tau, 0.37), within(1e-12));
            }
        }
    }

    @Test
    void anArrivalHasItsGainAndItsDelayInTheBandBelowSixKilohertz() {
        // Σ_n h[n]·e^{−jωn} = g·e^{−jωτ} for a band-limited delay: check magnitude and group delay.
        double tau = 123.37;
        float[] h = new float[260];
        FractionalDelay.add(h, tau, 2.0);
        for (double hz : new double[] {100, 1000, 3000, 6000}) {
            double w = 2 * Math.PI * hz / 16000;
            double re = 0, im = 0;
            for (int n = 0; n < h.length; n++) {
                re += h[n] * Math.cos(w * (n - tau));
                im -= h[n] * Math.sin(w * (n - tau));
            }
            assertThat(Math.hypot(re, im)).as("gain at %.0f Hz", hz).isCloseTo(2.0, within(0.01));
            assertThat(Math.atan2(im, re)).as("residual phase at %.0f Hz", hz).isCloseTo(0, within(1e-3));
        }
    }
}
