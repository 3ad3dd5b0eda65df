package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised pieces of LayerNorm over one contiguous row of c channels (the statistics in float
 * lanes, as the offline LayerNorm forms them), for the streaming network's frame ops.
 */
public final class RowNorm {
    private static final VectorSpecies<Float> SPECIES = FastExp.SPECIES;
    private static final int LANES = SPECIES.length();

    private RowNorm() {}

    /** Mean of x[o, o + c). */
    public static float mean(float[] x, int o, int c) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int j = 0;
        for (int end = SPECIES.loopBound(c); j < end; j += LANES) acc = acc.add(FloatVector.fromArray(SPECIES, x, o + j));
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < c; j++) s += x[o + j];
        return s / c;
    }

    /** 1 / √(Σ(x − μ)² / c + eps) over x[o, o + c). */
    public static float rstd(float[] x, int o, int c, float mu, float eps) {
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
    public static void normalize(float[] x, int o, int c, float mu, float rs, float[] gamma, float[] beta,
            float[] y, int yo) {
        int j = 0;
        for (int end = SPECIES.loopBound(c); j < end; j += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, o + j).sub(mu).mul(rs);
            v.fma(FloatVector.fromArray(SPECIES, gamma, j), FloatVector.fromArray(SPECIES, beta, j)).intoArray(y, yo + j);
        }
        for (; j < c; j++) y[yo + j] = Math.fma((x[o + j] - mu) * rs, gamma[j], beta[j]);
    }
}
