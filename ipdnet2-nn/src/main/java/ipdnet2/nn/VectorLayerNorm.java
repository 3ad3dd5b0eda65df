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

    /**
     * The forward of rows [row, row + 4) of c channels from offset row·c, each exactly as
     * {@link #sum}, {@link #squaredDeviations} and {@link #normalize} of that row alone (the same
     * operations in the same order per row), but interleaved: the four rows' lane reductions and
     * square roots are independent, so their latencies overlap instead of adding up row after
     * row (the rows are short: 48 channels in Tiny). Writes y and, when given, μ and rstd.
     */
    static void forward4(float[] x, int row, int c, float eps, float[] g, float[] b, float[] y,
                         float[] mean, float[] rstd) {
        int o0 = row * c, o1 = o0 + c, o2 = o1 + c, o3 = o2 + c;
        int end = c / L * L;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int j = 0; j < end; j += L) {
            a0 = a0.add(FloatVector.fromArray(S, x, o0 + j));
            a1 = a1.add(FloatVector.fromArray(S, x, o1 + j));
            a2 = a2.add(FloatVector.fromArray(S, x, o2 + j));
            a3 = a3.add(FloatVector.fromArray(S, x, o3 + j));
        }
        float s0 = a0.reduceLanes(VectorOperators.ADD), s1 = a1.reduceLanes(VectorOperators.ADD);
        float s2 = a2.reduceLanes(VectorOperators.ADD), s3 = a3.reduceLanes(VectorOperators.ADD);
        for (int j = end; j < c; j++) {
            s0 += x[o0 + j];
            s1 += x[o1 + j];
            s2 += x[o2 + j];
            s3 += x[o3 + j];
        }
        float m0 = s0 / c, m1 = s1 / c, m2 = s2 / c, m3 = s3 / c;
        FloatVector q0 = FloatVector.zero(S), q1 = q0, q2 = q0, q3 = q0;
        for (int j = 0; j < end; j += L) {
            FloatVector d0 = FloatVector.fromArray(S, x, o0 + j).sub(m0);
            FloatVector d1 = FloatVector.fromArray(S, x, o1 + j).sub(m1);
            FloatVector d2 = FloatVector.fromArray(S, x, o2 + j).sub(m2);
            FloatVector d3 = FloatVector.fromArray(S, x, o3 + j).sub(m3);
            q0 = d0.fma(d0, q0);
            q1 = d1.fma(d1, q1);
            q2 = d2.fma(d2, q2);
            q3 = d3.fma(d3, q3);
        }
        float v0 = q0.reduceLanes(VectorOperators.ADD), v1 = q1.reduceLanes(VectorOperators.ADD);
        float v2 = q2.reduceLanes(VectorOperators.ADD), v3 = q3.reduceLanes(VectorOperators.ADD);
        for (int j = end; j < c; j++) {
            float d0 = x[o0 + j] - m0, d1 = x[o1 + j] - m1, d2 = x[o2 + j] - m2, d3 = x[o3 + j] - m3;
            v0 += d0 * d0;
            v1 += d1 * d1;
            v2 += d2 * d2;
            v3 += d3 * d3;
        }
        float r0 = (float) (1.0 / Math.sqrt(v0 / c + eps)), r1 = (float) (1.0 / Math.sqrt(v1 / c + eps));
        float r2 = (float) (1.0 / Math.sqrt(v2 / c + eps)), r3 = (float) (1.0 / Math.sqrt(v3 / c + eps));
        normalize(x, o0, c, m0, r0, g, b, y);
        normalize(x, o1, c, m1, r1, g, b, y);
        normalize(x, o2, c, m2, r2, g, b, y);
        normalize(x, o3, c, m3, r3, g, b, y);
        if (mean != null) {
            mean[row] = m0;
            mean[row + 1] = m1;
            mean[row + 2] = m2;
            mean[row + 3] = m3;
            rstd[row] = r0;
            rstd[row + 1] = r1;
            rstd[row + 2] = r2;
            rstd[row + 3] = r3;
        }
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
