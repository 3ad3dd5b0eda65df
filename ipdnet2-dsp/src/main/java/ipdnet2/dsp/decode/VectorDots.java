package ipdnet2.dsp.decode;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector form of {@link DoaDecoder}'s template dot products (templates as rows
 * [count][size] in {@code flat}, predictions as rows [preds][size] in {@code p}). Loaded only
 * when {@code DoaDecoder.VECTOR}.
 *
 * <p>Every pair (prediction, template) is summed the same way whatever the blocking: one lane
 * accumulator per vector position in increasing i, a lane reduction, then the scalar tail; a
 * prediction's dots are thus the same alone or in a batch.
 */
final class VectorDots {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorDots() {}

    /**
     * dots[j·count + a] = p_j · t_a. Four templates by two predictions per pass: each loaded
     * template vector serves two predictions and each prediction vector four templates, and a
     * block of four templates (4·size floats, within the first-level cache) is reused by every
     * prediction before the next block is read, so the template matrix streams once per batch.
     */
    static void dotAll(float[] p, int preds, float[] flat, int count, int size, float[] dots) {
        int bound = SPECIES.loopBound(size);
        int step = SPECIES.length();
        int a = 0;
        for (; a + 4 <= count; a += 4) {
            int b0 = a * size, b1 = b0 + size, b2 = b1 + size, b3 = b2 + size;
            int j = 0;
            for (; j + 2 <= preds; j += 2) {
                int q0 = j * size, q1 = q0 + size;
                FloatVector s00 = FloatVector.zero(SPECIES), s01 = s00, s02 = s00, s03 = s00;
                FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
                int i = 0;
                for (; i < bound; i += step) {
                    FloatVector t0 = FloatVector.fromArray(SPECIES, flat, b0 + i);
                    FloatVector t1 = FloatVector.fromArray(SPECIES, flat, b1 + i);
                    FloatVector t2 = FloatVector.fromArray(SPECIES, flat, b2 + i);
                    FloatVector t3 = FloatVector.fromArray(SPECIES, flat, b3 + i);
                    FloatVector v0 = FloatVector.fromArray(SPECIES, p, q0 + i);
                    FloatVector v1 = FloatVector.fromArray(SPECIES, p, q1 + i);
                    s00 = v0.fma(t0, s00);
                    s01 = v0.fma(t1, s01);
                    s02 = v0.fma(t2, s02);
                    s03 = v0.fma(t3, s03);
                    s10 = v1.fma(t0, s10);
                    s11 = v1.fma(t1, s11);
                    s12 = v1.fma(t2, s12);
                    s13 = v1.fma(t3, s13);
                }
                float r00 = s00.reduceLanes(VectorOperators.ADD), r01 = s01.reduceLanes(VectorOperators.ADD),
                        r02 = s02.reduceLanes(VectorOperators.ADD), r03 = s03.reduceLanes(VectorOperators.ADD);
                float r10 = s10.reduceLanes(VectorOperators.ADD), r11 = s11.reduceLanes(VectorOperators.ADD),
                        r12 = s12.reduceLanes(VectorOperators.ADD), r13 = s13.reduceLanes(VectorOperators.ADD);
                for (; i < size; i++) {
                    float v0 = p[q0 + i], v1 = p[q1 + i];
                    r00 += v0 * flat[b0 + i];
                    r01 += v0 * flat[b1 + i];
                    r02 += v0 * flat[b2 + i];
                    r03 += v0 * flat[b3 + i];
                    r10 += v1 * flat[b0 + i];
                    r11 += v1 * flat[b1 + i];
                    r12 += v1 * flat[b2 + i];
                    r13 += v1 * flat[b3 + i];
                }
                int d0 = j * count + a, d1 = d0 + count;
                dots[d0] = r00;
                dots[d0 + 1] = r01;
                dots[d0 + 2] = r02;
                dots[d0 + 3] = r03;
                dots[d1] = r10;
                dots[d1 + 1] = r11;
                dots[d1 + 2] = r12;
                dots[d1 + 3] = r13;
            }
            for (; j < preds; j++) {
                int q = j * size;
                FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
                int i = 0;
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(SPECIES, p, q + i);
                    s0 = v.fma(FloatVector.fromArray(SPECIES, flat, b0 + i), s0);
                    s1 = v.fma(FloatVector.fromArray(SPECIES, flat, b1 + i), s1);
                    s2 = v.fma(FloatVector.fromArray(SPECIES, flat, b2 + i), s2);
                    s3 = v.fma(FloatVector.fromArray(SPECIES, flat, b3 + i), s3);
                }
                float r0 = s0.reduceLanes(VectorOperators.ADD), r1 = s1.reduceLanes(VectorOperators.ADD),
                        r2 = s2.reduceLanes(VectorOperators.ADD), r3 = s3.reduceLanes(VectorOperators.ADD);
                for (; i < size; i++) {
                    float v = p[q + i];
                    r0 += v * flat[b0 + i];
                    r1 += v * flat[b1 + i];
                    r2 += v * flat[b2 + i];
                    r3 += v * flat[b3 + i];
                }
                int d = j * count + a;
                dots[d] = r0;
                dots[d + 1] = r1;
                dots[d + 2] = r2;
                dots[d + 3] = r3;
            }
        }
        for (; a < count; a++) {
            int b = a * size;
            for (int j = 0; j < preds; j++) {
                int q = j * size;
                FloatVector s = FloatVector.zero(SPECIES);
                int i = 0;
                for (; i < bound; i += step) s = FloatVector.fromArray(SPECIES, p, q + i).fma(FloatVector.fromArray(SPECIES, flat, b + i), s);
                float r = s.reduceLanes(VectorOperators.ADD);
                for (; i < size; i++) r += p[q + i] * flat[b + i];
                dots[j * count + a] = r;
            }
        }
    }
}
