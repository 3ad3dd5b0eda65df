package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector twin of {@link FastExp#exp(float)}: the same operations in the same order lane by
 * lane, so both give identical results. Loaded only when {@link VectorSupport#ENABLED}.
 */
final class VectorExp {
    /** Vector species of every vector passed to {@link #exp(FloatVector)}. */
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final FloatVector V_NEG_LN2_HI = FloatVector.broadcast(SPECIES, -FastExp.LN2_HI);
    private static final FloatVector V_NEG_LN2_LO = FloatVector.broadcast(SPECIES, -FastExp.LN2_LO);
    private static final FloatVector V_C3 = FloatVector.broadcast(SPECIES, FastExp.C3);
    private static final FloatVector V_C2 = FloatVector.broadcast(SPECIES, FastExp.C2);
    private static final FloatVector V_C1 = FloatVector.broadcast(SPECIES, FastExp.C1);
    private static final FloatVector V_ONE = FloatVector.broadcast(SPECIES, 1f);

    private VectorExp() {}

    /** {@link FastExp#exp}, lane by lane. */
    static FloatVector exp(FloatVector x) {
        // The body is written out here and in expNonPositive rather than shared: behind a
        // second call level the JIT at times left it out of line in the activations' loops,
        // boxing every vector (SiLU ran 4× slower).
        x = x.max(FastExp.LO).min(FastExp.HI);
        FloatVector t = x.fma(FastExp.LOG2E, FastExp.ROUND_BIASED);
        FloatVector k = t.sub(FastExp.ROUND_BIASED);
        FloatVector r = k.fma(V_NEG_LN2_HI, x);
        r = k.fma(V_NEG_LN2_LO, r);
        FloatVector p = r.fma(FastExp.C5, FastExp.C4);
        p = p.fma(r, V_C3);
        p = p.fma(r, V_C2);
        p = p.fma(r, V_C1);
        p = p.fma(r, V_ONE);
        IntVector bits = (IntVector) t.reinterpretAsInts();
        FloatVector scale = (FloatVector) bits.lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale);
    }

    /** {@link FastExp#expNonPositive}, lane by lane (the clamp is one integer min). */
    static FloatVector expNonPositive(FloatVector x) {
        x = (FloatVector) ((IntVector) x.reinterpretAsInts()).min(FastExp.LO_BITS).reinterpretAsFloats();
        FloatVector t = x.fma(FastExp.LOG2E, FastExp.ROUND_BIASED);
        FloatVector k = t.sub(FastExp.ROUND_BIASED);
        FloatVector r = k.fma(V_NEG_LN2_HI, x);
        r = k.fma(V_NEG_LN2_LO, r);
        FloatVector p = r.fma(FastExp.C5, FastExp.C4);
        p = p.fma(r, V_C3);
        p = p.fma(r, V_C2);
        p = p.fma(r, V_C1);
        p = p.fma(r, V_ONE);
        IntVector bits = (IntVector) t.reinterpretAsInts();
        FloatVector scale = (FloatVector) bits.lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale);
    }
}
