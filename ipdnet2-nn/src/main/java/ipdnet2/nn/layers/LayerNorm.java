package ipdnet2.nn.layers;

import ipdnet2.nn.LayerNormOp;
import ipdnet2.nn.Tensor;

import java.util.SplittableRandom;

/** Layer normalisation over the last axis (PyTorch {@code nn.LayerNorm}, eps 1e-5): {@code weight}, {@code bias} [C]. */
public final class LayerNorm extends Module implements Layer {
    /** PyTorch's default epsilon. */
    public static final float EPS = 1e-5f;

    private final Tensor weight, bias;

    public LayerNorm(int channels) {
        if (channels < 1) throw new IllegalArgumentException("LayerNorm: channels must be positive, got " + channels);
        weight = addParameter("weight", Tensor.parameter(channels));
        bias = addParameter("bias", Tensor.parameter(channels));
        fill(weight, 1f);
    }

    @Override
    public Tensor forward(Tensor x) {
        return LayerNormOp.apply(x, weight, bias, EPS);
    }

    /** PyTorch default: weight 1, bias 0. */
    @Override
    protected void resetParameters(SplittableRandom rng) {
        fill(weight, 1f);
        fill(bias, 0f);
    }
}
