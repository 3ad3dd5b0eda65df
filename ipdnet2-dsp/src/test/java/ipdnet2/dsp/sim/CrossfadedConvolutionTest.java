package ipdnet2.dsp.sim;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CrossfadedConvolutionTest {
    @Test
    void equalsTheSumOfWindowedPiecesEachConvolvedWithItsBlocksResponse() {
        SplittableRandom rng = new SplittableRandom(9);
        int block = 50;
        int taps = 37;
        int lead = 6;
        int n = 437;                          // not a whole number of blocks
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = i >= 120 && i < 190 ? 0 : (float) rng.nextGaussian(); // a silent stretch
        int blocks = (n + block - 1) / block + 1;
        float[][][] h = new float[blocks][2][taps];
        for (float[][] hb : h) {
            for (float[] hc : hb) {
                for (int k = 0; k < taps; k++) hc[k] = (float) rng.nextGaussian();
            }
        }
        // 64-point transforms: each segment in two parts.
        assertThat(CrossfadedConvolution.transformSize(block, taps, 2)).isEqualTo(64);
        float[][] out = new float[2][n];
        CrossfadedConvolution.addConvolved(out, x, h, block, lead);
        for (int c = 0; c < 2; c++) {
            // The definition in the time domain: Σ_b Σ_t w_b(t)·x[t]·h_b[n + lead − t].
            double[] want = new double[n];
            for (int b = 0; b < blocks; b++) {
                for (int t = b * block - block + 1; t < b * block + block; t++) {
                    if (t < 0 || t >= n) continue;
                    double w = 0.5 * (1 + Math.cos(Math.PI * (t - b * block) / block));
                    for (int k = 0; k < taps; k++) {
                        int o = t + k - lead;
                        if (o >= 0 && o < n) want[o] += w * x[t] * h[b][c][k];
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                assertThat((double) out[c][i]).as("channel %d sample %d", c, i).isCloseTo(want[i], within(1e-5));
            }
        }
    }

    @Test
    void aResponseThatDoesNotChangeGivesThePlainConvolution() {
        SplittableRandom rng = new SplittableRandom(2);
        int block = 64;
        float[] x = new float[1000];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        float[] h = new float[100];
        for (int k = 0; k < h.length; k++) h[k] = (float) rng.nextGaussian();
        float[][][] same = new float[(x.length + block - 1) / block + 1][][];
        java.util.Arrays.fill(same, new float[][] {h});
        float[][] a = new float[1][x.length];
        float[][] b = new float[1][x.length];
        CrossfadedConvolution.addConvolved(a, x, same, block, 10);
        Convolution.addConvolved(b, x, 0, new float[][] {h}, 10);
        for (int i = 0; i < x.length; i++) assertThat(a[0][i]).isCloseTo(b[0][i], within(1e-4f));
    }

    @Test
    void rejectsTooFewResponses() {
        assertThatThrownBy(() -> CrossfadedConvolution.addConvolved(new float[1][100], new float[100],
                new float[2][1][5], 50, 0)).hasMessageContaining("needs 3 responses");
    }
}
