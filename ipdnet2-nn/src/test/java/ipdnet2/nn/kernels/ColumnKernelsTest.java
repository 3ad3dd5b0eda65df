package ipdnet2.nn.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The channel-major LayerNorm and poolings against plain loops written from their formulas:
 * whole vectors and tails (37 columns), offsets and strides, bitwise where the operation order
 * is the documented one, and the LayerNorm also against a double-precision evaluation.
 */
class ColumnKernelsTest {
    @Test
    void columnNormNormalisesEachColumnOverItsChannels() {
        SplittableRandom rnd = new SplittableRandom(4);
        int c = 24, n = 37, ldx = 41, ldy = 45, xOff = 3, yOff = 2;
        float[] x = random(rnd, xOff + c * ldx), gamma = random(rnd, c), beta = random(rnd, c);
        for (int i = 0; i < x.length; i++) x[i] = x[i] * 3 + 1.5f;   // a non-zero mean to remove
        float eps = 1e-5f;
        float[] y = new float[yOff + c * ldy];
        ColumnNorm.normalize(x, xOff, ldx, c, n, eps, gamma, beta, y, yOff, ldy);
        for (int f = 0; f < ldy; f++) {
            float s = 0f;
            double sd = 0;
            for (int j = 0; j < c && f < n; j++) {
                s += x[xOff + j * ldx + f];
                sd += x[xOff + j * ldx + f];
            }
            for (int j = 0; j < c; j++) {
                if (f >= n) {
                    assertThat(y[yOff + j * ldy + f]).isZero();   // columns past n untouched
                    continue;
                }
                float mu = s / c;
                float q = 0f;
                for (int i = 0; i < c; i++) q = Math.fma(x[xOff + i * ldx + f] - mu, x[xOff + i * ldx + f] - mu, q);
                float rs = 1f / (float) Math.sqrt(q / c + eps);
                float want = Math.fma((x[xOff + j * ldx + f] - mu) * rs, gamma[j], beta[j]);
                assertThat(y[yOff + j * ldy + f]).isEqualTo(want);
                double mud = sd / c, vd = 0;
                for (int i = 0; i < c; i++) vd += Math.pow(x[xOff + i * ldx + f] - mud, 2);
                double exact = (x[xOff + j * ldx + f] - mud) / Math.sqrt(vd / c + eps) * gamma[j] + beta[j];
                assertThat((double) y[yOff + j * ldy + f]).isCloseTo(exact, within(1e-5));
            }
        }
    }

    @Test
    void halvesAverageTheTwoHalvesOfEachRowAlsoInPlace() {
        SplittableRandom rnd = new SplittableRandom(5);
        int rows = 3, n = 37, ldx = 80, ldy = 40;   // two vectors and a tail per row
        float[] x = random(rnd, rows * ldx);
        float[] want = new float[rows * ldy];
        for (int r = 0; r < rows; r++) {
            for (int m = 0; m < n; m++) want[r * ldy + m] = (x[r * ldx + m] + x[r * ldx + n + m]) * 0.5f;
        }
        float[] y = new float[rows * ldy];
        ColumnPool.halves(x, ldx, rows, n, y, ldy);
        assertThat(y).containsExactly(want);
        float[] inPlace = x.clone();
        ColumnPool.halves(inPlace, ldx, rows, n, inPlace, ldy);
        for (int r = 0; r < rows; r++) {
            for (int m = 0; m < n; m++) assertThat(inPlace[r * ldy + m]).isEqualTo(want[r * ldy + m]);
        }
    }

    @Test
    void transposedPoolingAveragesRunsOfColumnsIntoRows() {
        SplittableRandom rnd = new SplittableRandom(6);
        int rows = 37, cols = 70, ldx = 72, factor = 8, stride = 41, outOff = 3;   // 8 outputs, 6 columns dropped
        float[] x = random(rnd, rows * ldx);
        float[] out = new float[outOff + 8 * stride];
        ColumnPool.transposed(x, ldx, rows, cols, factor, out, outOff, stride);
        float[] want = new float[out.length];
        for (int j = 0; j < cols / factor; j++) {
            for (int r = 0; r < rows; r++) {
                float s = 0f;
                for (int i = 0; i < factor; i++) s += x[r * ldx + j * factor + i];
                want[outOff + j * stride + r] = s * (1f / factor);
            }
        }
        assertThat(out).containsExactly(want);
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextDouble(-1, 1);
        return a;
    }
}
