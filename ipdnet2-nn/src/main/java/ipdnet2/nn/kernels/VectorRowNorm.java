package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector forms of {@link RowNorm}'s loops. Loaded only when {@link VectorSupport#ENABLED}.
 */
final class VectorRowNorm {
    private static final VectorSpecies<Float> SPECIES = VectorExp.SPECIES;
    private static final int LANES = SPECIES.length();

    private VectorRowNorm() {}

    /** Mean of x[o, o + c). */
    static float mean(float[] x, int o, int c) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int j = 0;
        for (int end = SPECIES.loopBound(c); j < end; j += LANES) acc = acc.add(FloatVector.fromArray(SPECIES, x, o + j));
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < c; j++) s += x[o + j];
        return s / c;
    }

    /** 1 / √(Σ(x − μ)² / c + eps) over x[o, o + c). */
    static float rstd(float[] x, int o, int c, float mu, float eps) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int j = 0;
        for (int end = SPECIES.loopBound(c); j < end; j += LANES) {
            FloatVector d = FloatVector.fromArray(SPECIES, x, o + j).sub(mu);
            acc = d.fma(d, acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < c; j++) {
            float d = x[o + j] - mu;
            s += d * d;
        }
        return (float) (1.0 / Math.sqrt(s / c + eps));
    }

    /** y[yo + j] = (x[o + j] − μ)·rs·γ[j] + β[j] for j < c. */
    static void normalize(float[] x, int o, int c, float mu, float rs, float[] gamma, float[] beta,
            float[] y, int yo) {
        int j = 0;
        for (int end = SPECIES.loopBound(c); j < end; j += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, o + j).sub(mu).mul(rs);
            v.fma(FloatVector.fromArray(SPECIES, gamma, j), FloatVector.fromArray(SPECIES, beta, j)).intoArray(y, yo + j);
        }
        for (; j < c; j++) y[yo + j] = Math.fma((x[o + j] - mu) * rs, gamma[j], beta[j]);
    }
    /**
     * LayerNorm of {@code rows} rows of c channels (x[row·c + j]) written channel-major,
     * y[j·ld + off + row], the statistics computed with vectors across rows: each block of rows
     * is first copied transposed into y, then every step is a vertical operation on runs of rows
     * (no horizontal reductions). Each row's sums advance in increasing j.
     */
    static void normalizeTransposed(float[] x, int rows, int c, float eps, float[] gamma, float[] beta,
            float[] y, int ld, int off) {
        for (int r0 = 0; r0 < rows; r0 += LANES) {
            int n = Math.min(LANES, rows - r0);
            int base = off + r0;
            if (n == LANES) {
                for (int row = r0; row < r0 + n; row++) {
                    for (int j = 0, xo = row * c; j < c; j++) y[j * ld + off + row] = x[xo + j];
                }
                FloatVector s = FloatVector.zero(SPECIES);
                for (int j = 0; j < c; j++) s = s.add(FloatVector.fromArray(SPECIES, y, j * ld + base));
                FloatVector mu = s.div(c);
                FloatVector v = FloatVector.zero(SPECIES);
                for (int j = 0; j < c; j++) {
                    FloatVector d = FloatVector.fromArray(SPECIES, y, j * ld + base).sub(mu);
                    v = d.fma(d, v);
                }
                FloatVector rs = FloatVector.broadcast(SPECIES, 1f).div(v.div(c).add(eps).lanewise(VectorOperators.SQRT));
                for (int j = 0; j < c; j++) {
                    int yo = j * ld + base;
                    FloatVector.fromArray(SPECIES, y, yo).sub(mu).mul(rs)
                            .fma(FloatVector.broadcast(SPECIES, gamma[j]), FloatVector.broadcast(SPECIES, beta[j]))
                            .intoArray(y, yo);
                }
            } else {
                for (int row = r0; row < r0 + n; row++) {
                    float mu = mean(x, row * c, c);
                    float rs = rstd(x, row * c, c, mu, eps);
                    for (int j = 0; j < c; j++) {
                        y[j * ld + off + row] = Math.fma((x[row * c + j] - mu) * rs, gamma[j], beta[j]);
                    }
                }
            }
        }
    }
}
