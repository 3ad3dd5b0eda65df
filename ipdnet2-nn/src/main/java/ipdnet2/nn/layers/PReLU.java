package ipdnet2.nn.layers;

import ipdnet2.nn.Pointwise;
import ipdnet2.nn.Tensor;

import java.util.SplittableRandom;

/** PReLU with one slope per channel of the last axis (PyTorch {@code nn.PReLU(C)}): {@code weight} [C], initially 0.25. */
public final class PReLU extends Module implements Layer {
    private final Tensor weight;

    public PReLU(int channels) {
        if (channels < 1) throw new IllegalArgumentException("PReLU: channels must be positive, got " + channels);
        weight = addParameter("weight", Tensor.parameter(channels));
        fill(weight, 0.25f);
    }

    @Override
    public Tensor forward(Tensor x) {
        return Pointwise.prelu(x, weight);
    }

    /** The slopes [C]. */
    public Tensor weight() {
        return weight;
    }

    @Override
    protected void resetParameters(SplittableRandom rng) {
        fill(weight, 0.25f);
    }
}
