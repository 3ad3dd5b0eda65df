package ipdnet2.nn;

import ipdnet2.nn.Conv1dOp.Padding;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static ipdnet2.nn.GradCheck.check;
import static ipdnet2.nn.GradCheck.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class Conv1dOpTest {
    private final SplittableRandom rng = new SplittableRandom(31);

    @Test
    void sameAndCausalPaddingByHand() {
        // one channel, sequence [1,2,3,4], kernel [1,10,100]
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 4, 1);
        Tensor w = Tensor.of(new float[] {1, 10, 100}, 1, 1, 3);
        Tensor b = Tensor.of(new float[] {0.5f}, 1);
        // same: pad 1 left, 1 right: y[l] = x[l-1] + 10x[l] + 100x[l+1]
        assertThat(Conv1dOp.apply(x, w, b, 0, 1, Padding.SAME).data())
                .containsExactly(210.5f, 321.5f, 432.5f, 43.5f);
        // causal: pad 2 left: y[l] = x[l-2] + 10x[l-1] + 100x[l]
        assertThat(Conv1dOp.apply(x, w, null, 0, 1, Padding.CAUSAL).data())
                .containsExactly(100f, 210f, 321f, 432f);
        // even kernel 'same': (k-1)/2 = 1 left, 2 right
        Tensor w4 = Tensor.of(new float[] {1, 10, 100, 1000}, 1, 1, 4);
        assertThat(Conv1dOp.apply(x, w4, null, 0, 1, Padding.SAME).data())
                .containsExactly(3210f, 4321f, 432f, 43f);
    }

    @Test
    void groupedConvolutionAlongAMiddleAxisMatchesADirectSum() {
        directSum(4, 6, 2, 5);
        directSum(5, 5, 5, 4); // depthwise
        directSum(3, 2, 1, 3);
        directSum(64, 4, 2, 3); // wide groups: one product per tap and group
    }

    @Test
    void directGroupedKernelMatchesADirectSum() {
        // whole vectors of channels and slabs of ≥ 4 rows: the direct grouped kernel, with
        // groups narrower than, equal to and straddling a vector of lanes
        directSum(48, 48, 8, 5, 6);
        directSum(32, 64, 2, 3, 5);
        directSum(96, 96, 8, 5, 9);
        // 32 channels per group (Large): output indices in blocks of four, then a leftover row pair
        directSum(256, 256, 8, 3, 9, 4);
        // one group along the axis before the channels (the encoder): blocks of positions
        directSum(10, 48, 1, 5, 1, 23);
        directSum(4, 16, 1, 3, 1, 6);
    }

    @Test
    void gradientsDirectGroupedKernel() {
        Tensor x = param(rng, -1, 1, 2, 6, 5, 48);
        Tensor w = param(rng, -0.3, 0.3, 48, 6, 5);
        Tensor b = param(rng, -1, 1, 48);
        check("direct grouped", in -> Conv1dOp.apply(in[0], in[1], in[2], 1, 8, Padding.SAME), new Tensor[] {x, w, b},
                3e-3, 1e-2, 60, 5);
        check("direct grouped causal", in -> Conv1dOp.apply(in[0], in[1], in[2], 1, 8, Padding.CAUSAL),
                new Tensor[] {x, w, b}, 3e-3, 1e-2, 60, 5);
        // groups of 12 channels (Small): blocks of one group in padded vectors
        Tensor xp = param(rng, -1, 1, 1, 5, 6, 96);
        Tensor wp = param(rng, -0.3, 0.3, 96, 12, 5);
        Tensor bp = param(rng, -1, 1, 96);
        check("direct padded blocks", in -> Conv1dOp.apply(in[0], in[1], in[2], 1, 8, Padding.SAME),
                new Tensor[] {xp, wp, bp}, 3e-3, 1e-2, 80, 10);
        // groups of 32 channels: pairs of output vectors read the same inputs
        Tensor xw = param(rng, -1, 1, 1, 4, 5, 64);
        Tensor ww = param(rng, -0.2, 0.2, 64, 32, 3);
        Tensor bw = param(rng, -1, 1, 64);
        check("direct paired blocks", in -> Conv1dOp.apply(in[0], in[1], in[2], 1, 2, Padding.SAME),
                new Tensor[] {xw, ww, bw}, 3e-3, 1e-2, 60, 9);
        // the encoder's geometry (one group along T, inner = 1): blocked forward and weight gradient
        Tensor xe = param(rng, -1, 1, 2, 3, 13, 10);
        Tensor we = param(rng, -0.3, 0.3, 16, 10, 5);
        Tensor be = param(rng, -1, 1, 16);
        check("sequences causal", in -> Conv1dOp.apply(in[0], in[1], in[2], 2, 1, Padding.CAUSAL),
                new Tensor[] {xe, we, be}, 3e-3, 1e-2, 80, 7);
        check("sequences same", in -> Conv1dOp.apply(in[0], in[1], in[2], 2, 1, Padding.SAME),
                new Tensor[] {xe, we, be}, 3e-3, 1e-2, 80, 8);
    }

    private void directSum(int cin, int cout, int groups, int k) {
        directSum(cin, cout, groups, k, 3);
    }

    private void directSum(int cin, int cout, int groups, int k, int inner) {
        directSum(cin, cout, groups, k, inner, 7);
    }

    private void directSum(int cin, int cout, int groups, int k, int inner, int len) {
        int bsz = 2;
        Tensor x = param(rng, -1, 1, bsz, len, inner, cin);
        Tensor w = param(rng, -1, 1, cout, cin / groups, k);
        Tensor b = param(rng, -1, 1, cout);
        for (Padding pad : Padding.values()) {
            Tensor y = Conv1dOp.apply(x, w, b, 1, groups, pad);
            assertThat(y.shape()).containsExactly(bsz, len, inner, cout);
            int left = pad == Padding.CAUSAL ? k - 1 : (k - 1) / 2;
            for (int o = 0; o < bsz; o++)
                for (int l = 0; l < len; l++)
                    for (int i = 0; i < inner; i++)
                        for (int co = 0; co < cout; co++) {
                            int g = co / (cout / groups);
                            double s = b.data()[co];
                            for (int ci = 0; ci < cin / groups; ci++)
                                for (int j = 0; j < k; j++) {
                                    int src = l + j - left;
                                    if (src < 0 || src >= len) continue;
                                    s += w.get(co, ci, j) * x.get(o, src, i, g * (cin / groups) + ci);
                                }
                            assertThat(y.get(o, l, i, co)).as("%s at %d %d %d %d", pad, o, l, i, co)
                                    .isCloseTo((float) s, within(1e-5f));
                        }
        }
    }

    @Test
    void gradientsGroupedSameAlongF() {
        // the cross-band layout of the network: [B, F, T, H], conv along F, 'same', grouped
        Tensor x = param(rng, -1, 1, 2, 9, 3, 8);
        Tensor w = param(rng, -0.5, 0.5, 8, 2, 5);
        Tensor b = param(rng, -1, 1, 8);
        check("grouped same", in -> Conv1dOp.apply(in[0], in[1], in[2], 1, 4, Padding.SAME), x, w, b);
    }

    @Test
    void gradientsWideGroups() {
        Tensor x = param(rng, -1, 1, 2, 5, 2, 64);
        Tensor w = param(rng, -0.2, 0.2, 4, 32, 3);
        Tensor b = param(rng, -1, 1, 4);
        check("wide groups", in -> Conv1dOp.apply(in[0], in[1], in[2], 1, 2, Padding.SAME), new Tensor[] {x, w, b},
                3e-3, 1e-2, 100, 4);
    }

    @Test
    void manyRowsSpanSeveralUnfoldBlocks() {
        // 2·300 positions × 3 inner rows × 50 unfolded values exceed one block of 2^18 floats
        Tensor x = param(rng, -1, 1, 2, 300, 3, 10);
        Tensor w = param(rng, -0.3, 0.3, 7, 10, 5);
        Tensor b = param(rng, -1, 1, 7);
        check("many rows", in -> Conv1dOp.apply(in[0], in[1], in[2], 1, 1, Padding.CAUSAL), new Tensor[] {x, w, b},
                3e-3, 1e-2, 30, 6);
    }

    @Test
    void gradientsCausalAlongT() {
        // the encoder layout: [B, F, T, 2M], conv along T, causal, one group
        Tensor x = param(rng, -1, 1, 2, 3, 8, 4);
        Tensor w = param(rng, -0.5, 0.5, 5, 4, 5);
        Tensor b = param(rng, -1, 1, 5);
        check("causal", in -> Conv1dOp.apply(in[0], in[1], in[2], 2, 1, Padding.CAUSAL), x, w, b);
        check("causal no bias", in -> Conv1dOp.apply(in[0], in[1], null, -2, 1, Padding.CAUSAL), x, w);
    }

    @Test
    void gradientsDepthwiseCausal() {
        // Mamba's conv1d: [seqs, T, E], weight [E, 1, 4]
        Tensor x = param(rng, -1, 1, 3, 10, 6);
        Tensor w = param(rng, -0.5, 0.5, 6, 1, 4);
        Tensor b = param(rng, -1, 1, 6);
        check("depthwise causal", in -> Conv1dOp.apply(in[0], in[1], in[2], 1, 6, Padding.CAUSAL), x, w, b);
        check("depthwise same", in -> Conv1dOp.apply(in[0], in[1], in[2], 1, 6, Padding.SAME), x, w, b);
        // a sequence shorter than the kernel
        Tensor s = param(rng, -1, 1, 2, 2, 6);
        check("depthwise short", in -> Conv1dOp.apply(in[0], in[1], in[2], 1, 6, Padding.CAUSAL), s, w, b);
    }

    @Test
    void pointwiseKernelIsALinearMap() {
        Tensor x = param(rng, -1, 1, 2, 5, 4);
        Tensor w = param(rng, -1, 1, 3, 4, 1);
        Tensor b = param(rng, -1, 1, 3);
        Tensor y = Conv1dOp.apply(x, w, b, 1, 1, Padding.SAME);
        Tensor z = LinearOp.apply(x, Tensor.of(w.data(), 3, 4), b);
        assertThat(y.data()).containsExactly(z.data());
        check("1x1", in -> Conv1dOp.apply(in[0], in[1], in[2], 1, 1, Padding.CAUSAL), x, w, b);
    }

    @Test
    void badShapesAreRejected() {
        Tensor x = Tensor.zeros(2, 5, 4);
        assertThatThrownBy(() -> Conv1dOp.apply(x, Tensor.zeros(6, 3, 5), null, 1, 1, Padding.SAME))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> Conv1dOp.apply(x, Tensor.zeros(6, 4, 5), null, 2, 1, Padding.SAME))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel");
    }

    @Test
    void eightGroupConvolutionGivesTheSameBitsOnOneAndTwoThreads() {
        // enough (outer, position) pairs for the forward to split, and the backward's fixed
        // chunks spread over the threads; an odd slab height pairs its last row with zeros
        int saved = ipdnet2.nn.kernels.Parallel.threads();
        try {
            float[][] one = groupedRun(1);
            float[][] two = groupedRun(2);
            String[] names = {"y", "dx", "dW", "db"};
            for (int i = 0; i < one.length; i++) assertThat(two[i]).as(names[i]).containsExactly(one[i]);
        } finally {
            ipdnet2.nn.kernels.Parallel.setThreads(saved);
        }
    }

    private static float[][] groupedRun(int threads) {
        ipdnet2.nn.kernels.Parallel.setThreads(threads);
        SplittableRandom r = new SplittableRandom(5);
        Tensor x = param(r, -1, 1, 2, 20, 9, 48);
        Tensor w = param(r, -0.3, 0.3, 48, 6, 5);
        Tensor b = param(r, -1, 1, 48);
        Tensor weights = param(r, -1, 1, 2, 20, 9, 48).detach();
        Tensor y = Conv1dOp.apply(x, w, b, 1, 8, Padding.SAME);
        float[] yd = y.data().clone();
        Reduce.sum(y.mul(weights)).backward();
        return new float[][] {yd, x.grad().clone(), w.grad().clone(), b.grad().clone()};
    }
}
