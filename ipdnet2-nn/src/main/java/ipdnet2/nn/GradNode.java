package ipdnet2.nn;

/**
 * The differentiation side of a tensor that needs a gradient: its gradient buffer and, for an
 * op result, the nodes of the op's inputs and the op's backward function.
 *
 * <p>The graph links nodes, not tensors: a backward function captures the nodes it sends
 * gradients to and only those data arrays its formula needs. A tensor whose values no backward
 * needs (e.g. the output of an addition that only feeds a pooling) is therefore garbage as soon
 * as the forward pass has moved past it, during training as well as in inference.
 */
final class GradNode {
    final int size;
    /** Gradient of the loss with respect to the tensor, allocated on first use. */
    float[] grad;
    /** Input nodes of the op that made the tensor; null for leaves and after backward. */
    GradNode[] inputs;
    /** Adds this node's gradient, through the op, into the inputs' gradients. */
    Runnable backwardFn;

    GradNode(int size) {
        this.size = size;
    }

    /**
     * Adds {@code g} to the gradient. An op result that has no gradient yet adopts {@code g}
     * itself instead of copying it, so the caller hands over {@code g} and must neither read
     * nor write it afterwards (typically the gradient of a consumed output, or a fresh array).
     */
    void addOrAdopt(float[] g) {
        if (grad == null && inputs != null && g.length == size) {
            grad = g;
            return;
        }
        float[] d = buffer();
        ipdnet2.nn.kernels.Parallel.forRange(d.length, Pointwise.GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) d[i] += g[i];
        });
    }

    /** The gradient buffer, allocated (zeroed) on first use, from recycled gradients when it can. */
    float[] buffer() {
        if (grad == null) grad = GradientPool.zeroed(size);
        return grad;
    }
}
