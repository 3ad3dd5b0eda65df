package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;

/** Lane count of the preferred float species, in its own class so only the vector path loads it. */
final class VectorLanes {
    private VectorLanes() {}

    static int preferred() {
        return FloatVector.SPECIES_PREFERRED.length();
    }
}
