package ipdnet2.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loop of {@link Conv1dOp}'s depthwise multiply-add. Loaded only when
 * {@link ipdnet2.nn.kernels.VectorSupport#ENABLED}.
 */
final class VectorConv1d {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorConv1d() {}

    /** y[yo + i] = fma(a[ao + i], b[bo + i], y[yo + i]) on the leading whole vectors; returns how many. */
    static int multiplyAdd(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), FloatVector.fromArray(S, y, yo + i))
                    .intoArray(y, yo + i);
        }
        return i;
    }
}
