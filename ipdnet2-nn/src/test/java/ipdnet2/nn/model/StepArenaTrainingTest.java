package ipdnet2.nn.model;

import ipdnet2.nn.StepArena;
import org.junit.jupiter.api.Test;

import java.util.Map;

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
        Map<String, float[]> fresh = TinyTrainingPass.lossAndGradients(new IPDnet2(config, 3), 11);

        IPDnet2 net = new IPDnet2(config, 3);
        try (StepArena.Scope s = StepArena.open()) {
            TinyTrainingPass.lossAndGradients(net, 5);
        }
        net.zeroGrad();
        Map<String, float[]> reused;
        try (StepArena.Scope s = StepArena.open()) {
            reused = TinyTrainingPass.lossAndGradients(net, 11);
        }

        assertThat(reused.keySet()).containsExactlyElementsOf(fresh.keySet());
        for (Map.Entry<String, float[]> e : fresh.entrySet()) {
            assertThat(reused.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
        }
    }
}
