package ipdnet2.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static ipdnet2.nn.GradCheck.check;
import static ipdnet2.nn.GradCheck.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinearOpTest {
    private final SplittableRandom rng = new SplittableRandom(21);

    @Test
    void forwardByHand() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, -1, 0, 2}, 2, 3);
        Tensor w = Tensor.of(new float[] {1, 0, 1, 2, -1, 0.5f}, 2, 3); // [out=2, in=3]
        Tensor b = Tensor.of(new float[] {10, 20}, 2);
        // row 0: [1+3, 2-2+1.5] ; row 1: [-1+2, -2+0+1]
        assertThat(LinearOp.apply(x, w, b).data()).containsExactly(14f, 21.5f, 11f, 19f);
        assertThat(LinearOp.apply(x, w, null).data()).containsExactly(4f, 1.5f, 1f, -1f);
        assertThatThrownBy(() -> LinearOp.apply(x, Tensor.zeros(2, 4), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }

    @Test
    void gradientsOverAnyRank() {
        Tensor x = param(rng, -1, 1, 2, 3, 4, 6);
        Tensor w = param(rng, -1, 1, 5, 6);
        Tensor b = param(rng, -1, 1, 5);
        check("linear with bias", in -> LinearOp.apply(in[0], in[1], in[2]), x, w, b);
        check("linear without bias", in -> LinearOp.apply(in[0], in[1], null), x, w);
        Tensor w3 = param(rng, -1, 1, 5, 6, 1);
        check("1x1 conv weight", in -> LinearOp.apply(in[0], in[1], in[2]), x, w3, b);
        Tensor v = param(rng, -1, 1, 6);
        check("rank-1 input", in -> LinearOp.apply(in[0], in[1], in[2]), v, w, b);
        // fewer inputs than outputs (the unsqueeze 8 → H): the weight gradient is formed transposed
        Tensor xn = param(rng, -1, 1, 300, 3);
        Tensor wn = param(rng, -1, 1, 20, 3);
        Tensor bn = param(rng, -1, 1, 20);
        check("narrow input", in -> LinearOp.apply(in[0], in[1], in[2]), xn, wn, bn);
    }

    @Test
    void manyRowsTakeTheParallelPath() {
        Tensor x = param(rng, -1, 1, 300, 7);
        Tensor w = param(rng, -1, 1, 3, 7);
        Tensor b = param(rng, -1, 1, 3);
        check("linear 300 rows", in -> LinearOp.apply(in[0], in[1], in[2]), new Tensor[] {x, w, b}, 3e-3, 1e-2, 40, 2);
    }

    @Test
    void alongAnAxisEqualsTheSumOverThatAxis() {
        // [B, F, T, S] mixed across F, as the full-band module does
        Tensor x = param(rng, -1, 1, 2, 7, 3, 4);
        Tensor w = param(rng, -1, 1, 5, 7);
        Tensor b = param(rng, -1, 1, 5);
        Tensor y = LinearOp.along(x, w, b, 1);
        assertThat(y.shape()).containsExactly(2, 5, 3, 4);
        for (int o = 0; o < 2; o++)
            for (int j = 0; j < 5; j++)
                for (int t = 0; t < 3; t++)
                    for (int s = 0; s < 4; s++) {
                        double sum = b.get(j);
                        for (int f = 0; f < 7; f++) sum += w.get(j, f) * x.get(o, f, t, s);
                        assertThat(y.get(o, j, t, s)).isCloseTo((float) sum, org.assertj.core.api.Assertions.within(1e-5f));
                    }
        check("along F", in -> LinearOp.along(in[0], in[1], in[2], 1), x, w, b);
        check("along F no bias", in -> LinearOp.along(in[0], in[1], null, -3), x, w);
        assertThatThrownBy(() -> LinearOp.along(x, Tensor.zeros(5, 6), null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }

    @Test
    void outputsOfARowRangeOfTheWeight() {
        Tensor x = param(rng, -1, 1, 2, 5, 6);
        Tensor w = param(rng, -1, 1, 8, 6);
        float[] full = LinearOp.apply(x, w, null).data();
        float[] part = LinearOp.applyOutputs(x, w, 3, 7).data();
        for (int r = 0; r < 10; r++) {
            for (int j = 0; j < 4; j++) {
                assertThat(part[r * 4 + j]).isCloseTo(full[r * 8 + 3 + j], org.assertj.core.api.Assertions.within(1e-6f));
            }
        }
        check("outputs 3..7", in -> LinearOp.applyOutputs(in[0], in[1], 3, 7), x, w);
        assertThatThrownBy(() -> LinearOp.applyOutputs(x, w, 5, 9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from < to <= out");
    }
}
