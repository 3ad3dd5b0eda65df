package ipdnet2.nn;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TensorTest {
    @Test
    void gradientsAccumulateOverBackwardCallsUntilZeroed() {
        Tensor w = Tensor.parameter(2);
        w.data()[0] = 2;
        w.data()[1] = 3;
        Tensor x = Tensor.of(new float[] {5, 7}, 2);
        Reduce.sum(Pointwise.mul(w, x)).backward();
        assertThat(w.grad()).containsExactly(5f, 7f);
        Reduce.sum(Pointwise.mul(w, x)).backward();
        assertThat(w.grad()).containsExactly(10f, 14f);
        w.zeroGrad();
        assertThat(w.grad()).containsExactly(0f, 0f);
    }

    @Test
    void aTensorUsedTwiceReceivesBothContributions() {
        // L = Σ (w·w + w) → dL/dw = 2w + 1 (a diamond in the graph)
        Tensor w = Tensor.parameter(3);
        w.data()[0] = -1;
        w.data()[1] = 0.5f;
        w.data()[2] = 4;
        Tensor s = Pointwise.mul(w, w);
        Reduce.sum(Pointwise.add(s, w)).backward();
        assertThat(w.grad()).containsExactly(-1f, 2f, 9f);
    }

    @Test
    void chainRuleThroughSeveralOpsByHand() {
        // L = mean(tanh(2w)) over one element: dL/dw = 2(1 - tanh²(2w))
        Tensor w = Tensor.parameter(1);
        w.data()[0] = 0.3f;
        Reduce.mean(Pointwise.tanh(Pointwise.scale(w, 2f))).backward();
        double t = Math.tanh(0.6);
        assertThat(w.grad()[0]).isCloseTo((float) (2 * (1 - t * t)), within(1e-6f));
    }

    @Test
    void noGradRecordsNothingAndNests() {
        Tensor w = Tensor.parameter(2);
        assertThat(NoGrad.recording()).isTrue();
        try (NoGrad outer = NoGrad.enter()) {
            try (NoGrad inner = NoGrad.enter()) {
                assertThat(NoGrad.recording()).isFalse();
            }
            assertThat(NoGrad.recording()).isFalse();
            Tensor y = Pointwise.silu(w);
            assertThat(y.requiresGrad()).isFalse();
            assertThat(y.inputs).isNull();
            assertThatThrownBy(() -> Reduce.sum(y).backward())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("NoGrad");
        }
        assertThat(NoGrad.recording()).isTrue();
        assertThat(Pointwise.silu(w).requiresGrad()).isTrue();
    }

    @Test
    void backwardReleasesTheGraphAndIntermediateGradients() {
        Tensor w = Tensor.parameter(2);
        Tensor mid = Pointwise.exp(w);
        Tensor loss = Reduce.sum(mid);
        loss.backward();
        assertThat(mid.inputs).isNull();
        assertThat(mid.grad()).isNull();
        assertThat(w.grad()).containsExactly(1f, 1f); // exp(0) = 1
    }

    @Test
    void badArgumentsAreRejectedWithClearMessages() {
        assertThatThrownBy(() -> Tensor.of(new float[3], 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match shape");
        assertThatThrownBy(() -> Tensor.parameter(2).backward())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("one-element");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).get(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
