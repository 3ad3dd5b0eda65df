package ipdnet2.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector forms of {@link Activations} (loaded only when
 * {@link ipdnet2.nn.kernels.VectorSupport#ENABLED}): vector loops of the element-wise activations of {@link Pointwise} over index ranges of flat
 * arrays, forward then backward for each. The transcendental functions are the Vector API's
 * lane-wise EXP, LOG1P and TANH (vectorised math routines with about 1 ulp error, where the
 * scalar {@code Math} versions cost 20–150 ns per element); the scalar tails use {@code Math}.
 * Output and input may be the same array (in-place forward).
 */
final class VectorActivations {
    private VectorActivations() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    /** Softplus is linear above this (PyTorch's threshold with β = 1). */
    private static final float SOFTPLUS_THRESHOLD = 20f;

    // ---------------------------------------------------------------- SiLU x·σ(x)

    static void silu(float[] x, float[] y, int from, int to) {
        int i = from;
        for (int end = from + (to - from) / L * L; i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.div(v.neg().lanewise(VectorOperators.EXP).add(1f)).intoArray(y, i);
        }
        for (; i < to; i++) {
            float v = x[i];
            y[i] = v / (1f + (float) Math.exp(-v));
        }
    }

    /** dx += dy·σ(x)·(1 + x·(1 − σ(x))), the derivative of x·σ(x). */
    static void siluBackward(float[] x, float[] dy, float[] dx, int from, int to) {
        int i = from;
        for (int end = from + (to - from) / L * L; i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector s = ONE.div(v.neg().lanewise(VectorOperators.EXP).add(1f));
            FloatVector d = v.mul(s.neg().add(1f)).add(1f).mul(s);
            FloatVector.fromArray(S, dy, i).fma(d, FloatVector.fromArray(S, dx, i)).intoArray(dx, i);
        }
        for (; i < to; i++) {
            float v = x[i];
            float s = 1f / (1f + (float) Math.exp(-v));
            dx[i] += dy[i] * s * (1f + v * (1f - s));
        }
    }

    // ---------------------------------------------------------------- softplus ln(1 + eˣ)

    static void softplus(float[] x, float[] y, int from, int to) {
        int i = from;
        for (int end = from + (to - from) / L * L; i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            VectorMask<Float> linear = v.compare(VectorOperators.GT, SOFTPLUS_THRESHOLD);
            FloatVector sp = v.min(SOFTPLUS_THRESHOLD).lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P);
            sp.blend(v, linear).intoArray(y, i);
        }
        for (; i < to; i++) {
            float v = x[i];
            y[i] = v > SOFTPLUS_THRESHOLD ? v : (float) Math.log1p(Math.exp(v));
        }
    }

    /** dx += dy·σ(x) (and dy in the linear region above the threshold). */
    static void softplusBackward(float[] x, float[] dy, float[] dx, int from, int to) {
        int i = from;
        for (int end = from + (to - from) / L * L; i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            VectorMask<Float> linear = v.compare(VectorOperators.GT, SOFTPLUS_THRESHOLD);
            FloatVector g = FloatVector.fromArray(S, dy, i);
            FloatVector d = g.div(v.neg().lanewise(VectorOperators.EXP).add(1f)).blend(g, linear);
            d.add(FloatVector.fromArray(S, dx, i)).intoArray(dx, i);
        }
        for (; i < to; i++) {
            float v = x[i];
            dx[i] += v > SOFTPLUS_THRESHOLD ? dy[i] : dy[i] / (1f + (float) Math.exp(-v));
        }
    }

    // ---------------------------------------------------------------- tanh, exp, sigmoid

    static void tanh(float[] x, float[] y, int from, int to) {
        int i = from;
        for (int end = from + (to - from) / L * L; i < end; i += L) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(y, i);
        }
        for (; i < to; i++) y[i] = (float) Math.tanh(x[i]);
    }

    static void exp(float[] x, float[] y, int from, int to) {
        int i = from;
        for (int end = from + (to - from) / L * L; i < end; i += L) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(y, i);
        }
        for (; i < to; i++) y[i] = (float) Math.exp(x[i]);
    }

    static void sigmoid(float[] x, float[] y, int from, int to) {
        int i = from;
        for (int end = from + (to - from) / L * L; i < end; i += L) {
            ONE.div(FloatVector.fromArray(S, x, i).neg().lanewise(VectorOperators.EXP).add(1f)).intoArray(y, i);
        }
        for (; i < to; i++) y[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
    }

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
