package ipdnet2.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector forms of {@link Activations} (loaded only when
 * {@link ipdnet2.nn.kernels.VectorSupport#ENABLED}): PReLU forward and backward over index ranges
 * of flat arrays. The transcendental activations have no vector form here: the Vector API's
 * lane-wise EXP, LOG1P and TANH give different bits before and after JIT compilation, which
 * would make training depend on timing (see {@link Activations}).
 */
final class VectorActivations {
    private VectorActivations() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    // ---------------------------------------------------------------- PReLU max(x, 0) + a·min(x, 0)

    /**
     * One row of c channels: out[o + j] = base[o + j] + max(x, 0) + a[j]·min(x, 0) with
     * x = x[o + j]; {@code base} null for a plain PReLU. {@code out} may be {@code base}.
     */
    static void prelu(float[] x, float[] base, float[] a, float[] out, int o, int c) {
        int j = 0;
        for (int end = S.loopBound(c); j < end; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, o + j);
            FloatVector y = v.min(0f).mul(FloatVector.fromArray(S, a, j)).add(v.max(0f));
            if (base != null) y = y.add(FloatVector.fromArray(S, base, o + j));
            y.intoArray(out, o + j);
        }
        for (; j < c; j++) {
            float v = x[o + j];
            float y = Math.max(v, 0f) + a[j] * Math.min(v, 0f);
            out[o + j] = base != null ? base[o + j] + y : y;
        }
    }

    /**
     * Backward of one row: dx[o + j] += g·(x &gt; 0 ? 1 : a[j]) (dx may be null) and
     * da[j] += g·min(x, 0), with g = dy[o + j].
     */
    static void preluBackward(float[] x, float[] dy, float[] a, float[] dx, float[] da, int o, int c) {
        int j = 0;
        for (int end = S.loopBound(c); j < end; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, o + j);
            FloatVector g = FloatVector.fromArray(S, dy, o + j);
            g.fma(v.min(0f), FloatVector.fromArray(S, da, j)).intoArray(da, j);
            if (dx != null) {
                FloatVector slope = FloatVector.fromArray(S, a, j).blend(ONE, v.compare(VectorOperators.GT, 0f));
                g.fma(slope, FloatVector.fromArray(S, dx, o + j)).intoArray(dx, o + j);
            }
        }
        for (; j < c; j++) {
            float v = x[o + j], g = dy[o + j];
            da[j] = Math.fma(g, Math.min(v, 0f), da[j]);
            if (dx != null) dx[o + j] = Math.fma(g, v > 0f ? 1f : a[j], dx[o + j]);
        }
    }
}
