package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link ScanStep} over channels [0, eVec) (whole vectors); the caller's
 * plain loops take the rest with the same operations in the same order, so both paths are
 * bitwise the same. Loaded only when {@link VectorSupport#ENABLED}.
 */
final class VectorScanStep {
    private static final VectorSpecies<Float> SPECIES = VectorExp.SPECIES;
    private static final int LANES = SPECIES.length();

    private VectorScanStep() {}

    /** State row j (at {@code ne}) advanced and its product with C_j added into y. */
    static void stateRow(int eVec, float[] x, int xOff, float[] delta, int dOff, float[] aT, int aRow,
            float bj, float cj, float[] state, int ne, float[] y, int yOff, boolean nonPositive) {
        FloatVector bv = FloatVector.broadcast(SPECIES, bj), cv = FloatVector.broadcast(SPECIES, cj);
        for (int ch = 0; ch < eVec; ch += LANES) {
            FloatVector dv = FloatVector.fromArray(SPECIES, delta, dOff + ch);
            FloatVector dx = dv.mul(FloatVector.fromArray(SPECIES, x, xOff + ch));
            FloatVector da = dv.mul(FloatVector.fromArray(SPECIES, aT, aRow + ch));
            FloatVector a = nonPositive ? VectorExp.expNonPositive(da) : VectorExp.exp(da);
            FloatVector sv = a.fma(FloatVector.fromArray(SPECIES, state, ne + ch), dx.mul(bv));
            sv.intoArray(state, ne + ch);
            sv.fma(cv, FloatVector.fromArray(SPECIES, y, yOff + ch)).intoArray(y, yOff + ch);
        }
    }

    /** y = (y + D·x)·SiLU(z) on the leading channels. */
    static void gate(int eVec, float[] x, int xOff, float[] d, float[] z, int zOff, float[] y, int yOff) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int ch = 0; ch < eVec; ch += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, xOff + ch);
            FloatVector out = FloatVector.fromArray(SPECIES, d, ch).fma(xv, FloatVector.fromArray(SPECIES, y, yOff + ch));
            FloatVector zv = FloatVector.fromArray(SPECIES, z, zOff + ch);
            out.mul(zv.div(one.add(VectorExp.exp(zv.neg())))).intoArray(y, yOff + ch);
        }
    }
}
