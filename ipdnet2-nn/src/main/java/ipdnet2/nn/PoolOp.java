package ipdnet2.nn;

import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.kernels.RowArithmetic;

/** Average pooling along one axis by an integer factor (non-overlapping windows, the remainder dropped). */
public final class PoolOp {
    private PoolOp() {}

    /**
     * Means of consecutive groups of {@code factor} elements along {@code axis}; the output size
     * there is {@code floor(size / factor)} (trailing elements that do not fill a group are dropped,
     * as average pooling with stride = kernel does).
     */
    public static Tensor avg(Tensor x, int axis, int factor) {
        if (!OpTimer.ON) return avgUntimed(x, axis, factor);
        return OpTimer.time("avgPool", () -> avgUntimed(x, axis, factor));
    }

    private static Tensor avgUntimed(Tensor x, int axis, int factor) {
        int r = x.shape.length;
        int a = Shapes.axis(axis, r, "avgPool");
        if (factor < 1) throw new IllegalArgumentException("avgPool: factor must be >= 1, got " + factor);
        int outer = Shapes.prod(x.shape, 0, a), len = x.shape[a], inner = Shapes.prod(x.shape, a + 1, r);
        int outLen = len / factor;
        int[] os = x.shape.clone();
        os[a] = outLen;
        float[] xd = x.data;
        float[] y = ArrayPool.take(outer * outLen * inner);
        float inv = 1f / factor;
        int rows = outer * outLen;
        int minRows = Math.max(1, Pointwise.GRAIN / Math.max(1, inner * factor));
        Parallel.forRange(rows, minRows, (r0, r1) -> {
            for (int row = r0; row < r1; row++) {
                int o = row / outLen, l = row % outLen;
                int src = (o * len + l * factor) * inner, dst = row * inner;
                // ((0 + x_0) + x_1 + … + x_{k−1})·inv, in passes over contiguous rows: the first
                // assigns (y may be recycled) and the last scales
                if (factor == 1) {
                    for (int i = 0; i < inner; i++) y[dst + i] = (xd[src + i] + 0f) * inv;
                    continue;
                }
                RowArithmetic.start(y, dst, xd, src, inner);
                src += inner;
                for (int f = 1; f < factor - 1; f++, src += inner) RowArithmetic.add(y, dst, xd, src, inner);
                RowArithmetic.addThenScale(y, dst, xd, src, inner, inv);
            }
        });
        Tensor out = Tensor.result(y, os, x);
        if (out.requiresGrad()) {
            GradNode on = out.node, xn = x.node;
            out.onBackward(() -> {
                float[] dy = on.grad, dx = xn.buffer();
                Parallel.forRange(rows, minRows, (r0, r1) -> {
                    for (int row = r0; row < r1; row++) {
                        int o = row / outLen, l = row % outLen;
                        int dst = (o * len + l * factor) * inner, src = row * inner;
                        for (int f = 0; f < factor; f++, dst += inner) RowArithmetic.addScaled(dx, dst, dy, src, inner, inv);
                    }
                });
            });
        }
        return out;
    }
}
