package ipdnet2.nn.layers;

import ipdnet2.nn.LinearOp;
import ipdnet2.nn.Tensor;

import java.util.SplittableRandom;

/** Affine layer over the last axis (PyTorch {@code nn.Linear}): parameters {@code weight} [out, in], {@code bias} [out]. */
public final class Linear extends Module implements Layer {
    private final int in, out;
    private final Tensor weight, bias;

    public Linear(int in, int out, boolean bias) {
        if (in < 1 || out < 1) throw new IllegalArgumentException("Linear: sizes must be positive, got " + in + " -> " + out);
        this.in = in;
        this.out = out;
        this.weight = addParameter("weight", Tensor.parameter(out, in));
        this.bias = bias ? addParameter("bias", Tensor.parameter(out)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return LinearOp.apply(x, weight, bias);
    }

    /**
     * The same map along {@code axis} instead of the last axis ({@link LinearOp#along}): e.g. a
     * linear layer across F of [B, F, T, S] without permuting F to the end and back.
     */
    public Tensor forwardAlong(Tensor x, int axis) {
        return LinearOp.along(x, weight, bias, axis);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null for a layer without one. */
    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    /** PyTorch default: weight and bias U(−1/√in, 1/√in). */
    @Override
    protected void resetParameters(SplittableRandom rng) {
        double bound = 1.0 / Math.sqrt(in);
        uniform(weight, bound, rng);
        if (bias != null) uniform(bias, bound, rng);
    }
}
