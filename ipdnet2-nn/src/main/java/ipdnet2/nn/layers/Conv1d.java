package ipdnet2.nn.layers;

import ipdnet2.nn.Conv1dOp;
import ipdnet2.nn.Conv1dOp.Padding;
import ipdnet2.nn.Tensor;

import java.util.SplittableRandom;

/**
 * One-dimensional convolution layer (PyTorch {@code nn.Conv1d}) on channels-last input, along a
 * fixed axis: parameters {@code weight} [Cout, Cin/groups, k] and {@code bias} [Cout]. See
 * {@link Conv1dOp} for the exact sum and the paddings.
 */
public final class Conv1d extends Module implements Layer {
    private final int cin, cout, kernel, groups, axis;
    private final Padding padding;
    private final Tensor weight, bias;

    /**
     * @param axis the axis {@link #forward(Tensor)} convolves along (e.g. 1 for F of [B, F, T, H],
     *             2 for T; negative counts from the end; never the last, channel axis)
     */
    public Conv1d(int cin, int cout, int kernel, int groups, Padding padding, boolean bias, int axis) {
        if (cin < 1 || cout < 1 || kernel < 1 || groups < 1 || cin % groups != 0 || cout % groups != 0) {
            throw new IllegalArgumentException("Conv1d: invalid sizes cin=" + cin + " cout=" + cout
                    + " kernel=" + kernel + " groups=" + groups);
        }
        this.cin = cin;
        this.cout = cout;
        this.kernel = kernel;
        this.groups = groups;
        this.padding = padding;
        this.axis = axis;
        this.weight = addParameter("weight", Tensor.parameter(cout, cin / groups, kernel));
        this.bias = bias ? addParameter("bias", Tensor.parameter(cout)) : null;
    }

    /** Convolves along the axis given at construction. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, axis);
    }

    /** Convolves along {@code axis}. */
    public Tensor forward(Tensor x, int axis) {
        return Conv1dOp.apply(x, weight, bias, axis, groups, padding);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null for a layer without one. */
    public Tensor bias() {
        return bias;
    }

    public int kernelSize() {
        return kernel;
    }

    /** PyTorch default: weight and bias U(−1/√fan_in, 1/√fan_in), fan_in = Cin/groups·k. */
    @Override
    protected void resetParameters(SplittableRandom rng) {
        double bound = 1.0 / Math.sqrt((double) (cin / groups) * kernel);
        uniform(weight, bound, rng);
        if (bias != null) uniform(bias, bound, rng);
    }
}
