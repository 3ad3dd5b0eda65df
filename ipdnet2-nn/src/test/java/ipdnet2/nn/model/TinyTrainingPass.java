package ipdnet2.nn.model;

import ipdnet2.nn.Reduce;
import ipdnet2.nn.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** One training pass of a Tiny network on a seeded input, for tests that compare passes bit for bit. */
final class TinyTrainingPass {
    private TinyTrainingPass() {}

    /**
     * The loss (under "loss") and every parameter's gradient after one forward and backward of
     * {@code net} on two clips of 20 frames (two pooled frames, and slabs of 20 rows for the
     * cross-band convolutions) of Gaussian noise drawn from {@code inputSeed}, with an MSE loss
     * against zeros.
     */
    static Map<String, float[]> lossAndGradients(IPDnet2 net, int inputSeed) {
        IPDnet2Config config = net.config();
        Tensor input = Tensor.zeros(2, config.inputChannels(), config.freqs(), 20);
        SplittableRandom rng = new SplittableRandom(inputSeed);
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
