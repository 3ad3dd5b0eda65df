package ipdnet2.nn;

import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.kernels.VectorSupport;

/**
 * Layer normalisation over the last axis with affine parameters (PyTorch semantics: biased
 * variance, eps inside the square root): {@code y = (x - μ)/√(σ² + eps)·γ + β}.
 *
 * <p>The row loops run in {@link VectorLayerNorm} when {@link VectorSupport#ENABLED}, else the
 * plain loops here: element-wise steps are bitwise the same; the row sums (mean, variance and
 * the two backward sums) are summed per lane then across lanes on the vector path and in
 * increasing j here, so they differ by float rounding of a C-term sum (relative order C·2^-24).
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
        float[] y = ArrayPool.take(xd.length);
        boolean keep = NoGrad.recording();
        float[] mean = keep ? new float[rows] : null, rstd = keep ? new float[rows] : null;
        Parallel.forRange(rows, MIN_ROWS, (r0, r1) -> {
            int row = r0;
            if (VectorSupport.ENABLED) {
                for (; row + 4 <= r1; row += 4) VectorLayerNorm.forward4(xd, row, c, eps, g, bt, y, mean, rstd);
            }
            for (; row < r1; row++) {
                int o = row * c;
                float mu = sum(xd, o, c) / c;
                float rs = (float) (1.0 / Math.sqrt(squaredDeviations(xd, o, c, mu) / c + eps));
                normalize(xd, o, c, mu, rs, g, bt, y);
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
                        backwardRow(xd, dy, g, row * c, c, mean[row], rstd[row], pg, pb, dx);
                    }
                });
                if (gn != null) addPartials(dg, gn.buffer());
                if (bn != null) addPartials(db, bn.buffer());
            });
        }
        return out;
    }

    /** Σ x[o .. o+c). */
    static float sum(float[] x, int o, int c) {
        if (VectorSupport.ENABLED) return VectorLayerNorm.sum(x, o, c);
        float s = 0f;
        for (int j = 0; j < c; j++) s += x[o + j];
        return s;
    }

    /** Σ (x − μ)² over the row: the second pass keeps the variance exact for large means. */
    static float squaredDeviations(float[] x, int o, int c, float mu) {
        if (VectorSupport.ENABLED) return VectorLayerNorm.squaredDeviations(x, o, c, mu);
        float s = 0f;
        for (int j = 0; j < c; j++) {
            float d = x[o + j] - mu;
            s = Math.fma(d, d, s);
        }
        return s;
    }

    /** y = (x − μ)·rstd·γ + β over the row (the last two as one fused multiply-add). */
    static void normalize(float[] x, int o, int c, float mu, float rs, float[] g, float[] b, float[] y) {
        if (VectorSupport.ENABLED) {
            VectorLayerNorm.normalize(x, o, c, mu, rs, g, b, y);
            return;
        }
        for (int j = 0; j < c; j++) y[o + j] = Math.fma((x[o + j] - mu) * rs, g[j], b[j]);
    }

    /**
     * One row of the backward. With x̂ = (x − μ)·rstd and g = dy·γ:
     * dx = rstd·(g − mean(g) − x̂·mean(g·x̂)), dγ += dy·x̂, dβ += dy (dx only when wanted).
     */
    static void backwardRow(float[] x, float[] dy, float[] gamma, int o, int c, float mu, float rs,
                            float[] pg, float[] pb, float[] dx) {
        if (VectorSupport.ENABLED) {
            VectorLayerNorm.backwardRow(x, dy, gamma, o, c, mu, rs, pg, pb, dx);
            return;
        }
        float sg = 0f, sgx = 0f;
        for (int j = 0; j < c; j++) {
            float xh = (x[o + j] - mu) * rs;
            float gj = dy[o + j] * gamma[j];
            sg += gj;
            sgx = Math.fma(gj, xh, sgx);
            pg[j] = Math.fma(dy[o + j], xh, pg[j]);
            pb[j] += dy[o + j];
        }
        if (dx == null) return;
        float mg = sg / c, mgx = sgx / c;
        for (int j = 0; j < c; j++) {
            float xh = (x[o + j] - mu) * rs;
            dx[o + j] += (dy[o + j] * gamma[j] - mg - xh * mgx) * rs;
        }
    }

    static void addPartials(float[][] partial, float[] dst) {
        for (float[] p : partial) {
            for (int j = 0; j < dst.length; j++) dst[j] += p[j];
        }
    }
}
