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
 * candidate margin, so the exact search sees the same candidates either way. A batch of
 * predictions gives each prediction the same dots, bit for bit, as that prediction alone, and
 * batched decoding the same estimates as decoding track by track.
 */
class DoaDecoderDotsTest {
    private static final DoaTemplates TEMPLATES = DoaTemplates.oneDegree(ArrayGeometry.realmanDefault());

    private static float[] flat() {
        int count = TEMPLATES.count(), size = TEMPLATES.size();
        float[] flat = new float[count * size];
        for (int a = 0; a < count; a++) System.arraycopy(TEMPLATES.template(a), 0, flat, a * size, size);
        return flat;
    }

    private static boolean[] paths() {
        return DoaDecoder.VECTOR ? new boolean[] {false, true} : new boolean[] {false};
    }

    @Test
    void bothPathsMatchTheDoublePrecisionDotProduct() {
        int count = TEMPLATES.count(), size = TEMPLATES.size();
        float[] flat = flat();
        SplittableRandom rng = new SplittableRandom(5);
        float[] p = new float[size];
        for (int i = 0; i < size; i++) p[i] = (float) rng.nextDouble(-1, 1);
        for (boolean vector : paths()) {
            float[] dots = new float[count];
            DoaDecoder.dotAll(vector, p, 1, flat, count, size, dots);
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

    @Test
    void aBatchGivesEveryPredictionItsOwnDotsBitForBit() {
        int count = TEMPLATES.count(), size = TEMPLATES.size(), preds = 5;
        float[] flat = flat();
        SplittableRandom rng = new SplittableRandom(11);
        float[] p = new float[preds * size];
        for (int i = 0; i < p.length; i++) p[i] = (float) rng.nextGaussian();
        for (boolean vector : paths()) {
            float[] batch = new float[preds * count];
            DoaDecoder.dotAll(vector, p, preds, flat, count, size, batch);
            for (int j = 0; j < preds; j++) {
                float[] one = java.util.Arrays.copyOfRange(p, j * size, (j + 1) * size);
                float[] alone = new float[count];
                DoaDecoder.dotAll(vector, one, 1, flat, count, size, alone);
                for (int a = 0; a < count; a++) {
                    assertThat(Float.floatToRawIntBits(batch[j * count + a])).as("vector=%s row %d template %d", vector, j, a)
                            .isEqualTo(Float.floatToRawIntBits(alone[a]));
                }
            }
        }
    }

    @Test
    void batchedDecodingEqualsTrackByTrackDecodingOnRandomPredictionsAndExactTemplates() {
        DoaDecoder dec = new DoaDecoder(TEMPLATES, 0.4);
        int size = TEMPLATES.size(), tracks = 3, frames = 45;   // 135 predictions: two full batches and an odd rest
        assertThat(frames * tracks).isGreaterThan(2 * DoaDecoder.BATCH);
        SplittableRandom rng = new SplittableRandom(3);
        int off = 5;
        float[] pred = new float[off + frames * size * tracks];
        int[] exact = new int[frames * tracks];
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < tracks; k++) {
                int az = rng.nextInt(TEMPLATES.count());
                exact[f * tracks + k] = (f + k) % 3 == 0 ? az : -1;
                float[] t = TEMPLATES.template(az);
                for (int i = 0; i < size; i++) {
                    int q = off + (f * size + i) * tracks + k;
                    pred[q] = exact[f * tracks + k] >= 0 ? t[i] : (float) (t[i] + 0.7 * rng.nextGaussian());
                }
            }
        }
        DoaEstimate[][] batched = dec.decodeFrames(pred, off, frames, tracks);
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < tracks; k++) {
                DoaEstimate single = dec.decodeTrack(pred, off + f * size * tracks + k, tracks);
                assertThat(batched[f][k]).as("frame %d track %d", f, k).isEqualTo(single);
                if (exact[f * tracks + k] >= 0) {
                    assertThat(batched[f][k].candidate()).isEqualTo(exact[f * tracks + k]);
                    assertThat(batched[f][k].mse()).isZero();
                    assertThat(batched[f][k].detected()).isTrue();
                }
            }
        }
    }

    @Test
    void oppositeDirectionsArePairedOnlyWhereTheGridHasThem() {
        ArrayGeometry g = ArrayGeometry.realmanDefault();
        assertThat(new DoaDecoder(DoaTemplates.oneDegree(g)).pairsOpposites()).isTrue();
        // linspace(-π, π, 360): steps of 360/359 degrees, no azimuth 180° from another
        assertThat(new DoaDecoder(DoaTemplates.publishedGrid(g)).pairsOpposites()).isFalse();
        // an odd count cannot pair
        double[] az = new double[7];
        for (int i = 0; i < az.length; i++) az[i] = 2 * Math.PI * i / az.length;
        assertThat(new DoaDecoder(new DoaTemplates(g, az)).pairsOpposites()).isFalse();
    }
}
