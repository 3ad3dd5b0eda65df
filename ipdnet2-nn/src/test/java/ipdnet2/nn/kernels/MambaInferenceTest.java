package ipdnet2.nn.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mamba's fused inference stages against their formulas evaluated in double precision: the
 * causal depthwise convolution with SiLU (zeros before each sequence's start, sequences
 * independent), dt_proj with softplus and the B, C columns, and the output gate. E = 37: two
 * 16-lane vectors and a tail.
 */
class MambaInferenceTest {
    @Test
    void causalConvolutionWithSiluMatchesItsFormula() {
        SplittableRandom rnd = new SplittableRandom(11);
        int seqs = 2, t = 6, e = 37, k = 4;
        float[] x = random(rnd, seqs * t * e), w = random(rnd, e * k), b = random(rnd, e);
        float[] y = new float[x.length];
        MambaInference.convSilu(seqs, t, e, k, x, w, b, y);
        for (int s = 0; s < seqs; s++) {
            for (int ti = 0; ti < t; ti++) {
                for (int c = 0; c < e; c++) {
                    double acc = b[c];
                    for (int j = 0; j < k; j++) {
                        int src = ti - (k - 1) + j;   // earlier than the sequence's first row: zero
                        if (src >= 0) acc += (double) w[c * k + j] * x[(s * t + src) * e + c];
                    }
                    double silu = acc / (1 + Math.exp(-acc));
                    assertThat((double) y[(s * t + ti) * e + c]).as("seq %d t %d ch %d", s, ti, c)
                            .isCloseTo(silu, within(1e-5));
                }
            }
        }
    }

    @Test
    void deltaIsTheSoftplusOfDtProjAndTheStateInputsAreCopied() {
        SplittableRandom rnd = new SplittableRandom(12);
        int rows = 5, r = 3, n = 4, e = 37, ld = r + 2 * n;
        float[] dbc = random(rnd, rows * ld), w = random(rnd, e * r), bias = random(rnd, e);
        for (int i = 0; i < dbc.length; i++) dbc[i] *= 8;   // reach softplus's tails
        float[] delta = new float[rows * e], b = new float[rows * n], c = new float[rows * n];
        MambaInference.deltaAndStates(rows, r, n, e, dbc, w, bias, delta, b, c);
        for (int row = 0; row < rows; row++) {
            for (int ch = 0; ch < e; ch++) {
                double v = bias[ch];
                for (int q = 0; q < r; q++) v += (double) w[ch * r + q] * dbc[row * ld + q];
                double softplus = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
                assertThat((double) delta[row * e + ch]).isCloseTo(softplus, within(2e-6 * Math.max(1, Math.abs(v))));
            }
            for (int i = 0; i < n; i++) {
                assertThat(b[row * n + i]).isEqualTo(dbc[row * ld + r + i]);
                assertThat(c[row * n + i]).isEqualTo(dbc[row * ld + r + n + i]);
            }
        }
    }

    @Test
    void theOutputGateMultipliesBySiluOfZ() {
        SplittableRandom rnd = new SplittableRandom(13);
        int n = 37;
        float[] y = random(rnd, n + 3), z = random(rnd, n + 5);
        for (int i = 0; i < z.length; i++) z[i] *= 6;
        float[] gated = y.clone();
        FastActivations.mulSilu(gated, 3, z, 5, n);
        for (int i = 0; i < 3; i++) assertThat(gated[i]).isEqualTo(y[i]);
        for (int i = 0; i < n; i++) {
            double zi = z[5 + i];
            assertThat((double) gated[3 + i]).isCloseTo(y[3 + i] * zi / (1 + Math.exp(-zi)), within(1e-6));
        }
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextDouble(-1, 1);
        return a;
    }
}
