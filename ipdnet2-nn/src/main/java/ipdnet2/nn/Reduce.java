package ipdnet2.nn;

import ipdnet2.nn.kernels.Parallel;

/**
 * Reductions to a scalar (shape []): sum, mean and the mean-squared error. Sums are taken in
 * double precision over fixed chunks, so a result does not depend on the thread count's timing.
 */
public final class Reduce {
    private Reduce() {}

    /** Σ x. */
    public static Tensor sum(Tensor x) {
        return scaledSum(x, 1.0);
    }

    /** Σ x / numel. */
    public static Tensor mean(Tensor x) {
        return scaledSum(x, 1.0 / x.data.length);
    }

    /** Mean squared error {@code mean((a - b)²)}, same shapes. */
    public static Tensor mse(Tensor a, Tensor b) {
        if (!java.util.Arrays.equals(a.shape, b.shape)) {
            throw new IllegalArgumentException("mse: shapes " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape) + " differ");
        }
        int n = a.data.length;
        float[] ad = a.data, bd = b.data;
        double s = chunkedSum(n, (from, to) -> {
            double acc = 0;
            for (int i = from; i < to; i++) {
                double d = ad[i] - bd[i];
                acc += d * d;
            }
            return acc;
        });
        Tensor out = Tensor.result(new float[] {(float) (s / n)}, new int[0], a, b);
        if (out.requiresGrad()) {
            GradNode on = out.node, an = a.node, bn = b.node;
            out.onBackward(() -> {
                // d/da mean((a-b)²) = 2(a-b)/n; d/db is its negative.
                float g = 2f * on.grad[0] / n;
                float[] da = an != null ? an.buffer() : null;
                float[] db = bn != null ? bn.buffer() : null;
                Parallel.forRange(n, Pointwise.GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        float d = g * (ad[i] - bd[i]);
                        if (da != null) da[i] += d;
                        if (db != null) db[i] -= d;
                    }
                });
            });
        }
        return out;
    }

    private static Tensor scaledSum(Tensor x, double factor) {
        float[] xd = x.data;
        double s = chunkedSum(xd.length, (from, to) -> {
            double acc = 0;
            for (int i = from; i < to; i++) acc += xd[i];
            return acc;
        });
        Tensor out = Tensor.result(new float[] {(float) (s * factor)}, new int[0], x);
        if (out.requiresGrad()) {
            GradNode on = out.node, xn = x.node;
            out.onBackward(() -> {
                float g = (float) (on.grad[0] * factor);
                float[] dx = xn.buffer();
                Parallel.forRange(dx.length, Pointwise.GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) dx[i] += g;
                });
            });
        }
        return out;
    }

    @FunctionalInterface
    private interface PartialSum {
        double sum(int from, int to);
    }

    /** Sum over fixed-size chunks added in chunk order (deterministic). */
    private static double chunkedSum(int n, PartialSum body) {
        int chunk = Pointwise.GRAIN;
        int chunks = (n + chunk - 1) / chunk;
        if (chunks <= 1) return body.sum(0, n);
        double[] part = new double[chunks];
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) part[c] = body.sum(c * chunk, Math.min(n, (c + 1) * chunk));
        });
        double s = 0;
        for (double p : part) s += p;
        return s;
    }
}
