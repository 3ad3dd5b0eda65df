package ipdnet2.nn.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks the fused selective scan against an independent double-precision reference of the
 * recurrence of ARCHITECTURE.md §3, against central finite differences of L = Σ y·W, against its
 * own streaming step, and across thread counts.
 */
class SelectiveScanTest {
    // E = 37 covers whole vectors of 4, 8 or 16 lanes plus a scalar tail.
    private static final int SEQS = 2;
    private static final int T = 22;
    private static final int E = 37;
    private static final int N = 5;

    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** Random inputs in the ranges a trained Mamba block sees: Δ in [0.01, 0.5], A < 0. */
    private static final class Inputs {
        final int seqs;
        final int t;
        final int e;
        final int n;
        final float[] x;
        final float[] delta;
        final float[] a;
        final float[] b;
        final float[] c;
        final float[] d;

        Inputs(int seqs, int t, int e, int n, long seed) {
            this.seqs = seqs;
            this.t = t;
            this.e = e;
            this.n = n;
            SplittableRandom rnd = new SplittableRandom(seed);
            x = uniform(rnd, seqs * t * e, -1.5, 1.5);
            delta = uniform(rnd, seqs * t * e, 0.01, 0.5);
            a = new float[e * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) -Math.exp(rnd.nextDouble(Math.log(0.05), Math.log(8.0)));
            }
            b = uniform(rnd, seqs * t * n, -1, 1);
            c = uniform(rnd, seqs * t * n, -1, 1);
            d = uniform(rnd, e, 0.5, 1.5);
        }

