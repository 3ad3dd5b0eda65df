package ipdnet2.nn;

import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Central finite-difference check of hand-written backward functions.
 *
 * <p>The op is reduced to the scalar {@code L = Σ w_i y_i} with fixed random weights w, so every
 * output element contributes. The analytic gradient is {@code backward()} of that sum; the
 * numerical one is {@code (L(x+h) - L(x-h)) / (x+h - x-h)} per checked input element, with L
 * accumulated in double precision from the float32 outputs and the denominator taken from the
 * float values actually stored.
 *
 * <p>Why the float32 tolerance is sound: the engine computes in float32, so each output carries
 * a rounding error of about 6e-8 of its magnitude (more after a chain of ops). For L built from
 * ~10³ outputs of size ~1 that noise is ~1e-5 at most, which divided by 2h = 2e-2 gives ~5e-4;
 * the truncation error of the central difference is h²/6·|f'''| ≈ 2e-5. A tolerance of
 * {@code atol + rtol·|g|} with atol ≈ 2e-3 and rtol ≈ 1e-2 therefore passes correct gradients
 * while a wrong index, sign or missing term (errors of order |g|) fails.
 */
final class GradCheck {
    private GradCheck() {}

    static final double H = 1e-2;

    /** Checks d L / d inputs for every input that requires a gradient, at most maxPerInput elements each. */
    static void check(String what, Function<Tensor[], Tensor> f, Tensor[] inputs, double atol, double rtol,
                      int maxPerInput, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Tensor t : inputs) t.zeroGrad();
        Tensor y = f.apply(inputs);
        float[] w = new float[y.numel()];
        for (int i = 0; i < w.length; i++) w[i] = (float) (rng.nextDouble() * 2 - 1);
        Tensor wt = Tensor.of(w, y.shape());
        Reduce.sum(Pointwise.mul(y, wt)).backward();
        for (int k = 0; k < inputs.length; k++) {
            Tensor x = inputs[k];
            if (!x.requiresGrad()) continue;
            assertThat(x.grad()).as("%s: gradient of input %d was not produced", what, k).isNotNull();
            float[] analytic = x.grad().clone();
            int n = x.numel();
            int count = Math.min(n, maxPerInput);
            for (int c = 0; c < count; c++) {
                int i = count == n ? c : rng.nextInt(n);
                float orig = x.data()[i];
                float up = (float) (orig + H), down = (float) (orig - H);
                x.data()[i] = up;
                double lUp = weighted(f, inputs, w);
                x.data()[i] = down;
                double lDown = weighted(f, inputs, w);
                x.data()[i] = orig;
                double numeric = (lUp - lDown) / ((double) up - (double) down);
                double a = analytic[i];
                assertThat(Math.abs(a - numeric))
                        .as("%s: d/d input %d [%d]: analytic %.6g vs numeric %.6g", what, k, i, a, numeric)
                        .isLessThanOrEqualTo(atol + rtol * Math.max(Math.abs(a), Math.abs(numeric)));
            }
        }
    }

    static void check(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        check(what, f, inputs, 2e-3, 1e-2, 200, 7);
    }

    private static double weighted(Function<Tensor[], Tensor> f, Tensor[] inputs, float[] w) {
        try (NoGrad scope = NoGrad.enter()) {
            float[] y = f.apply(inputs).data();
            double s = 0;
            for (int i = 0; i < y.length; i++) s += (double) w[i] * y[i];
            return s;
        }
    }

    /** A parameter of the given shape filled with U(lo, hi). */
    static Tensor param(SplittableRandom rng, double lo, double hi, int... shape) {
        Tensor t = Tensor.parameter(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        return t;
    }

    /** A constant (no gradient) of the given shape filled with U(lo, hi). */
    static Tensor constant(SplittableRandom rng, double lo, double hi, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        return t;
    }
}
