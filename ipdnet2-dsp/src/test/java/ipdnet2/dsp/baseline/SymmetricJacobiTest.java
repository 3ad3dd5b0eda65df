package ipdnet2.dsp.baseline;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SymmetricJacobiTest {
    @Test
    void twoByTwoByHand() {
        // [[2, 1], [1, 2]]: eigenvalues 1 and 3, eigenvectors (1, -1)/√2 and (1, 1)/√2
        double[] a = {2, 1, 1, 2};
        double[] v = new double[4];
        SymmetricJacobi.decompose(a, 2, v);
        double l0 = a[0], l1 = a[3];
        assertThat(Math.min(l0, l1)).isCloseTo(1.0, within(1e-12));
        assertThat(Math.max(l0, l1)).isCloseTo(3.0, within(1e-12));
        int big = l0 > l1 ? 0 : 1;
        assertThat(Math.abs(v[big])).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(v[big] * v[2 + big]).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void reconstructsARandomSymmetricMatrix() {
        int n = 10;
        SplittableRandom rng = new SplittableRandom(3);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rng.nextGaussian();
        }
        double[] d = a.clone();
        double[] v = new double[n * n];
        SymmetricJacobi.decompose(d, n, v);
        // A = V·diag(λ)·Vᵀ and VᵀV = I
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double r = 0, o = 0;
                for (int k = 0; k < n; k++) {
                    r += v[i * n + k] * d[k * n + k] * v[j * n + k];
                    o += v[k * n + i] * v[k * n + j];
                }
                assertThat(r).isCloseTo(a[i * n + j], within(1e-10));
                assertThat(o).isCloseTo(i == j ? 1 : 0, within(1e-12));
            }
        }
    }
}
