package ipdnet2.nn;

import ipdnet2.nn.kernels.FastActivations;

import ipdnet2.nn.kernels.VectorSupport;

/**
 * The element-wise activations of {@link Pointwise} over index ranges of flat arrays, forward
 * then backward for each. When {@link VectorSupport#ENABLED} the loops of
 * {@link VectorActivations} run (the Vector API's lane-wise EXP, LOG1P and TANH, vectorised math
 * routines with about 1 ulp error, where the scalar {@code Math} versions cost 20–150 ns per
 * element); otherwise the plain loops here, which are those loops' scalar tails run over the
 * whole range: same formulas, {@code Math}'s transcendental functions, so the two paths agree to
 * a few ulp (the library functions differ by up to about 1 ulp each).
 * Output and input may be the same array (in-place forward).
 */
final class Activations {
    private Activations() {}

    // No Vector API lane-wise EXP, LOG1P or TANH here: they return different bits before and after
    // the JIT compiles them, which made training depend on compilation timing (a resumed run no
    // longer matched a straight one). SiLU and softplus (forward and backward) and tanh use FastActivations
    // (the project's own exp polynomial, the same bits vectorised or not); the rest use Math.exp,
    // which is the same stub in the interpreter and in compiled code.

    // ---------------------------------------------------------------- SiLU x·σ(x)

    static void silu(float[] x, float[] y, int from, int to) {
        if (x != y) System.arraycopy(x, from, y, from, to - from);
        FastActivations.silu(y, from, to - from);
    }

    /** dx += dy·σ(x)·(1 + x·(1 − σ(x))), the derivative of x·σ(x). */
    static void siluBackward(float[] x, float[] dy, float[] dx, int from, int to) {
        FastActivations.siluBackward(x, dy, dx, from, to - from);
    }

    // ---------------------------------------------------------------- softplus ln(1 + eˣ)

    static void softplus(float[] x, float[] y, int from, int to) {
        if (x != y) System.arraycopy(x, from, y, from, to - from);
        FastActivations.softplus(y, from, to - from);
    }

    /** dx += dy·σ(x) (and dy in the linear region above the threshold). */
    static void softplusBackward(float[] x, float[] dy, float[] dx, int from, int to) {
        FastActivations.softplusBackward(x, dy, dx, from, to - from);
    }

    // ---------------------------------------------------------------- tanh, exp, sigmoid

    static void tanh(float[] x, float[] y, int from, int to) {
        if (x != y) System.arraycopy(x, from, y, from, to - from);
        FastActivations.tanh(y, from, to - from);
    }

    static void exp(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) y[i] = (float) Math.exp(x[i]);
    }

    static void sigmoid(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) y[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
    }

    // ---------------------------------------------------------------- PReLU max(x, 0) + a·min(x, 0)

    /**
     * One row of c channels: out[o + j] = base[o + j] + max(x, 0) + a[j]·min(x, 0) with
     * x = x[o + j]; {@code base} null for a plain PReLU. {@code out} may be {@code base}.
     */
    static void prelu(float[] x, float[] base, float[] a, float[] out, int o, int c) {
        if (VectorSupport.ENABLED) {
            VectorActivations.prelu(x, base, a, out, o, c);
            return;
        }
        for (int j = 0; j < c; j++) {
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
        if (VectorSupport.ENABLED) {
            VectorActivations.preluBackward(x, dy, a, dx, da, o, c);
            return;
        }
        for (int j = 0; j < c; j++) {
            float v = x[o + j], g = dy[o + j];
            da[j] = Math.fma(g, Math.min(v, 0f), da[j]);
            if (dx != null) dx[o + j] = Math.fma(g, v > 0f ? 1f : a[j], dx[o + j]);
        }
    }
}
