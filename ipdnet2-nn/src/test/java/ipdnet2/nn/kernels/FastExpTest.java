package ipdnet2.nn.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The fast exp against the double-precision library exp, and its vector/scalar agreement. */
class FastExpTest {
    @Test
    void relativeErrorIsAboutTwoUlpOverTheClampedRange() {
        double worst = 0;
        // A dense grid over [-87, 88] including exact multiples of ln 2 and both ends.
        int steps = 2_000_000;
        for (int i = 0; i <= steps; i++) {
            float x = (float) (FastExp.LO + (FastExp.HI - FastExp.LO) * (double) i / steps);
            double exact = Math.exp(x);
            double rel = Math.abs(FastExp.exp(x) - exact) / exact;
            worst = Math.max(worst, rel);
        }
        // float epsilon is 1.19e-7: at most about two ulp of the result.
        assertThat(worst).isLessThan(2.5e-7);
    }

    @Test
    void handValues() {
        assertThat(FastExp.exp(0f)).isEqualTo(1f);
        assertThat((double) FastExp.exp(1f)).isCloseTo(Math.E, within(Math.E * 2.5e-7));
        assertThat((double) FastExp.exp(-0.5f * 16f)).isCloseTo(Math.exp(-8),
                within(Math.exp(-8) * 2.5e-7));
        // Below the clamp the decay factor is tiny but finite; above it, finite too.
        assertThat(FastExp.exp(-200f)).isPositive().isLessThan(2e-38f);
        assertThat(FastExp.exp(200f)).isFinite().isGreaterThan(1e38f);
    }

    @Test
    void vectorLanesEqualScalarTwin() {
        assumeTrue(VectorSupport.ENABLED, "the vector twin needs jdk.incubator.vector");
        int lanes = VectorSupport.LANES;
        float[] in = new float[lanes * 4096];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(9);
        for (int i = 0; i < in.length; i++) in[i] = (float) rnd.nextDouble(-100, 100);
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i += lanes) {
            VectorExp.exp(FloatVector.fromArray(VectorExp.SPECIES, in, i)).intoArray(out, i);
        }
        for (int i = 0; i < in.length; i++) {
            assertThat(out[i]).as("exp(%s)", in[i]).isEqualTo(FastExp.exp(in[i]));
        }
    }

    @Test
    void nonPositiveVariantEqualsExpForEveryNonPositiveArgument() {
        // Every float in [-100, -0] with a step of 2^10 ulps, the clamp's edge and the extremes.
        for (int bits = Float.floatToRawIntBits(-0f); bits <= Float.floatToRawIntBits(-100f); bits += 1 << 10) {
            float x = Float.intBitsToFloat(bits);
            assertThat(FastExp.expNonPositive(x)).as("exp(%s)", x).isEqualTo(FastExp.exp(x));
        }
        for (float x : new float[] {-0f, -Float.MIN_VALUE, FastExp.LO, Math.nextDown(FastExp.LO),
                -1e30f, Float.NEGATIVE_INFINITY, -Float.MAX_VALUE}) {
            assertThat(FastExp.expNonPositive(x)).as("exp(%s)", x).isEqualTo(FastExp.exp(x));
        }
        assertThat(FastExp.expNonPositive(-0f)).isEqualTo(1f);
    }

    @Test
    void nonPositiveVectorLanesEqualScalarTwin() {
        assumeTrue(VectorSupport.ENABLED, "the vector twin needs jdk.incubator.vector");
        int lanes = VectorSupport.LANES;
        float[] in = new float[lanes * 4096];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(10);
        for (int i = 0; i < in.length; i++) in[i] = (float) -rnd.nextDouble(0, 120);
        in[0] = -0f;
        in[1] = Float.NEGATIVE_INFINITY;
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i += lanes) {
            VectorExp.expNonPositive(FloatVector.fromArray(VectorExp.SPECIES, in, i)).intoArray(out, i);
        }
        for (int i = 0; i < in.length; i++) {
            assertThat(out[i]).as("exp(%s)", in[i]).isEqualTo(FastExp.expNonPositive(in[i]));
        }
    }
}
