package ipdnet2.nn;

import ipdnet2.nn.kernels.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
        float[] y = ArrayPool.take(xd.length);
        boolean keep = NoGrad.recording();
        float[] mean = keep ? new float[rows] : null, rstd = keep ? new float[rows] : null;
        Parallel.forRange(rows, MIN_ROWS, (r0, r1) -> {
            for (int row = r0; row < r1; row++) {
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

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Σ x[o .. o+c) in float lanes (the rows are short: at most a few hundred channels). */
    private static float sum(float[] x, int o, int c) {
        int j = 0, end = c / L * L;
        FloatVector acc = FloatVector.zero(S);
        for (; j < end; j += L) acc = acc.add(FloatVector.fromArray(S, x, o + j));
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < c; j++) s += x[o + j];
        return s;
    }

    /** Σ (x − μ)² over the row: the second pass keeps the variance exact for large means. */
    private static float squaredDeviations(float[] x, int o, int c, float mu) {
        int j = 0, end = c / L * L;
        FloatVector acc = FloatVector.zero(S);
        for (; j < end; j += L) {
            FloatVector d = FloatVector.fromArray(S, x, o + j).sub(mu);
            acc = d.fma(d, acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < c; j++) {
            float d = x[o + j] - mu;
            s += d * d;
        }
        return s;
    }

    /** y = (x − μ)·rstd·γ + β over the row. */
    private static void normalize(float[] x, int o, int c, float mu, float rs, float[] g, float[] b, float[] y) {
        int j = 0, end = c / L * L;
        for (; j < end; j += L) {
            FloatVector.fromArray(S, x, o + j).sub(mu).mul(rs)
                    .fma(FloatVector.fromArray(S, g, j), FloatVector.fromArray(S, b, j)).intoArray(y, o + j);
        }
        for (; j < c; j++) y[o + j] = (x[o + j] - mu) * rs * g[j] + b[j];
    }

    /**
     * One row of the backward. With x̂ = (x − μ)·rstd and g = dy·γ:
     * dx = rstd·(g − mean(g) − x̂·mean(g·x̂)), dγ += dy·x̂, dβ += dy (dx only when wanted).
     */
    private static void backwardRow(float[] x, float[] dy, float[] gamma, int o, int c, float mu, float rs,
                                    float[] pg, float[] pb, float[] dx) {
        int end = c / L * L;
        FloatVector vsg = FloatVector.zero(S), vsgx = FloatVector.zero(S);
        int j = 0;
        for (; j < end; j += L) {
            FloatVector xh = FloatVector.fromArray(S, x, o + j).sub(mu).mul(rs);
            FloatVector d = FloatVector.fromArray(S, dy, o + j);
            FloatVector gj = d.mul(FloatVector.fromArray(S, gamma, j));
            vsg = vsg.add(gj);
            vsgx = gj.fma(xh, vsgx);
            d.fma(xh, FloatVector.fromArray(S, pg, j)).intoArray(pg, j);
            d.add(FloatVector.fromArray(S, pb, j)).intoArray(pb, j);
        }
        float sg = vsg.reduceLanes(VectorOperators.ADD), sgx = vsgx.reduceLanes(VectorOperators.ADD);
        for (; j < c; j++) {
            float xh = (x[o + j] - mu) * rs;
            float gj = dy[o + j] * gamma[j];
            sg += gj;
            sgx += gj * xh;
            pg[j] += dy[o + j] * xh;
            pb[j] += dy[o + j];
        }
        if (dx == null) return;
        float mg = sg / c, mgx = sgx / c;
        j = 0;
        for (; j < end; j += L) {
            FloatVector xh = FloatVector.fromArray(S, x, o + j).sub(mu).mul(rs);
            FloatVector gj = FloatVector.fromArray(S, dy, o + j).mul(FloatVector.fromArray(S, gamma, j));
            gj.sub(mg).sub(xh.mul(mgx)).mul(rs).add(FloatVector.fromArray(S, dx, o + j)).intoArray(dx, o + j);
        }
        for (; j < c; j++) {
            float xh = (x[o + j] - mu) * rs;
            dx[o + j] += rs * (dy[o + j] * gamma[j] - mg - xh * mgx);
        }
    }

    static void addPartials(float[][] partial, float[] dst) {
        for (float[] p : partial) {
            for (int j = 0; j < dst.length; j++) dst[j] += p[j];
        }
    }
}
