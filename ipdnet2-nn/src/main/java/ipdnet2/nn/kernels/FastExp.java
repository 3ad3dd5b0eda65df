package ipdnet2.nn.kernels;

/**
 * Single-precision exp for hot loops, in scalar form; {@link VectorExp} is its vector twin, which
 * performs the same operations in the same order (so both give identical results lane by lane).
 *
 * <p>Range reduction exp(x) = 2^k·exp(r), k = round(x/ln 2), |r| ≤ ln2/2, with ln 2 split in a
 * high part exact in float and a low correction; exp(r) is a degree-5 polynomial fitted for
 * least maximum relative error on [−ln2/2, ln2/2] (truncation error 9.2e-8 relative), evaluated by
 * Horner's rule with fused multiply-adds; 2^k is built directly in the exponent bits. Measured
 * error over the clamped range: at most 2.0 ulp (1.6e-7 relative); a degree-7 Taylor polynomial
 * would give 0.9 ulp for two more multiply-adds, about 10 % of the scan's forward time. The
 * argument is clamped to [−87, 88] so 2^k stays a normal float: below −87 the result is about
 * 1.6e-38 instead of underflowing towards 0, which is immaterial for its use as a decay factor.
 */
final class FastExp {
    static final float LO = -87f;
    static final float HI = 88f;
    static final float LOG2E = 1.44269504088896341f;
    /** 1.5·2^23: adding it rounds to an integer held in the low mantissa bits. */
    static final float ROUND = 12582912f;
    /**
     * ROUND + 127: adding it rounds x·log2(e) to the same integer k, held in the low mantissa
     * bits as k + 127, the biased exponent of 2^k. Shifting those bits left by 23 drops everything
     * above them, so the bits of 2^k take one shift (no separate add of the bias).
     */
    static final float ROUND_BIASED = ROUND + 127f;
    /** ln 2 = LN2_HI + LN2_LO, LN2_HI with trailing zero bits so k·LN2_HI is exact. */
    static final float LN2_HI = 0.693145751953125f;
    static final float LN2_LO = 1.42860682030941723212e-6f;
    /**
     * Coefficients of exp(r) ≈ 1 + C1·r + … + C5·r^5, fitted for least maximum relative error
     * with the constant term held at 1 so that exp(0) = 1 exactly, rounded to float.
     */
    static final float C1 = 0.9999997019767761f;
    static final float C2 = 0.4999915063381195f;
    static final float C3 = 0.1666763573884964f;
    static final float C4 = 0.04189791530370712f;
    static final float C5 = 0.008290302939713001f;

    private FastExp() {}

    /** exp(x), the argument clamped to [{@value #LO}, {@value #HI}]; NaN gives NaN. */
    static float exp(float x) {
        return clamped(Math.min(Math.max(x, LO), HI));
    }

    /** Bits of {@link #LO}: for x ≤ −0, x < LO exactly when its bits, as a signed int, exceed these. */
    static final int LO_BITS = Float.floatToRawIntBits(LO);

    /**
     * exp(x) for x ≤ −0 (the scan's decay exp(Δ·A), Δ ≥ 0 and A &lt; 0), equal to {@link #exp}
     * there. The clamp at {@value #LO} is one integer min on the bits (a negative float's bits
     * grow, as a signed int, with its magnitude), where the float max/min of {@link #exp}, with
     * Java's NaN and signed-zero rules, cost the vector twin 12 instructions and the scan's
     * forward 30 % of its time. A NaN argument with the sign bit set (as x86 arithmetic makes
     * them) gives exp(LO) instead of NaN, and arguments ≥ +0 give wrong results: callers ensure
     * neither can occur or that NaN shows up elsewhere.
     */
    static float expNonPositive(float x) {
        return clamped(Float.intBitsToFloat(Math.min(Float.floatToRawIntBits(x), LO_BITS)));
    }

    /** exp(x) for x in [LO, HI]. */
    private static float clamped(float x) {
        float t = Math.fma(x, LOG2E, ROUND_BIASED);
        float k = t - ROUND_BIASED;
        float r = Math.fma(k, -LN2_HI, x);
        r = Math.fma(k, -LN2_LO, r);
        float p = Math.fma(r, C5, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, C1);
        p = Math.fma(p, r, 1f);
        float scale = Float.intBitsToFloat(Float.floatToRawIntBits(t) << 23);
        return p * scale;
    }
}
