package ipdnet2.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static ipdnet2.nn.GradCheck.check;
import static ipdnet2.nn.GradCheck.constant;
import static ipdnet2.nn.GradCheck.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PointwiseTest {
    private final SplittableRandom rng = new SplittableRandom(11);

    @Test
    void broadcastingForwardMatchesHandComputedValues() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor row = Tensor.of(new float[] {10, 20, 30}, 3);
        Tensor col = Tensor.of(new float[] {-1, 2}, 2, 1);
        assertThat(Pointwise.add(a, row).data()).containsExactly(11, 22, 33, 14, 25, 36);
        assertThat(Pointwise.mul(a, col).data()).containsExactly(-1, -2, -3, 8, 10, 12);
        assertThat(Pointwise.sub(row, a).data()).containsExactly(9, 18, 27, 6, 15, 24);
        // [2,1] against [3] broadcasts both ways to [2,3]
        assertThat(Pointwise.mul(col, row).shape()).containsExactly(2, 3);
        assertThat(Pointwise.mul(col, row).data()).containsExactly(-10, -20, -30, 20, 40, 60);
        assertThatThrownBy(() -> Pointwise.add(a, Tensor.zeros(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not broadcast");
    }

    @Test
    void activationsForwardMatchHandComputedValues() {
        Tensor x = Tensor.of(new float[] {-2f, 0f, 1f, 25f}, 4);
        float[] silu = Pointwise.silu(x).data();
        assertThat(silu[0]).isCloseTo((float) (-2 / (1 + Math.exp(2))), within(1e-6f));
        assertThat(silu[1]).isEqualTo(0f);
        assertThat(silu[2]).isCloseTo(0.7310586f, within(1e-6f));
        float[] sp = Pointwise.softplus(x).data();
        assertThat(sp[1]).isCloseTo((float) Math.log(2), within(1e-6f));
        assertThat(sp[0]).isCloseTo(0.126928f, within(1e-6f));
        assertThat(sp[3]).isEqualTo(25f); // threshold 20: identity above
        assertThat(Pointwise.tanh(x).data()[2]).isCloseTo(0.7615942f, within(1e-6f));
        assertThat(Pointwise.exp(x).data()[2]).isCloseTo((float) Math.E, within(1e-6f));
        Tensor slope = Tensor.of(new float[] {0.25f, 0.5f}, 2);
        Tensor p = Tensor.of(new float[] {-4, -4, 3, -2}, 2, 2);
        assertThat(Pointwise.prelu(p, slope).data()).containsExactly(-1f, -2f, 3f, -1f);
    }

    @Test
    void binaryGradientsInEveryBroadcastMode() {
        Tensor a = param(rng, -1, 1, 3, 4, 5);
        Tensor same = param(rng, -1, 1, 3, 4, 5);
        Tensor suffix = param(rng, -1, 1, 4, 5);
        Tensor middle = param(rng, -1, 1, 3, 1, 5);
        Tensor lead = param(rng, -1, 1, 1, 4, 1);
        for (Tensor b : new Tensor[] {same, suffix, middle, lead}) {
            check("add " + b, in -> Pointwise.add(in[0], in[1]), a, b);
            check("sub " + b, in -> Pointwise.sub(in[0], in[1]), a, b);
            check("mul " + b, in -> Pointwise.mul(in[0], in[1]), a, b);
            check("mul swapped " + b, in -> Pointwise.mul(in[1], in[0]), a, b);
            check("sub swapped " + b, in -> Pointwise.sub(in[1], in[0]), a, b);
        }
        check("scale", in -> Pointwise.scale(in[0], -1.5f), a);
        // one operand constant: only the other gets a gradient
        Tensor c = constant(rng, -1, 1, 5);
        check("mul by constant", in -> Pointwise.mul(in[0], in[1]), a, c);
        assertThat(c.grad()).isNull();
    }

    @Test
    void activationGradients() {
        Tensor x = param(rng, -4, 4, 7, 9);
        check("silu", in -> Pointwise.silu(in[0]), x);
        check("tanh", in -> Pointwise.tanh(in[0]), x);
        check("softplus", in -> Pointwise.softplus(in[0]), x);
        check("exp", in -> Pointwise.exp(in[0]), x);
        check("sigmoid", in -> Pointwise.sigmoid(in[0]), x);
        // above the softplus threshold the op is the identity, gradient 1
        Tensor big = param(rng, 21, 30, 10);
        check("softplus linear region", in -> Pointwise.softplus(in[0]), big);
    }

    @Test
    void preluGradientsAwayFromTheKink() {
        Tensor x = param(rng, 0.05, 2, 4, 3, 6);
        float[] d = x.data();
        for (int i = 0; i < d.length; i += 2) d[i] = -d[i]; // half negative, none within h of 0
        Tensor slope = param(rng, 0.1, 0.5, 6);
        check("prelu per channel", in -> Pointwise.prelu(in[0], in[1]), x, slope);
        Tensor shared = param(rng, 0.1, 0.5, 1);
        check("prelu shared", in -> Pointwise.prelu(in[0], in[1]), x, shared);
    }

    @Test
    void preluResidualAddsThePreluOfTheBranch() {
        // 40 channels: two full vectors of 16 lanes and a scalar tail of 8
        Tensor y = param(rng, 0.05, 2, 3, 40);
        float[] d = y.data();
        for (int i = 0; i < d.length; i += 3) d[i] = -d[i];
        Tensor x = param(rng, -1, 1, 3, 40);
        Tensor slope = param(rng, 0.1, 0.5, 40);
        float[] z = Pointwise.preluResidual(x, y, slope).data();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 40; c++) {
                float v = y.get(r, c);
                float expected = x.get(r, c) + (v > 0 ? v : slope.get(c) * v);
                assertThat(z[r * 40 + c]).isCloseTo(expected, within(1e-6f));
            }
        }
        // the check evaluates without a graph too, where the op would overwrite its first input:
        // hand it a copy
        check("prelu residual", in -> Pointwise.preluResidual(Pointwise.scale(in[0], 1f), in[1], in[2]), x, y, slope);
        try (NoGrad scope = NoGrad.enter()) {
            Tensor inPlace = Pointwise.preluResidual(x, y, slope);
            assertThat(inPlace).isSameAs(x);
            assertThat(x.data()).containsExactly(z);
        }
    }

    @Test
    void largeTensorsTakeTheParallelPathsAndStillAgree() {
        // 40·1000 elements exceeds the parallel grain; bias-like gradient goes through RowSums
        Tensor a = param(rng, -1, 1, 40, 1000);
        Tensor b = param(rng, -1, 1, 1000);
        check("mul large", in -> Pointwise.mul(in[0], in[1]), new Tensor[] {a, b}, 5e-3, 1e-2, 30, 3);
    }

    @Test
    void residualReusesStorageOnlyWhenNotRecording() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2);
        Tensor y = Tensor.of(new float[] {3, 4}, 2);
        Tensor r = Pointwise.residual(x, y);
        assertThat(r).isNotSameAs(x);
        assertThat(x.data()).containsExactly(1, 2);
        try (NoGrad scope = NoGrad.enter()) {
            Tensor s = Pointwise.residual(x, y);
            assertThat(s).isSameAs(x);
        }
        assertThat(x.data()).containsExactly(4, 6);
    }
}
