package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector forms of {@link ColumnPool}, both by gathers: pairs as the even columns plus the
 * odd ones, the transposed pooling one column of a vector of rows at a time. Measured on JDK 17
 * against two other ways to de-interleave pairs: the two-vector rearrange ran several times
 * slower, and narrowing the pairs read as longs to ints (convertShape L2I) is not compiled to
 * vector instructions there, which made the whole Tiny network 2.7 times slower.
 * Loaded only when {@link VectorSupport#ENABLED}.
 */
final class VectorColumnPool {
    private static final VectorSpecies<Float> SPECIES = VectorExp.SPECIES;
    private static final int LANES = SPECIES.length();
    /** Lane i reads element 2i of a run: the even columns from a run's start, the odd ones from start + 1. */
    private static final int[] EVERY_SECOND = new int[LANES];

    static {
        for (int i = 0; i < LANES; i++) EVERY_SECOND[i] = 2 * i;
    }

    private VectorColumnPool() {}

    /** Outputs [0, return value) of one row of {@link ColumnPool#pairs}. */
    static int pairs(float[] x, int xo, float[] y, int yo, int outCols) {
        int end = SPECIES.loopBound(outCols);
        for (int j = 0; j < end; j += LANES) {
            FloatVector even = FloatVector.fromArray(SPECIES, x, xo + 2 * j, EVERY_SECOND, 0);
            FloatVector odd = FloatVector.fromArray(SPECIES, x, xo + 2 * j + 1, EVERY_SECOND, 0);
            even.add(odd).mul(0.5f).intoArray(y, yo + j);
        }
        return end;
    }

    /** Rows [0, return value) of every output column of {@link ColumnPool#transposed}. */
    static int transposed(float[] x, int ldx, int rows, int outCols, int factor, float inv, float[] out, int outOff,
            int stride) {
        int end = SPECIES.loopBound(rows);
        int[] index = new int[LANES];
        for (int i = 0; i < LANES; i++) index[i] = i * ldx;
        for (int j = 0; j < outCols; j++) {
            for (int r = 0; r < end; r += LANES) {
                int base = r * ldx + j * factor;
                FloatVector sum = FloatVector.fromArray(SPECIES, x, base, index, 0);
                for (int i = 1; i < factor; i++) sum = sum.add(FloatVector.fromArray(SPECIES, x, base + i, index, 0));
                sum.mul(inv).intoArray(out, outOff + j * stride + r);
            }
        }
        return end;
    }
}
