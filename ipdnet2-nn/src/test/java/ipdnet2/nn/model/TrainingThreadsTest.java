package ipdnet2.nn.model;

import ipdnet2.nn.Reduce;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.Parallel;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

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

    /** The loss (under "loss") and every parameter's gradient after one backward. */
    private static Map<String, float[]> step(int threads) {
        Parallel.setThreads(threads);
        IPDnet2Config config = IPDnet2Config.preset("tiny");
        IPDnet2 net = new IPDnet2(config, 3);
        // 20 frames: two pooled frames, and slabs of 20 rows for the cross-band convolutions
        Tensor input = Tensor.zeros(2, config.inputChannels(), config.freqs(), 20);
        SplittableRandom rng = new SplittableRandom(11);
        float[] in = input.data();
        for (int i = 0; i < in.length; i++) in[i] = (float) rng.nextGaussian();
        Tensor out = net.forward(input);
        Tensor loss = Reduce.mse(out, Tensor.zeros(out.shape()));
        Map<String, float[]> result = new LinkedHashMap<>();
        result.put("loss", new float[] {loss.item()});
        loss.backward();
        for (Map.Entry<String, Tensor> p : net.namedParameters().entrySet()) {
            result.put(p.getKey(), p.getValue().grad().clone());
        }
        return result;
    }
}
