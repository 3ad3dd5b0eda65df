package ipdnet2.nn;

import ipdnet2.nn.kernels.Parallel;

/**
 * Layer normalisation over the last axis with affine parameters (PyTorch semantics: biased
 * variance, eps inside the square root): {@code y = (x - μ)/√(σ² + eps)·γ + β}.
 */
public final class LayerNormOp {
    private LayerNormOp() {}

    private static final int MIN_ROWS = 32;

    /**
     * @param x     input [..., C]
     * @param gamma scale [C]
     * @param beta  shift [C]
     */
    public static Tensor apply(Tensor x, Tensor gamma, Tensor beta, float eps) {
        if (!OpTimer.ON) return applyUntimed(x, gamma, beta, eps);
        return OpTimer.time("layerNorm", () -> applyUntimed(x, gamma, beta, eps));
    }

    private static Tensor applyUntimed(Tensor x, Tensor gamma, Tensor beta, float eps) {
        int r = x.shape.length;
        int c = r == 0 ? 0 : x.shape[r - 1];
        if (r == 0 || gamma.shape.length != 1 || gamma.shape[0] != c || beta.shape.length != 1 || beta.shape[0] != c) {
            throw new IllegalArgumentException("layerNorm: gamma " + Shapes.str(gamma.shape) + " and beta "
                    + Shapes.str(beta.shape) + " must be [C] for input " + Shapes.str(x.shape));
        }
        int rows = c == 0 ? 0 : x.data.length / c;
        float[] xd = x.data, g = gamma.data, bt = beta.data;
        float[] y = new float[xd.length];
        boolean keep = NoGrad.recording();
        float[] mean = keep ? new float[rows] : null, rstd = keep ? new float[rows] : null;
        Parallel.forRange(rows, MIN_ROWS, (r0, r1) -> {
            for (int row = r0; row < r1; row++) {
                int o = row * c;
                double s = 0;
                for (int j = 0; j < c; j++) s += xd[o + j];
                float mu = (float) (s / c);
                double v = 0;
                for (int j = 0; j < c; j++) {
                    double d = xd[o + j] - mu;
                    v += d * d;
                }
                float rs = (float) (1.0 / Math.sqrt(v / c + eps));
                for (int j = 0; j < c; j++) y[o + j] = (xd[o + j] - mu) * rs * g[j] + bt[j];
                if (mean != null) {
                    mean[row] = mu;
                    rstd[row] = rs;
                }
            }
        });
        Tensor out = Tensor.result(y, x.shape, x, gamma, beta);
        if (out.requiresGrad()) {
            GradNode on = out.node, xn = x.node, gn = gamma.node, bn = beta.node;
            out.onBackward(() -> {
                float[] dy = on.grad;
                float[] dx = xn != null ? xn.buffer() : null;
                int chunks = RowSums.chunks(rows, c);
                float[][] dg = new float[chunks][c], db = new float[chunks][c];
                RowSums.forChunks(rows, c, (chunk, r0, r1) -> {
                    float[] pg = dg[chunk], pb = db[chunk];
                    for (int row = r0; row < r1; row++) {
                        int o = row * c;
                        float mu = mean[row], rs = rstd[row];
                        // x̂ = (x-μ)·rstd; with g = dy·γ: dx = rstd·(g - mean(g) - x̂·mean(g·x̂))
                        double sg = 0, sgx = 0;
                        for (int j = 0; j < c; j++) {
                            float xh = (xd[o + j] - mu) * rs;
                            float gj = dy[o + j] * g[j];
                            sg += gj;
                            sgx += gj * xh;
                            pg[j] += dy[o + j] * xh;
                            pb[j] += dy[o + j];
                        }
                        if (dx != null) {
                            float mg = (float) (sg / c), mgx = (float) (sgx / c);
                            for (int j = 0; j < c; j++) {
                                float xh = (xd[o + j] - mu) * rs;
                                dx[o + j] += rs * (dy[o + j] * g[j] - mg - xh * mgx);
                            }
                        }
                    }
                });
                if (gn != null) addPartials(dg, gn.buffer());
                if (bn != null) addPartials(db, bn.buffer());
            });
        }
        return out;
    }

    static void addPartials(float[][] partial, float[] dst) {
        for (float[] p : partial) {
            for (int j = 0; j < dst.length; j++) dst[j] += p[j];
        }
    }
}
