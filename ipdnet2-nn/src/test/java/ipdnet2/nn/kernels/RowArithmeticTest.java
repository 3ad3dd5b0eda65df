package ipdnet2.nn.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The row loops against plain loops: whole vectors and the tail, nothing outside the rows. */
class RowArithmeticTest {
    @Test
    void addsTheBiasToEveryRowOfTheBlockOnly() {
        SplittableRandom rnd = new SplittableRandom(2);
        int rows = 3, n = 37, off = 5;
        float[] y = new float[off + rows * n + 4], b = new float[n];
        for (int i = 0; i < y.length; i++) y[i] = (float) rnd.nextDouble(-1, 1);
        for (int j = 0; j < n; j++) b[j] = (float) rnd.nextDouble(-1, 1);
        float[] expected = y.clone();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) expected[off + r * n + j] = y[off + r * n + j] + b[j];
        }
        RowArithmetic.addBias(y, off, rows, n, b);
        assertThat(y).containsExactly(expected);
    }

    @Test
    void rowOperationsEqualTheirPlainLoopsBitwise() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 53, yo = 3, xo = 7, bo = 11;
        float[] y = random(rnd, 80), x = random(rnd, 80), b = random(rnd, 80);
        float s = 0.2f;

        float[] got = y.clone(), want = y.clone();
        RowArithmetic.add(got, yo, x, xo, n);
        for (int j = 0; j < n; j++) want[yo + j] += x[xo + j];
        assertThat(got).containsExactly(want);

        got = y.clone();
        want = y.clone();
        RowArithmetic.addProduct(got, yo, x, xo, b, bo, n);
        for (int j = 0; j < n; j++) want[yo + j] += x[xo + j] * b[bo + j];
        assertThat(got).containsExactly(want);

        got = y.clone();
        want = y.clone();
        RowArithmetic.start(got, yo, x, xo, n);
        for (int j = 0; j < n; j++) want[yo + j] = x[xo + j] + 0f;
        assertThat(got).containsExactly(want);

        got = y.clone();
        want = y.clone();
        RowArithmetic.addThenScale(got, yo, x, xo, n, s);
        for (int j = 0; j < n; j++) want[yo + j] = (y[yo + j] + x[xo + j]) * s;
        assertThat(got).containsExactly(want);

        got = y.clone();
        want = y.clone();
        RowArithmetic.addScaled(got, yo, x, xo, n, s);
        for (int j = 0; j < n; j++) want[yo + j] += x[xo + j] * s;
        assertThat(got).containsExactly(want);
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rnd.nextDouble(-2, 2);
        return v;
    }
}
