package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector forms of {@link ColumnPool}: the halves as plain vector adds, the transposed pooling
 * by gathering one column of a vector of rows at a time. Loaded only when
 * {@link VectorSupport#ENABLED}.
 *
 * <p>Pooling adjacent columns (pairs) needs their lanes de-interleaved, and on JDK 17 every way
 * measured was slow: gathers of the even and odd columns cost 1.5 % of the Tiny network, the
 * two-vector rearrange several times more, and narrowing pairs read as longs to ints
 * (convertShape L2I) is not compiled to vector instructions (the network ran 2.7 times slower).
 * Hence the first stage of {@code FrameFront} stores even and odd frequencies apart.
 */
final class VectorColumnPool {
    private static final VectorSpecies<Float> SPECIES = VectorExp.SPECIES;
    private static final int LANES = SPECIES.length();

    private VectorColumnPool() {}

    /** Outputs [0, return value) of one row of {@link ColumnPool#halves}. */
    static int halves(float[] x, int xo, int n, float[] y, int yo) {
        int end = SPECIES.loopBound(n);
        for (int m = 0; m < end; m += LANES) {
            FloatVector.fromArray(SPECIES, x, xo + m).add(FloatVector.fromArray(SPECIES, x, xo + n + m))
                    .mul(0.5f).intoArray(y, yo + m);
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
