package ipdnet2.dsp.decode;

import static org.assertj.core.api.Assertions.assertThat;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.target.DoaTemplates;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The template dot products of both paths (Vector API lanes and the plain fused multiply-add
 * chain) against the double-precision dot product: each within 1e-6 of Σ|p_i·t_i| (float
 * rounding of a sum of 2·256·(M−1) terms is far smaller), a small fraction of the decoder's
 * candidate margin, so the exact search sees the same candidates either way.
 */
class DoaDecoderDotsTest {
    @Test
    void bothPathsMatchTheDoublePrecisionDotProduct() {
        DoaTemplates t = DoaTemplates.oneDegree(ArrayGeometry.realmanDefault());
        int count = t.count(), size = t.size();
        float[] flat = new float[count * size];
        for (int a = 0; a < count; a++) System.arraycopy(t.template(a), 0, flat, a * size, size);
        SplittableRandom rng = new SplittableRandom(5);
        float[] p = new float[size];
        for (int i = 0; i < size; i++) p[i] = (float) rng.nextDouble(-1, 1);
        boolean[] paths = DoaDecoder.VECTOR ? new boolean[] {false, true} : new boolean[] {false};
        for (boolean vector : paths) {
            float[] dots = new float[count];
            DoaDecoder.dotAll(vector, p, flat, count, size, dots);
            for (int a = 0; a < count; a++) {
                double exact = 0, magnitude = 0;
                for (int i = 0; i < size; i++) {
                    exact += (double) p[i] * flat[a * size + i];
                    magnitude += Math.abs((double) p[i] * flat[a * size + i]);
                }
                assertThat((double) dots[a]).as("vector=%s template %d", vector, a)
                        .isCloseTo(exact, org.assertj.core.api.Assertions.within(1e-6 * magnitude));
            }
        }
    }
}
