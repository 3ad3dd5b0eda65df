package ipdnet2.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector forms of {@link LayerNormOp}'s row loops (sums in float lanes, reduced across lanes
 * at the end). Loaded only when {@link ipdnet2.nn.kernels.VectorSupport#ENABLED}.
 */
final class VectorLayerNorm {
    private VectorLayerNorm() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** Σ x[o .. o+c) in float lanes (the rows are short: at most a few hundred channels). */
    static float sum(float[] x, int o, int c) {
        int j = 0, end = c / L * L;
        FloatVector acc = FloatVector.zero(S);
        for (; j < end; j += L) acc = acc.add(FloatVector.fromArray(S, x, o + j));
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < c; j++) s += x[o + j];
        return s;
    }

    /** Σ (x − μ)² over the row: the second pass keeps the variance exact for large means. */
    static float squaredDeviations(float[] x, int o, int c, float mu) {
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
    static void normalize(float[] x, int o, int c, float mu, float rs, float[] g, float[] b, float[] y) {
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
    static void backwardRow(float[] x, float[] dy, float[] gamma, int o, int c, float mu, float rs,
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

}
