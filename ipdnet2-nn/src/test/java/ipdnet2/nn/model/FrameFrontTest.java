package ipdnet2.nn.model;

import static org.assertj.core.api.Assertions.assertThat;

import ipdnet2.nn.NoGrad;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.Parallel;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Inference runs the encoder and layer 0's per-frame modules through {@link FrameFront}; the
 * training path (a recorded graph) runs them as tensor ops. Both must give the same network
 * output to float rounding, for the presets' shapes and for widths that are not whole vectors.
 */
class FrameFrontTest {

    @Test
    void tinyInferenceEqualsTheTrainingPath() {
        assertInferenceEqualsTraining(IPDnet2Config.tiny(), 2, 17, 21);
    }

    @Test
    void poolingAfterTheLastLayerInferenceEqualsTheTrainingPath() {
        assertInferenceEqualsTraining(StreamingIPDnet2Test.poolLastSmallH(), 1, 13, 22);
    }

    @Test
    void frequencyCountsThatAreNotWholeVectorsWork() {
        // F = 208: neither F nor F/2 = 104 is a multiple of 16 (or of 8 lanes for F/2 ... 104 = 13·8),
        // 4 mics, encoder kernel 3, 3 layers
        assertInferenceEqualsTraining(new IPDnet2Config(4, 24, 3, 4, 208, 16, 5, 1, 8, 3, 2, 5, 8, 3, 2), 2, 11, 23);
    }

    @Test
    void framesSplitAcrossThreadsGiveTheSameResult() {
        IPDnet2Config config = IPDnet2Config.tiny();
        IPDnet2 net = new IPDnet2(config, 24);
        Tensor input = randomInput(config, 2, 15, 25);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = infer(net, input);
            Parallel.setThreads(2);
            float[] two = infer(net, input);
            assertThat(two).containsExactly(one);
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static void assertInferenceEqualsTraining(IPDnet2Config config, int batch, int frames, long seed) {
        IPDnet2 net = new IPDnet2(config, seed);
        Tensor input = randomInput(config, batch, frames, seed + 1);
        float[] inference = infer(net, input);
        float[] training = net.forward(input).data();
        assertThat(inference).hasSameSizeAs(training);
        double maxDiff = 0, maxAbs = 0;
        for (int i = 0; i < training.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(inference[i] - training[i]));
            maxAbs = Math.max(maxAbs, Math.abs(training[i]));
        }
        assertThat(maxAbs).isGreaterThan(0.01);
        assertThat(maxDiff).isLessThanOrEqualTo(1e-5);
    }

    private static float[] infer(IPDnet2 net, Tensor input) {
        try (NoGrad g = NoGrad.enter()) {
            return net.forward(input).data();
        }
    }

    private static Tensor randomInput(IPDnet2Config config, int batch, int frames, long seed) {
        int c = config.inputChannels(), f = config.freqs();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[batch * c * f * frames];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        return Tensor.of(x, batch, c, f, frames);
    }
}
