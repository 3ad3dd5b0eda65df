package ipdnet2.nn;

import java.util.function.Function;

/** Lets tests in sub-packages use {@link GradCheck}. */
public final class GradCheckAccess {
    private GradCheckAccess() {}

    public static void check(String what, Function<Tensor[], Tensor> f, Tensor[] inputs, double atol, double rtol,
                             int maxPerInput, long seed) {
        GradCheck.check(what, f, inputs, atol, rtol, maxPerInput, seed);
    }
}
