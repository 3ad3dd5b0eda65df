package ipdnet2.nn.model;

import ipdnet2.nn.kernels.Parallel;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A training step of the Tiny network gives the same bits on one and on two threads: every
 * reduction across rows (weight and bias gradients, LayerNorm and scan sums) is formed in chunks
 * fixed by the sizes, not by the thread count.
 */
class TrainingThreadsTest {
    @Test
    void lossAndEveryGradientAreTheSameOnOneAndTwoThreads() {
        int saved = Parallel.threads();
        try {
            Map<String, float[]> one = step(1);
            Map<String, float[]> two = step(2);
            assertThat(two.keySet()).containsExactlyElementsOf(one.keySet());
            for (Map.Entry<String, float[]> e : one.entrySet()) {
                assertThat(two.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** The loss and every parameter's gradient after one pass on {@code threads} threads. */
    private static Map<String, float[]> step(int threads) {
        Parallel.setThreads(threads);
        return TinyTrainingPass.lossAndGradients(new IPDnet2(IPDnet2Config.preset("tiny"), 3), 11);
    }
}
