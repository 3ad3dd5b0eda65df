package ipdnet2.nn.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bias added to every row, whole vectors and the tail, and nothing outside the block. */
class BiasRowsTest {
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
        BiasRows.add(y, off, rows, n, b);
        assertThat(y).containsExactly(expected);
    }
}