        float[][] all() {
            return new float[][] {x, delta, a, b, c, d};
        }
    }

    private static float[] uniform(SplittableRandom rnd, int size, double lo, double hi) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (float) rnd.nextDouble(lo, hi);
        return v;
    }

    private static double[] toDouble(float[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = v[i];
        return r;
    }

    /**
     * Straightforward double-precision recurrence, written from the equations: for every
     * sequence, time, channel and state index, s = exp(Δ·A)·s + Δ·x·B, y = Σ s·C + D·x.
     */
    private static double[] referenceForward(int seqs, int t, int e, int n, double[] x,
            double[] delta, double[] a, double[] b, double[] c, double[] d) {
        double[] y = new double[seqs * t * e];
        for (int q = 0; q < seqs; q++) {
            double[][] s = new double[e][n];
            for (int k = 0; k < t; k++) {
                for (int ch = 0; ch < e; ch++) {
                    int ix = (q * t + k) * e + ch;
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        int ib = (q * t + k) * n + j;
                        s[ch][j] = Math.exp(delta[ix] * a[ch * n + j]) * s[ch][j]
                                + delta[ix] * x[ix] * b[ib];
                        sum += s[ch][j] * c[ib];
                    }
                    y[ix] = sum + d[ch] * x[ix];
                }
            }
        }
        return y;
    }

    private static double referenceLoss(Inputs in, double[][] vals, double[] w) {
        double[] y = referenceForward(in.seqs, in.t, in.e, in.n, vals[0], vals[1], vals[2],
                vals[3], vals[4], vals[5]);
        double l = 0;
        for (int i = 0; i < y.length; i++) l += y[i] * w[i];
        return l;
    }

    @ParameterizedTest
    @CsvSource({"3, 30, 5, 4", "2, 25, 32, 16", "2, 22, 37, 5", "1, 40, 96, 16"})
    void forwardMatchesDoublePrecisionReference(int seqs, int t, int e, int n) {
        Inputs in = new Inputs(seqs, t, e, n, 11 + e);
        float[] y = new float[seqs * t * e];
        SelectiveScan.forward(seqs, t, e, n, in.x, in.delta, in.a, in.b, in.c, in.d, y);
        double[] ref = referenceForward(seqs, t, e, n, toDouble(in.x), toDouble(in.delta),
                toDouble(in.a), toDouble(in.b), toDouble(in.c), toDouble(in.d));
        for (int i = 0; i < y.length; i++) {
            assertThat((double) y[i]).as("y[%d]", i)
                    .isCloseTo(ref[i], within(2e-5 * (1 + Math.abs(ref[i]))));
        }
    }

    @Test
    void forwardOutsideMambasSignsMatchesReference() {
        // A > 0 and a negative Δ (not Mamba's domain) take the general exp instead of the one
        // for non-positive arguments; the recurrence must hold all the same.
        Inputs in = new Inputs(2, 20, 37, 5, 5);
        for (int i = 0; i < in.a.length; i += 3) in.a[i] = -0.1f * in.a[i];
        in.delta[7] = -0.05f;
        float[] y = new float[2 * 20 * 37];
        SelectiveScan.forward(2, 20, 37, 5, in.x, in.delta, in.a, in.b, in.c, in.d, y);
        double[] ref = referenceForward(2, 20, 37, 5, toDouble(in.x), toDouble(in.delta),
                toDouble(in.a), toDouble(in.b), toDouble(in.c), toDouble(in.d));
        for (int i = 0; i < y.length; i++) {
            assertThat((double) y[i]).as("y[%d]", i)
                    .isCloseTo(ref[i], within(2e-5 * (1 + Math.abs(ref[i]))));
        }
        assertThat(SelectiveScan.decaysNonPositive(in.a, in.a.length, in.delta, in.delta.length)).isFalse();
        Inputs mamba = new Inputs(2, 20, 37, 5, 5);
        assertThat(SelectiveScan.decaysNonPositive(mamba.a, mamba.a.length, mamba.delta, mamba.delta.length)).isTrue();
    }

    @Test
    void forwardMatchesHandComputedSingleChannel() {
        // E = N = 1, T = 2: s1 = Δ1·x1·B1, y1 = s1·C1 + D·x1;
        // s2 = exp(Δ2·A)·s1 + Δ2·x2·B2, y2 = s2·C2 + D·x2.
        float[] x = {2f, -1f};
        float[] delta = {0.5f, 0.25f};
        float[] a = {-2f};
        float[] b = {3f, 4f};
        float[] c = {0.5f, -1f};
        float[] d = {0.1f};
        float[] y = new float[2];
        SelectiveScan.forward(1, 2, 1, 1, x, delta, a, b, c, d, y);
        double s1 = 0.5 * 2 * 3;
        double s2 = Math.exp(-0.5) * s1 + 0.25 * -1 * 4;
        assertThat((double) y[0]).isCloseTo(s1 * 0.5 + 0.2, within(1e-6));
        assertThat((double) y[1]).isCloseTo(-s2 - 0.1, within(1e-6));
    }

    @Test
    void backwardMatchesCentralFiniteDifferencesForEveryInput() {
        Inputs in = new Inputs(SEQS, T, E, N, 23);
        SplittableRandom rnd = new SplittableRandom(5);
        double[] w = new double[SEQS * T * E];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextDouble(-1, 1);
        float[] dy = new float[w.length];
        for (int i = 0; i < w.length; i++) dy[i] = (float) w[i];

        float[] dx = filled(SEQS * T * E, Float.NaN);
        float[] dDelta = filled(SEQS * T * E, Float.NaN);
        float[] dB = filled(SEQS * T * N, Float.NaN);
        float[] dC = filled(SEQS * T * N, Float.NaN);
        // dA and dD accumulate: start them from known offsets and subtract those afterwards.
        float[] dA = filled(E * N, 0.75f);
        float[] dD = filled(E, -0.5f);
        SelectiveScan.backward(SEQS, T, E, N, in.x, in.delta, in.a, in.b, in.c, in.d, dy,
                dx, dDelta, dA, dB, dC, dD);
        for (int i = 0; i < dA.length; i++) dA[i] -= 0.75f;
        for (int i = 0; i < dD.length; i++) dD[i] += 0.5f;

        float[][] grads = {dx, dDelta, dA, dB, dC, dD};
        String[] names = {"x", "delta", "A", "B", "C", "D"};
        float[][] inputs = in.all();
        double[][] vals = new double[inputs.length][];
        for (int k = 0; k < inputs.length; k++) vals[k] = toDouble(inputs[k]);
        double h = 1e-5;
        for (int k = 0; k < inputs.length; k++) {
            double maxAbs = 0;
            for (int i = 0; i < vals[k].length; i++) {
                double orig = vals[k][i];
                vals[k][i] = orig + h;
                double lp = referenceLoss(in, vals, w);
                vals[k][i] = orig - h;
                double lm = referenceLoss(in, vals, w);
                vals[k][i] = orig;
                double fd = (lp - lm) / (2 * h);
                maxAbs = Math.max(maxAbs, Math.abs(fd));
                assertThat((double) grads[k][i]).as("d%s[%d]", names[k], i)
                        .isCloseTo(fd, within(1e-4 * (1 + Math.abs(fd))));
            }
            // Guard against a vacuous comparison: every input must have a real gradient.
            assertThat(maxAbs).as("largest |dL/d%s|", names[k]).isGreaterThan(0.05);
        }
    }

    @Test
    void stepAppliedTTimesEqualsForward() {
        Inputs in = new Inputs(SEQS, T, E, N, 37);
        float[] y = new float[SEQS * T * E];
        SelectiveScan.forward(SEQS, T, E, N, in.x, in.delta, in.a, in.b, in.c, in.d, y);
        float[] xT = new float[E];
        float[] deltaT = new float[E];
        float[] bT = new float[N];
        float[] cT = new float[N];
        float[] yT = new float[E];
        for (int q = 0; q < SEQS; q++) {
            float[] state = new float[E * N];
            for (int k = 0; k < T; k++) {
                System.arraycopy(in.x, (q * T + k) * E, xT, 0, E);
                System.arraycopy(in.delta, (q * T + k) * E, deltaT, 0, E);
                System.arraycopy(in.b, (q * T + k) * N, bT, 0, N);
                System.arraycopy(in.c, (q * T + k) * N, cT, 0, N);
                SelectiveScan.step(E, N, xT, deltaT, in.a, bT, cT, in.d, state, yT);
                for (int ch = 0; ch < E; ch++) {
                    assertThat(yT[ch]).as("seq %d, t %d, e %d", q, k, ch)
                            .isEqualTo(y[(q * T + k) * E + ch]);
                }
            }
        }
    }

    @Test
    void resultsIdenticalForOneAndTwoThreads() {
        // More sequences than reduction groups, and channel/state sizes that are not multiples
        // of a vector length, so every code path and the dA/dD reduction are exercised.
        int seqs = 37;
        int t = 9;
        int e = 35;
        int n = 16;
        Inputs in = new Inputs(seqs, t, e, n, 41);
        float[] dy = uniform(new SplittableRandom(3), seqs * t * e, -1, 1);
        float[][] one = runAll(1, in, dy);
        float[][] two = runAll(2, in, dy);
        String[] names = {"y", "dx", "dDelta", "dA", "dB", "dC", "dD"};
        for (int k = 0; k < one.length; k++) {
            assertThat(two[k]).as(names[k]).containsExactly(one[k]);
        }
    }

    private static float[][] runAll(int threads, Inputs in, float[] dy) {
        Parallel.setThreads(threads);
        int se = in.seqs * in.t * in.e;
        int sn = in.seqs * in.t * in.n;
        float[] y = new float[se];
        SelectiveScan.forward(in.seqs, in.t, in.e, in.n, in.x, in.delta, in.a, in.b, in.c,
                in.d, y);
        float[] dx = new float[se];
        float[] dDelta = new float[se];
        float[] dA = new float[in.e * in.n];
        float[] dB = new float[sn];
        float[] dC = new float[sn];
        float[] dD = new float[in.e];
        SelectiveScan.backward(in.seqs, in.t, in.e, in.n, in.x, in.delta, in.a, in.b, in.c,
                in.d, dy, dx, dDelta, dA, dB, dC, dD);
        return new float[][] {y, dx, dDelta, dA, dB, dC, dD};
    }

    @Test
    void emptyBatchesLeaveAccumulatedGradientsUntouched() {
        float[] a = filled(3 * 2, -1f);
        float[] d = filled(3, 1f);
        float[] dA = filled(3 * 2, 0.25f);
        float[] dD = filled(3, 0.5f);
        float[] none = new float[0];
        SelectiveScan.forward(0, 5, 3, 2, none, none, a, none, none, d, none);
        SelectiveScan.backward(0, 5, 3, 2, none, none, a, none, none, d, none, none, none, dA,
                none, none, dD);
        SelectiveScan.backward(4, 0, 3, 2, none, none, a, none, none, d, none, none, none, dA,
                none, none, dD);
        assertThat(dA).containsOnly(0.25f);
        assertThat(dD).containsOnly(0.5f);
    }

    @Test
    void rejectsWronglySizedArgumentsNamingThem() {
        Inputs in = new Inputs(2, 4, 3, 2, 1);
        float[] shortY = new float[2 * 4 * 3 - 1];
        assertThatThrownBy(() -> SelectiveScan.forward(2, 4, 3, 2, in.x, in.delta, in.a, in.b,
                in.c, in.d, shortY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argument y has length 23");
        float[] shortB = new float[3];
        assertThatThrownBy(() -> SelectiveScan.forward(2, 4, 3, 2, in.x, in.delta, in.a, shortB,
                in.c, in.d, new float[24]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argument B ");
        assertThatThrownBy(() -> SelectiveScan.step(3, 2, new float[3], new float[3], in.a,
                new float[2], new float[2], in.d, new float[5], new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argument state ");
    }

    private static float[] filled(int size, float value) {
        float[] v = new float[size];
        java.util.Arrays.fill(v, value);
        return v;
    }
}
