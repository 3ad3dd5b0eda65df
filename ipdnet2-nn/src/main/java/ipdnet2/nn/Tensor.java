package ipdnet2.nn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * A float32 tensor: a shape over contiguous row-major {@code float[]} storage, plus the
 * bookkeeping of reverse-mode differentiation.
 *
 * <p>A tensor either is a leaf (created by a factory method; a {@link #parameter parameter} is a
 * leaf that requires a gradient) or the result of an op. An op result requires a gradient when
 * gradients are being recorded (no {@link NoGrad} scope is open on this thread) and one of its
 * inputs requires one; it then gets a {@link GradNode} linking to its inputs' nodes, with a
 * hand-written backward function. {@link #backward()} on a scalar orders those nodes into a tape
 * (reverse topological order) and runs the backward functions from the loss down to the leaves.
 * Gradients accumulate into {@link #grad()} of leaves until {@link #zeroGrad()}; the gradients
 * of intermediate results and the recorded graph are released as soon as they have been
 * propagated. The graph holds no tensors, only the arrays each backward needs, so an
 * activation that no backward needs is collected as soon as the caller drops it.
 *
 * <p>Op results never change their storage after creation, so shape-only ops (e.g.
 * {@link Layout#reshape}) share storage with their input. The only exceptions are the
 * explicitly named in-place ops (e.g. {@link Pointwise#residual}), which refuse to touch a
 * tensor that the graph may still need.
 */
public final class Tensor {
    final int[] shape;
    final float[] data;
    /** Gradient bookkeeping; null when no gradient flows through this tensor. */
    final GradNode node;

    Tensor(float[] data, int[] shape, boolean requiresGrad) {
        this.shape = shape;
        this.data = data;
        this.node = requiresGrad ? new GradNode(data.length) : null;
    }

    // ---------------------------------------------------------------- factories

    /** A leaf of zeros that needs no gradient. */
    public static Tensor zeros(int... shape) {
        int[] s = Shapes.checked(shape, "zeros");
        return new Tensor(new float[Shapes.numel(s)], s, false);
    }

    /** A leaf of zeros that accumulates a gradient (a trainable parameter). */
    public static Tensor parameter(int... shape) {
        int[] s = Shapes.checked(shape, "parameter");
        return new Tensor(new float[Shapes.numel(s)], s, true);
    }

    /** A leaf viewing {@code data} (not copied) with the given shape; needs no gradient. */
    public static Tensor of(float[] data, int... shape) {
        int[] s = Shapes.checked(shape, "of");
        if (data.length != Shapes.numel(s)) {
            throw new IllegalArgumentException("data length " + data.length
                    + " does not match shape " + Arrays.toString(s));
        }
        return new Tensor(data, s, false);
    }

    /** A scalar leaf (shape []). */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, new int[0], false);
    }

    /**
     * The result of an op over {@code inputs}: records the graph edge when gradients are being
     * recorded and some input requires a gradient. The op then attaches its backward with
     * {@link #onBackward} if {@link #requiresGrad()}.
     */
    static Tensor result(float[] data, int[] shape, Tensor... inputs) {
        boolean needs = false;
        if (NoGrad.recording()) {
            for (Tensor t : inputs) {
                if (t != null && t.node != null) {
                    needs = true;
                    break;
                }
            }
        }
        Tensor out = new Tensor(data, shape, needs);
        if (needs) {
            GradNode[] in = new GradNode[inputs.length];
            for (int i = 0; i < inputs.length; i++) in[i] = inputs[i] == null ? null : inputs[i].node;
            out.node.inputs = in;
        }
        return out;
    }

    /**
     * Attaches the op's backward. It must capture {@link GradNode}s (from {@link #node}) and the
     * data arrays its formula needs, never tensors, so unneeded activations can be collected.
     */
    void onBackward(Runnable fn) {
        node.backwardFn = OpTimer.ON ? OpTimer.backward(fn) : fn;
    }

    /** The node of a tensor that needs a gradient, else null (the usual capture in a backward). */
    static GradNode nodeOf(Tensor t) {
        return t == null ? null : t.node;
    }

    // ---------------------------------------------------------------- accessors

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of {@code axis}; negative axes count from the end. */
    public int size(int axis) {
        return shape[Shapes.axis(axis, shape.length, "size")];
    }

    public int numel() {
        return data.length;
    }

    /** The storage itself (row-major); writing to it bypasses autograd. */
    public float[] data() {
        return data;
    }

    /** The accumulated gradient (same layout as {@link #data()}), or null before any backward. */
    public float[] grad() {
        return node == null ? null : node.grad;
    }

    public boolean requiresGrad() {
        return node != null;
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (data.length != 1) {
            throw new IllegalStateException("item() needs one element, shape is " + Arrays.toString(shape));
        }
        return data[0];
    }

    /** The element at a full index. */
    public float get(int... index) {
        return data[Shapes.offset(shape, index)];
    }

    /** A leaf sharing this storage that needs no gradient. */
    public Tensor detach() {
        return new Tensor(data, shape, false);
    }

    /** Zeroes the accumulated gradient (keeps the buffer). */
    public void zeroGrad() {
        if (node != null && node.grad != null) Arrays.fill(node.grad, 0f);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + (node != null ? " (grad)" : "");
    }

    // ---------------------------------------------------------------- convenience

    /** {@link Layout#reshape}. */
    public Tensor reshape(int... newShape) {
        return Layout.reshape(this, newShape);
    }

    /** {@link Layout#permute}. */
    public Tensor permute(int... order) {
        return Layout.permute(this, order);
    }

    /** {@link Pointwise#add}. */
    public Tensor add(Tensor other) {
        return Pointwise.add(this, other);
    }

    /** {@link Pointwise#mul}. */
    public Tensor mul(Tensor other) {
        return Pointwise.mul(this, other);
    }

    // ---------------------------------------------------------------- backward

    /**
     * Back-propagates from this one-element tensor (d this / d this = 1) through everything
     * recorded since the leaves, adding the result to every leaf's {@link #grad()}. The recorded
     * graph is consumed: a second backward from the same loss finds nothing to do.
     */
    public void backward() {
        if (data.length != 1) {
            throw new IllegalStateException("backward() needs a one-element loss, shape is "
                    + Arrays.toString(shape));
        }
        if (node == null) {
            throw new IllegalStateException("backward(): the loss does not depend on any tensor that"
                    + " requires a gradient (or it was computed inside a NoGrad scope)");
        }
        List<GradNode> tape = tape(node);
        node.buffer()[0] += 1f;
        for (int i = tape.size() - 1; i >= 0; i--) {
            GradNode t = tape.get(i);
            if (t.inputs == null) continue; // a leaf loss keeps its gradient
            if (t.backwardFn != null && t.grad != null) t.backwardFn.run();
            // The op's gradient has reached its inputs: free the graph and recycle the
            // intermediate grad, unless an input adopted that very array.
            if (t.grad != null && !adoptedByInput(t)) GradientPool.recycle(t.grad);
            t.backwardFn = null;
            t.inputs = null;
            t.grad = null;
        }
    }

    private static boolean adoptedByInput(GradNode t) {
        for (GradNode in : t.inputs) {
            if (in != null && in.grad == t.grad) return true;
        }
        return false;
    }

    /** Op results reachable from {@code root}, each after all of its inputs (iterative DFS). */
    private static List<GradNode> tape(GradNode root) {
        List<GradNode> order = new ArrayList<>();
        IdentityHashMap<GradNode, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<GradNode> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        stack.push(root);
        next.push(0);
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            GradNode t = stack.peek();
            int i = next.pop();
            GradNode[] in = t.inputs;
            if (in != null && i < in.length) {
                next.push(i + 1);
                GradNode c = in[i];
                if (c != null && c.inputs != null && !seen.containsKey(c)) {
                    seen.put(c, Boolean.TRUE);
                    stack.push(c);
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
