package ipdnet2.dsp.sim;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ConvolutionTest {
    /** The definition, out[n] += Σ_k x[k]·h[n + lead − xOffset − k], summed in double. */
    private static double[] naive(int outLen, float[] x, int xOffset, float[] h, int lead) {
        double[] y = new double[outLen];
        for (int n = 0; n < outLen; n++) {
            double acc = 0;
            for (int k = 0; k < x.length; k++) {
                int j = n - xOffset + lead - k;
                if (j >= 0 && j < h.length) acc += (double) x[k] * h[j];
            }
            y[n] = acc;
        }
        return y;
    }

    private static float[] gaussian(SplittableRandom rng, int n, int zeroHead, int zeroTail) {
        float[] v = new float[n];
        for (int i = zeroHead; i < n - zeroTail; i++) v[i] = (float) rng.nextGaussian();
        return v;
    }

    @Test
    void matchesTheDefinitionForShortAndLongResponsesAnyOffsetAndZeroStretches() {
        SplittableRandom rng = new SplittableRandom(3);
        // {signal length, its leading and trailing zeros, response length, its leading zeros, lead, offset, out length}
        int[][] cases = {
                {3000, 0, 0, 81, 0, 40, 0, 3000},        // a direct path over a signal
                {3199, 0, 0, 1041, 20, 40, -1599, 4000},  // a moving talker's block, starting before the clip
                {5000, 700, 1200, 2500, 900, 40, 0, 5000}, // a talker with silences, a tail that starts late
                {600, 0, 0, 2000, 0, 40, 3900, 4000},      // response longer than the signal, running past the end
                {4000, 0, 0, 1, 0, 0, 0, 4000},            // a single tap
        };
        for (int[] c : cases) {
            float[] x = gaussian(rng, c[0], c[1], c[2]);
            float[][] h = new float[3][];
            for (int m = 0; m < 3; m++) h[m] = gaussian(rng, c[3], c[4], 0);
            float[][] out = new float[3][c[7]];
            for (int m = 0; m < 3; m++) out[m][7 % c[7]] = 0.25f;
            Convolution.addConvolved(out, x, c[6], h, c[5]);
            for (int m = 0; m < 3; m++) {
                double[] want = naive(c[7], x, c[6], h[m], c[5]);
                want[7 % c[7]] += 0.25;
                double peak = 0;
                for (double v : want) peak = Math.max(peak, Math.abs(v));
                for (int n = 0; n < c[7]; n++) {
                    assertThat((double) out[m][n]).as("case %s channel %d sample %d", java.util.Arrays.toString(c), m, n)
                            .isCloseTo(want[n], within(1e-6 * peak));
                }
            }
        }
    }

    @Test
    void silentSignalsOrResponsesAddNothing() {
        float[] out = {1, 2, 3};
        Convolution.addConvolved(out, new float[10], 0, new float[] {1, 2}, 0);
        Convolution.addConvolved(out, new float[] {1, 1}, 0, new float[5], 0);
        assertThat(out).containsExactly(1, 2, 3);
    }

    @Test
    void blockSizeIsAPowerOfTwoHoldingTheResponseAndNeverAboveTheWholeTransform() {
        assertThat(Convolution.blockSize(64000, 81, 1)).isEqualTo(512);
        for (int[] c : new int[][] {{64000, 20840}, {3199, 1041}, {500, 3000}, {1, 1}}) {
            int size = Convolution.blockSize(c[0], c[1], 5);
            assertThat(Integer.bitCount(size)).isEqualTo(1);
            assertThat(size).isGreaterThanOrEqualTo(Math.min(2 * c[1], c[0] + c[1] - 1));
            assertThat(size).isLessThanOrEqualTo(2 * (c[0] + c[1]));
        }
    }

    @Test
    void rejectsMismatchedChannelCounts() {
        assertThatThrownBy(() -> Convolution.addConvolved(new float[2][10], new float[4], 0, new float[3][4], 0))
                .hasMessageContaining("one response per output");
    }
}
