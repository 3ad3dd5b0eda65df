package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link MambaInference}: vectors over channels, each lane the plain loop's
 * fma chain. Loaded only when {@link VectorSupport#ENABLED}.
 */
final class VectorMambaInference {
    private static final VectorSpecies<Float> SPECIES = VectorExp.SPECIES;
    private static final int LANES = SPECIES.length();

    private VectorMambaInference() {}

    /** Channels [0, return value) of one row of the causal convolution (taps from {@code first}). */
    static int convRow(int E, int k, int first, float[] x, int row, float[] wT, float[] bias, float[] y) {
        int end = SPECIES.loopBound(E);
        for (int e = 0; e < end; e += LANES) {
            FloatVector acc = FloatVector.fromArray(SPECIES, bias, e);
            for (int j = first; j < k; j++) {
                acc = FloatVector.fromArray(SPECIES, wT, j * E + e)
                        .fma(FloatVector.fromArray(SPECIES, x, row + (j - k + 1) * E + e), acc);
            }
            acc.intoArray(y, row + e);
        }
        return end;
    }

    /** Channels [0, return value) of one row of dt_proj before the softplus. */
    static int deltaRow(int E, int R, float[] dbc, int in, float[] wT, float[] bias, float[] delta, int out) {
        int end = SPECIES.loopBound(E);
        for (int e = 0; e < end; e += LANES) {
            FloatVector acc = FloatVector.fromArray(SPECIES, bias, e);
            for (int q = 0; q < R; q++) {
                acc = FloatVector.fromArray(SPECIES, wT, q * E + e).fma(FloatVector.broadcast(SPECIES, dbc[in + q]), acc);
            }
            acc.intoArray(delta, out + e);
        }
        return end;
    }
}
