package ipdnet2.nn.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The streaming step against the offline scan: stepping T times from a zero state gives the
 * offline outputs, gated by SiLU(z), with Mamba's signs (A &lt; 0, Δ ≥ 0: the cheaper exp) and
 * with some A &gt; 0 (the general exp).
 */
class ScanStepTest {
    private static final int T = 12, E = 37, N = 5;

    @Test
    void stepsEqualTheOfflineScanWithMambaSigns() {
        assertStepsMatchOffline(false);
    }

    @Test
    void stepsEqualTheOfflineScanWithPositiveEntriesOfA() {
        assertStepsMatchOffline(true);
    }

    private static void assertStepsMatchOffline(boolean somePositive) {
        SplittableRandom rnd = new SplittableRandom(somePositive ? 4 : 3);
        float[] x = uniform(rnd, T * E, -1.5, 1.5), delta = uniform(rnd, T * E, 0.01, 0.5);
        float[] b = uniform(rnd, T * N, -1, 1), c = uniform(rnd, T * N, -1, 1), z = uniform(rnd, T * E, -3, 3);
        float[] d = uniform(rnd, E, 0.5, 1.5);
        float[] a = new float[E * N];
        for (int i = 0; i < a.length; i++) a[i] = (float) -Math.exp(rnd.nextDouble(Math.log(0.05), Math.log(8.0)));
        if (somePositive) {
            for (int i = 0; i < a.length; i += 4) a[i] = 0.3f;
        }
        float[] aT = ScanStep.packA(a, E, N);
        assertThat(ScanStep.allNegative(aT)).isEqualTo(!somePositive);

        float[] offline = new float[T * E];
        SelectiveScan.forward(1, T, E, N, x, delta, a, b, c, d, offline);
        float[] state = new float[N * E], y = new float[E];
        for (int t = 0; t < T; t++) {
            ScanStep.step(E, N, x, t * E, delta, t * E, aT, b, t * N, c, t * N, d, z, t * E, state, 0, y, 0);
            for (int ch = 0; ch < E; ch++) {
                double zv = z[t * E + ch];
                double expected = offline[t * E + ch] * zv / (1 + Math.exp(-zv));
                assertThat((double) y[ch]).as("t %d channel %d", t, ch)
                        .isCloseTo(expected, within(2e-5 * (1 + Math.abs(expected))));
            }
        }
    }

    private static float[] uniform(SplittableRandom rnd, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rnd.nextDouble(lo, hi);
        return v;
    }
}
