package ipdnet2.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static ipdnet2.nn.GradCheck.check;
import static ipdnet2.nn.GradCheck.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReduceTest {
    @Test
    void mseSumAndMeanByHand() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new float[] {1, 0, 5, 1}, 2, 2);
        // (0 + 4 + 4 + 9) / 4
        assertThat(Reduce.mse(a, b).item()).isCloseTo(4.25f, within(1e-7f));
        assertThat(Reduce.sum(a).item()).isEqualTo(10f);
        assertThat(Reduce.mean(a).item()).isEqualTo(2.5f);
        assertThat(Reduce.mse(a, b).shape()).isEmpty();
    }

    @Test
    void mseGradientByHand() {
        Tensor a = Tensor.parameter(2);
        a.data()[0] = 3;
        a.data()[1] = -1;
        Tensor b = Tensor.of(new float[] {1, 1}, 2);
        Reduce.mse(a, b).backward();
        // d/da mean((a-b)²) = 2(a-b)/2 = a - b
        assertThat(a.grad()).containsExactly(2f, -2f);
    }

    @Test
    void gradients() {
        SplittableRandom rng = new SplittableRandom(3);
        Tensor a = param(rng, -1, 1, 3, 7);
        Tensor b = param(rng, -1, 1, 3, 7);
        check("mse", in -> Reduce.mse(in[0], in[1]), a, b);
        check("mean", in -> Reduce.mean(Pointwise.mul(in[0], in[1])), a, b);
        Tensor big = param(rng, -1, 1, 50000);
        check("sum large", in -> Reduce.sum(Pointwise.tanh(in[0])), new Tensor[] {big}, 5e-3, 1e-2, 20, 1);
    }
}
