package ipdnet2.nn;

import ipdnet2.nn.kernels.Gemm;
import ipdnet2.nn.kernels.Parallel;

/**
 * Affine map over the last axis: {@code y[..., o] = Σ_i x[..., i]·W[o, i] + b[o]}, for input of
 * any rank. W is stored [out, in] (a 1×1 convolution weight [out, in, 1] is accepted as is).
 * All products go through {@link Gemm#gemm}.
 */
public final class LinearOp {
    private LinearOp() {}

    /** Rows per parallel chunk of the row-split products. */
    private static final int MIN_ROWS = 64;

    /**
     * {@code x·Wᵀ + b} over the last axis of {@code x}.
     *
     * @param x input [..., in]
     * @param w weight [out, in] or [out, in, 1]
     * @param b bias [out], or null for none
     */
    public static Tensor apply(Tensor x, Tensor w, Tensor b) {
        if (!OpTimer.ON) return applyUntimed(x, w, b);
        return OpTimer.time("linear", () -> applyUntimed(x, w, b));
    }

    private static Tensor applyUntimed(Tensor x, Tensor w, Tensor b) {
        int r = x.shape.length;
        if (r == 0) throw new IllegalArgumentException("linear: input must have at least one axis");
        int in = x.shape[r - 1];
        if (w.shape.length < 2 || w.shape.length > 3 || (w.shape.length == 3 && w.shape[2] != 1)
                || w.shape[1] != in) {
            throw new IllegalArgumentException("linear: weight " + Shapes.str(w.shape)
                    + " does not fit input " + Shapes.str(x.shape) + " (expected [out, " + in + "])");
        }
        int out = w.shape[0];
        if (b != null && (b.shape.length != 1 || b.shape[0] != out)) {
            throw new IllegalArgumentException("linear: bias " + Shapes.str(b.shape) + " must be [" + out + "]");
        }
        int rows = in == 0 ? 0 : x.data.length / in;
        int[] os = x.shape.clone();
        os[r - 1] = out;
        float[] xd = x.data, wd = w.data, bd = b == null ? null : b.data;
        float[] y = new float[rows * out];
        Parallel.forRange(rows, MIN_ROWS, (r0, r1) -> {
            Gemm.gemm(false, true, r1 - r0, out, in, xd, r0 * in, in, wd, 0, in, y, r0 * out, out, false);
            if (bd != null) {
                for (int row = r0; row < r1; row++) {
                    int o = row * out;
                    for (int j = 0; j < out; j++) y[o + j] += bd[j];
                }
            }
        });
        Tensor result = Tensor.result(y, os, x, w, b);
        if (result.requiresGrad()) {
            GradNode on = result.node, xn = x.node, wn = w.node, bn = Tensor.nodeOf(b);
            // dx needs W, dW needs x: keep only what the gradients to compute need
            float[] keepW = xn != null ? wd : null, keepX = wn != null ? xd : null;
            result.onBackward(() -> {
                float[] dy = on.grad;
                if (xn != null) {
                    // dx[rows, in] += dy[rows, out] · W[out, in]
                    float[] dx = xn.buffer();
                    Parallel.forRange(rows, MIN_ROWS, (r0, r1) ->
                            Gemm.gemm(false, false, r1 - r0, in, out, dy, r0 * out, out, keepW, 0, in,
                                    dx, r0 * in, in, true));
                }
                if (wn != null) {
                    // dW[out, in] += dyᵀ[out, rows] · x[rows, in]; split over output rows, no reduction races
                    float[] dw = wn.buffer();
                    Parallel.forRange(out, 1, (o0, o1) ->
                            Gemm.gemm(true, false, o1 - o0, in, rows, dy, o0, out, keepX, 0, in,
                                    dw, o0 * in, in, true));
                }
                if (bn != null) {
                    RowSums.add(dy, null, rows, out, bn.buffer());
                }
            });
        }
        return result;
    }
}
