package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link RowArithmetic} on [0, v), v a multiple of the lane count. Loaded
 * only when {@link VectorSupport#ENABLED}.
 */
final class VectorRowArithmetic {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorRowArithmetic() {}

    static void add(float[] y, int yo, float[] x, int xo, int v) {
        for (int j = 0; j < v; j += LANES) {
            FloatVector.fromArray(SPECIES, y, yo + j).add(FloatVector.fromArray(SPECIES, x, xo + j)).intoArray(y, yo + j);
        }
    }

    static void addProduct(float[] y, int yo, float[] a, int ao, float[] b, int bo, int v) {
        for (int j = 0; j < v; j += LANES) {
            FloatVector p = FloatVector.fromArray(SPECIES, a, ao + j).mul(FloatVector.fromArray(SPECIES, b, bo + j));
            FloatVector.fromArray(SPECIES, y, yo + j).add(p).intoArray(y, yo + j);
        }
    }

    static void start(float[] y, int yo, float[] x, int xo, int v) {
        for (int j = 0; j < v; j += LANES) {
            FloatVector.fromArray(SPECIES, x, xo + j).add(0f).intoArray(y, yo + j);
        }
    }

    static void addThenScale(float[] y, int yo, float[] x, int xo, int v, float s) {
        for (int j = 0; j < v; j += LANES) {
            FloatVector.fromArray(SPECIES, y, yo + j).add(FloatVector.fromArray(SPECIES, x, xo + j)).mul(s)
                    .intoArray(y, yo + j);
        }
    }

    static void addScaled(float[] y, int yo, float[] x, int xo, int v, float s) {
        for (int j = 0; j < v; j += LANES) {
            FloatVector.fromArray(SPECIES, x, xo + j).mul(s).add(FloatVector.fromArray(SPECIES, y, yo + j))
                    .intoArray(y, yo + j);
        }
    }
}
