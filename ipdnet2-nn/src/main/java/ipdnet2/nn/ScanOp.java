package ipdnet2.nn;

import ipdnet2.nn.kernels.SelectiveScan;

/**
 * The selective state-space scan of the Mamba block (ARCHITECTURE.md §3) as a differentiable op,
 * over every sequence of a batch at once; the recurrence itself (forward and its reverse-time
 * adjoint) is the fused {@link SelectiveScan} kernel:
 * <pre>
 *   s_t = exp(Δ_t ⊙ A) ⊙ s_{t−1} + (Δ_t ⊙ x_t) ⊗ B_t,   s_0 = 0
 *   y_t = s_t · C_t + D ⊙ x_t
 * </pre>
 */
public final class ScanOp {
    private ScanOp() {}

    /**
     * @param x     input [..., T, E] (all leading axes are independent sequences)
     * @param delta step sizes Δ, already softplus-ed, [..., T, E]
     * @param a     state matrix A = −exp(A_log), [E, N]
     * @param b     input projection B, [..., T, N]
     * @param c     output projection C, [..., T, N]
     * @param d     skip weights D, [E]
     * @return y [..., T, E]
     */
    public static Tensor apply(Tensor x, Tensor delta, Tensor a, Tensor b, Tensor c, Tensor d) {
        if (!OpTimer.ON) return applyUntimed(x, delta, a, b, c, d);
        return OpTimer.time("scan", () -> applyUntimed(x, delta, a, b, c, d));
    }

    private static Tensor applyUntimed(Tensor x, Tensor delta, Tensor a, Tensor b, Tensor c, Tensor d) {
        int r = x.shape.length;
        if (r < 2 || a.shape.length != 2) {
            throw new IllegalArgumentException("scan: x " + Shapes.str(x.shape) + " must be [..., T, E] and A "
                    + Shapes.str(a.shape) + " [E, N]");
        }
        int t = x.shape[r - 2], e = x.shape[r - 1], n = a.shape[1];
        int seqs = Shapes.prod(x.shape, 0, r - 2);
        int[] bcShape = x.shape.clone();
        bcShape[r - 1] = n;
        if (!java.util.Arrays.equals(delta.shape, x.shape) || a.shape[0] != e
                || !java.util.Arrays.equals(b.shape, bcShape) || !java.util.Arrays.equals(c.shape, bcShape)
                || d.shape.length != 1 || d.shape[0] != e) {
            throw new IllegalArgumentException("scan: shapes x " + Shapes.str(x.shape) + ", delta " + Shapes.str(delta.shape)
                    + ", A " + Shapes.str(a.shape) + ", B " + Shapes.str(b.shape) + ", C " + Shapes.str(c.shape)
                    + ", D " + Shapes.str(d.shape) + " do not fit [..., T, E], [E, N], [..., T, N], [E]");
        }
        float[] y = ArrayPool.take(x.data.length);
        SelectiveScan.forward(seqs, t, e, n, x.data, delta.data, a.data, b.data, c.data, d.data, y);
        Tensor out = Tensor.result(y, x.shape, x, delta, a, b, c, d);
        if (out.requiresGrad()) {
            GradNode on = out.node, xn = x.node, deltaN = delta.node, an = a.node, bn = b.node, cn = c.node, dn = d.node;
            float[] xd = x.data, deltaD = delta.data, ad = a.data, bd = b.data, cd = c.data, dd = d.data;
            out.onBackward(() -> {
                // The kernel overwrites dx, dΔ, dB, dC (added to the inputs' gradients here) and
                // accumulates dA, dD, which may therefore go straight into the gradient buffers.
                float[] dx = new float[xd.length], dDelta = new float[xd.length];
                float[] dB = new float[bd.length], dC = new float[cd.length];
                float[] dA = an != null ? an.buffer() : new float[ad.length];
                float[] dD = dn != null ? dn.buffer() : new float[e];
                SelectiveScan.backward(seqs, t, e, n, xd, deltaD, ad, bd, cd, dd,
                        on.grad, dx, dDelta, dA, dB, dC, dD);
                addInto(xn, dx);
                addInto(deltaN, dDelta);
                addInto(bn, dB);
                addInto(cn, dC);
            });
        }
        return out;
    }

    /** The fresh kernel outputs are handed over: adopted by an input without a gradient yet. */
    private static void addInto(GradNode t, float[] g) {
        if (t != null) t.addOrAdopt(g);
    }
}
