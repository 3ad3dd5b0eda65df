package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector form of {@link ColumnNorm#normalize}: one column per lane, the channel sums
 * advancing in increasing j as in the plain loop (bitwise the same). Loaded only when
 * {@link VectorSupport#ENABLED}.
 */
final class VectorColumnNorm {
    private static final VectorSpecies<Float> SPECIES = VectorExp.SPECIES;
    private static final int LANES = SPECIES.length();

    private VectorColumnNorm() {}

    /** Columns [0, return value) of {@link ColumnNorm#normalize}: its whole vectors. */
    static int normalize(float[] x, int xOff, int ldx, int c, int n, float eps, float[] gamma,
            float[] beta, float[] y, int yOff, int ldy) {
        int end = SPECIES.loopBound(n);
        for (int f = 0; f < end; f += LANES) {
            FloatVector s = FloatVector.zero(SPECIES);
            for (int j = 0, o = xOff + f; j < c; j++, o += ldx) s = s.add(FloatVector.fromArray(SPECIES, x, o));
            FloatVector mu = s.div(c);
            FloatVector q = FloatVector.zero(SPECIES);
            for (int j = 0, o = xOff + f; j < c; j++, o += ldx) {
                FloatVector d = FloatVector.fromArray(SPECIES, x, o).sub(mu);
                q = d.fma(d, q);
            }
            FloatVector rs = FloatVector.broadcast(SPECIES, 1f).div(q.div(c).add(eps).sqrt());
            for (int j = 0, o = xOff + f, p = yOff + f; j < c; j++, o += ldx, p += ldy) {
                FloatVector.fromArray(SPECIES, x, o).sub(mu).mul(rs)
                        .fma(gamma[j], beta[j]).intoArray(y, p);
            }
        }
        return end;
    }
}
