package ipdnet2.nn;

import ipdnet2.nn.kernels.RowArithmetic;
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

    /**
     * Outputs {@code [from, to)} of the bias-free map {@code x·Wᵀ}: the product with rows
     * {@code from … to−1} of W only, e.g. one half of a projection whose halves are used apart
     * (the Mamba block's [x, z] = in_proj(h)), without computing the whole and splitting it.
     * The gradient reaches those rows of W.
     *
     * @param x input [..., in]
     * @param w weight [out, in]
     * @return [..., to − from]
     */
    public static Tensor applyOutputs(Tensor x, Tensor w, int from, int to) {
        if (w.shape.length != 2 || from < 0 || to > w.shape[0] || from >= to) {
            throw new IllegalArgumentException("linear outputs [" + from + ", " + to + ") of weight "
                    + Shapes.str(w.shape) + ": need a [out, in] weight and 0 <= from < to <= out");
        }
        if (!OpTimer.ON) return linear(x, w, null, from, to);
        return OpTimer.time("linear", () -> linear(x, w, null, from, to));
    }

    private static Tensor applyUntimed(Tensor x, Tensor w, Tensor b) {
        return linear(x, w, b, 0, w.shape.length == 0 ? 0 : w.shape[0]);
    }

    /** x·W[from:to]ᵀ + b; b, when given, has to − from entries. */
    private static Tensor linear(Tensor x, Tensor w, Tensor b, int from, int to) {
        int r = x.shape.length;
        if (r == 0) throw new IllegalArgumentException("linear: input must have at least one axis");
        int in = x.shape[r - 1];
        if (w.shape.length < 2 || w.shape.length > 3 || (w.shape.length == 3 && w.shape[2] != 1)
                || w.shape[1] != in) {
            throw new IllegalArgumentException("linear: weight " + Shapes.str(w.shape)
                    + " does not fit input " + Shapes.str(x.shape) + " (expected [out, " + in + "])");
        }
        int out = to - from, wOff = from * in;
        if (b != null && (b.shape.length != 1 || b.shape[0] != out)) {
            throw new IllegalArgumentException("linear: bias " + Shapes.str(b.shape) + " must be [" + out + "]");
        }
        int rows = in == 0 ? 0 : x.data.length / in;
        int[] os = x.shape.clone();
        os[r - 1] = out;
        float[] xd = x.data, wd = w.data, bd = b == null ? null : b.data;
        float[] y = ArrayPool.take(rows * out);
        Parallel.forRange(rows, MIN_ROWS, (r0, r1) -> {
            Gemm.gemm(false, true, r1 - r0, out, in, xd, r0 * in, in, wd, wOff, in, y, r0 * out, out, false);
            if (bd != null) RowArithmetic.addBias(y, r0 * out, r1 - r0, out, bd);
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
                            Gemm.gemm(false, false, r1 - r0, in, out, dy, r0 * out, out, keepW, wOff, in,
                                    dx, r0 * in, in, true));
                }
                if (wn != null && in < out) {
                    // narrow input (e.g. 8 → 48): dWᵀ[in, out] = xᵀ · dy keeps the wide side along the
                    // vector lanes; rows split over threads into partials, added in chunk order
                    float[] dw = wn.buffer();
                    int chunks = RowSums.chunks(rows, in + out);
                    float[][] part = new float[chunks][in * out];
                    RowSums.forChunks(rows, in + out, (chunk, r0, r1) ->
                            Gemm.gemm(true, false, in, out, r1 - r0, keepX, r0 * in, in, dy, r0 * out, out,
                                    part[chunk], 0, out, false));
                    for (float[] p : part) {
                        for (int o = 0; o < out; o++) {
                            for (int i = 0; i < in; i++) dw[wOff + o * in + i] += p[i * out + o];
                        }
                    }
                } else if (wn != null) {
                    // dW[out, in] += dyᵀ[out, rows] · x[rows, in]; split over output rows, no reduction races
                    float[] dw = wn.buffer();
                    Parallel.forRange(out, 1, (o0, o1) ->
                            Gemm.gemm(true, false, o1 - o0, in, rows, dy, o0, out, keepX, 0, in,
                                    dw, wOff + o0 * in, in, true));
                }
                if (bn != null) {
                    RowSums.add(dy, null, rows, out, bn.buffer());
                }
            });
        }
        return result;
    }

    // ================================================================ along an axis

    /**
     * The affine map applied along {@code axis} instead of the last axis:
     * {@code y[o, j, i] = Σ_f W[j, f]·x[o, f, i] + b[j]} for x viewed as [outer, in, inner]
     * (e.g. the full-band linear across F of [B, F, T, S], ARCHITECTURE.md §3). Equal to
     * permuting {@code axis} to the end, {@link #apply} and permuting back, without the copies:
     * for each outer index it is one product W · X_o of [out, in] by [in, inner].
     *
     * @param x    input [..., in, ...] with size {@code in} at {@code axis}
     * @param w    weight [out, in]
     * @param b    bias [out], or null
     * @param axis the axis to map (negative counts from the end)
     * @return x's shape with {@code out} at {@code axis}
     */
    public static Tensor along(Tensor x, Tensor w, Tensor b, int axis) {
        if (!OpTimer.ON) return alongUntimed(x, w, b, axis);
        return OpTimer.time("linearAlong", () -> alongUntimed(x, w, b, axis));
    }

    private static Tensor alongUntimed(Tensor x, Tensor w, Tensor b, int axis) {
        int r = x.shape.length;
        int a = Shapes.axis(axis, r, "linear along");
        int in = x.shape[a];
        if (w.shape.length != 2 || w.shape[1] != in) {
            throw new IllegalArgumentException("linear along axis " + a + ": weight " + Shapes.str(w.shape)
                    + " does not fit input " + Shapes.str(x.shape) + " (expected [out, " + in + "])");
        }
        int out = w.shape[0];
        if (b != null && (b.shape.length != 1 || b.shape[0] != out)) {
            throw new IllegalArgumentException("linear along: bias " + Shapes.str(b.shape) + " must be [" + out + "]");
        }
        int outer = Shapes.prod(x.shape, 0, a), inner = Shapes.prod(x.shape, a + 1, r);
        int[] os = x.shape.clone();
        os[a] = out;
        float[] xd = x.data, wd = w.data, bd = b == null ? null : b.data;
        float[] y = ArrayPool.take(outer * out * inner);
        for (int o = 0; o < outer; o++) {
            int yo = o * out * inner;
            if (bd != null) {
                for (int j = 0; j < out; j++) java.util.Arrays.fill(y, yo + j * inner, yo + (j + 1) * inner, bd[j]);
            }
            // y_o[out, inner] (+)= W[out, in] · x_o[in, inner]; the product spreads its strips over threads
            Gemm.gemm(false, false, out, inner, in, wd, 0, in, xd, o * in * inner, inner, y, yo, inner, bd != null);
        }
        Tensor result = Tensor.result(y, os, x, w, b);
        if (result.requiresGrad()) {
            GradNode on = result.node, xn = x.node, wn = w.node, bn = Tensor.nodeOf(b);
            float[] keepW = xn != null ? wd : null, keepX = wn != null ? xd : null;
            result.onBackward(() -> {
                float[] dy = on.grad;
                for (int o = 0; o < outer; o++) {
                    int yo = o * out * inner, xo = o * in * inner;
                    // dx_o[in, inner] += Wᵀ[in, out] · dy_o[out, inner]
                    if (xn != null) {
                        Gemm.gemm(true, false, in, inner, out, keepW, 0, in, dy, yo, inner, xn.buffer(), xo, inner, true);
                    }
                    // dW[out, in] += dy_o[out, inner] · x_oᵀ[inner, in]
                    if (wn != null) {
                        Gemm.gemm(false, true, out, in, inner, dy, yo, inner, keepX, xo, inner, wn.buffer(), 0, in, true);
                    }
                }
                if (bn != null) {
                    // db[j] += Σ_{o, i} dy[o, j, i]: row sums of the [outer·out, inner] view, folded per j
                    float[] db = bn.buffer();
                    for (int o = 0; o < outer; o++) {
                        for (int j = 0; j < out; j++) {
                            int off = (o * out + j) * inner;
                            float sum = 0;
                            for (int i = 0; i < inner; i++) sum += dy[off + i];
                            db[j] += sum;
                        }
                    }
                }
            });
        }
        return result;
    }
}
