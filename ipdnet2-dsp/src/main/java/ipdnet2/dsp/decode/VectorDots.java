package ipdnet2.dsp.decode;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector form of {@link DoaDecoder}'s template dot products (templates as rows
 * [count][size] in {@code flat}). Loaded only when {@code DoaDecoder.VECTOR}.
 */
final class VectorDots {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorDots() {}

    /** dots[a] = p · t_a for every template, four templates per pass so each load of p serves four. */
    static void dotAll(float[] p, float[] flat, int count, int size, float[] dots) {
        int bound = SPECIES.loopBound(size);
        int a = 0;
        for (; a + 4 <= count; a += 4) {
            int b0 = a * size, b1 = b0 + size, b2 = b1 + size, b3 = b2 + size;
            FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
            int i = 0;
            for (; i < bound; i += SPECIES.length()) {
                FloatVector v = FloatVector.fromArray(SPECIES, p, i);
                s0 = v.fma(FloatVector.fromArray(SPECIES, flat, b0 + i), s0);
                s1 = v.fma(FloatVector.fromArray(SPECIES, flat, b1 + i), s1);
                s2 = v.fma(FloatVector.fromArray(SPECIES, flat, b2 + i), s2);
                s3 = v.fma(FloatVector.fromArray(SPECIES, flat, b3 + i), s3);
            }
            float r0 = s0.reduceLanes(VectorOperators.ADD), r1 = s1.reduceLanes(VectorOperators.ADD),
                    r2 = s2.reduceLanes(VectorOperators.ADD), r3 = s3.reduceLanes(VectorOperators.ADD);
            for (; i < size; i++) {
                float v = p[i];
                r0 += v * flat[b0 + i];
                r1 += v * flat[b1 + i];
                r2 += v * flat[b2 + i];
                r3 += v * flat[b3 + i];
            }
            dots[a] = r0;
            dots[a + 1] = r1;
            dots[a + 2] = r2;
            dots[a + 3] = r3;
        }
        for (; a < count; a++) {
            int b = a * size;
            float r = 0;
            for (int i = 0; i < size; i++) r += p[i] * flat[b + i];
            dots[a] = r;
        }
    }
}
