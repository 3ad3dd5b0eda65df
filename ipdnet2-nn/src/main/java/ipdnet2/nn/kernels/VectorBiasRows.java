package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The vector loop of {@link BiasRows}. Loaded only when {@link VectorSupport#ENABLED}. */
final class VectorBiasRows {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorBiasRows() {}

    /** y[o + j] += b[j] for j in [0, jVec), jVec a multiple of the lane count. */
    static void add(float[] y, int o, int jVec, float[] b) {
        for (int j = 0; j < jVec; j += LANES) {
            FloatVector.fromArray(SPECIES, y, o + j).add(FloatVector.fromArray(SPECIES, b, j)).intoArray(y, o + j);
        }
    }
}
