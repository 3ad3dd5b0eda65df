package ipdnet2.nn.model;

import ipdnet2.nn.Reduce;
import ipdnet2.nn.StepArena;
import ipdnet2.nn.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A training pass of the Tiny network inside a {@link StepArena} scope, whose activations reuse
 * the storage of an earlier pass on another input (so every reused array starts with that pass's
 * values, not zeros), gives the same loss and gradients, bit for bit, as the pass on fresh
 * arrays: every op that takes its output from the arena overwrites all of it.
 */
class StepArenaTrainingTest {
    @Test
    void aPassOnReusedStorageEqualsThePassOnFreshArrays() {
        IPDnet2Config config = IPDnet2Config.preset("tiny");
        Map<String, float[]> fresh = pass(new IPDnet2(config, 3), config, 11);

        IPDnet2 net = new IPDnet2(config, 3);
        try (StepArena.Scope s = StepArena.open()) {
            pass(net, config, 5);
        }
        net.zeroGrad();
        Map<String, float[]> reused;
        try (StepArena.Scope s = StepArena.open()) {
            reused = pass(net, config, 11);
        }

        assertThat(reused.keySet()).containsExactlyElementsOf(fresh.keySet());
        for (Map.Entry<String, float[]> e : fresh.entrySet()) {
            assertThat(reused.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
        }
    }

    /** The loss (under "loss") and every parameter's gradient after one backward on input {@code seed}. */
    private static Map<String, float[]> pass(IPDnet2 net, IPDnet2Config config, int seed) {
        Tensor input = Tensor.zeros(2, config.inputChannels(), config.freqs(), 20);
        SplittableRandom rng = new SplittableRandom(seed);
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
