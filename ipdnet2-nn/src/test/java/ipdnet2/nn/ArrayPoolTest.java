package ipdnet2.nn;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArrayPoolTest {
    @Test
    void recyclesOnlyWithoutAGraph() {
        Tensor dead = Tensor.zeros(3, 7);
        ArrayPool.release(dead); // recording: ignored
        assertThat(ArrayPool.take(21)).isNotSameAs(dead.data());
        try (NoGrad scope = NoGrad.enter()) {
            ArrayPool.release(dead);
            assertThat(ArrayPool.take(21)).isSameAs(dead.data());
            assertThat(ArrayPool.take(21)).isNotSameAs(dead.data()).containsOnly(0f);
        }
    }

    @Test
    void recycledArraysDoNotChangeResults() {
        // a LayerNorm output written into a recycled array full of garbage equals a fresh one
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        Tensor x = GradCheck.param(rng, -2, 2, 5, 16);
        Tensor g = GradCheck.param(rng, 0.5, 1.5, 16), b = GradCheck.param(rng, -1, 1, 16);
        float[] fresh = LayerNormOp.apply(x, g, b, 1e-5f).data().clone();
        try (NoGrad scope = NoGrad.enter()) {
            Tensor garbage = Tensor.of(new float[80], 5, 16);
            java.util.Arrays.fill(garbage.data(), Float.NaN);
            ArrayPool.release(garbage);
            Tensor y = LayerNormOp.apply(x, g, b, 1e-5f);
            assertThat(y.data()).isSameAs(garbage.data()).containsExactly(fresh);
        }
    }
}
