package ipdnet2.tests.dsp;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.decode.DoaDecoder;
import ipdnet2.dsp.decode.DoaEstimate;
import ipdnet2.dsp.target.DirectPathIpd;
import ipdnet2.dsp.target.DoaTemplates;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Decoding (ARCHITECTURE.md §4) against the published code, and its fast search against the
 * exhaustive search it replaces (every template's exact MSE, first minimum wins).
 */
class DoaDecoderTest {
    @Test
    void matchesReferenceDecoding() {
        float[] pred = Ref.load("decode_pred_ipd.npy").floats(); // [1, 10, 512, 4, 2]
        float[] doa = Ref.load("decode_doa_rad.npy").floats(); // [1, 10, 2, 2]: [elevation, azimuth]
        float[] mse = Ref.load("decode_mse.npy").floats(); // [1, 10, 2]
        DoaDecoder dec = new DoaDecoder(DoaTemplates.publishedGrid(ArrayGeometry.realmanDefault()));
        DoaEstimate[][] e = dec.decodeClip(pred, 10, 2);
        for (int t = 0; t < 10; t++) {
            for (int k = 0; k < 2; k++) {
                assertThat(doa[(t * 2 + 0) * 2 + k]).isCloseTo((float) (Math.PI / 2), within(1e-6f));
                assertThat(e[t][k].azimuthRad()).isCloseTo(doa[(t * 2 + 1) * 2 + k], within(1e-5));
                assertThat(e[t][k].mse()).isCloseTo(mse[t * 2 + k], within(1e-5 * mse[t * 2 + k]));
                assertThat(e[t][k].detected()).isEqualTo(mse[t * 2 + k] / 0.2919 < 0.4).isTrue();
            }
        }
    }

    @Test
    void inactiveTargetIsNotDetectedAndCleanTargetIsFoundOnTheGrid() {
        ArrayGeometry g = ArrayGeometry.realmanDefault();
        DirectPathIpd ipd = new DirectPathIpd(g);
        DoaDecoder dec = new DoaDecoder(DoaTemplates.oneDegree(g));
        DoaEstimate none = dec.decodeTrack(ipd.inactive(), 0, 1);
        assertThat(none.detected()).isFalse();
        for (int az : new int[] {-180, -97, 0, 45, 179}) {
            DoaEstimate e = dec.decodeTrack(ipd.active(az, 2.0), 0, 1);
            assertThat(e.azimuthDeg()).isCloseTo(az, within(1e-9));
            assertThat(e.detected()).isTrue();
        }
    }

    /** The definition: exact MSE (double sum of squared float differences) of every template, first minimum. */
    private static DoaEstimate exhaustive(DoaTemplates templates, double threshold, float[] pred, int off, int stride) {
        int best = 0;
        double bestMse = Double.POSITIVE_INFINITY;
        for (int a = 0; a < templates.count(); a++) {
            float[] t = templates.template(a);
            double sum = 0;
            for (int i = 0, p = off; i < t.length; i++, p += stride) {
                double d = pred[p] - t[i];
                sum += d * d;
            }
            double mse = sum / t.length;
            if (mse < bestMse) {
                bestMse = mse;
                best = a;
            }
        }
        return new DoaEstimate(best, templates.azimuthDeg(best), bestMse, bestMse / 0.2919 < threshold);
    }

    @Test
    void fastSearchEqualsTheExhaustiveSearchOnNoisyTemplatesAndRandomVectors() {
        // the whole-degree grid (opposite directions paired) and the published grid (not paired)
        fastSearchEqualsTheExhaustiveSearch(DoaTemplates.oneDegree(ArrayGeometry.realmanDefault()));
        fastSearchEqualsTheExhaustiveSearch(DoaTemplates.publishedGrid(ArrayGeometry.realmanDefault()));
    }

    private static void fastSearchEqualsTheExhaustiveSearch(DoaTemplates templates) {
        DoaDecoder dec = new DoaDecoder(templates, 0.4);
        int size = templates.size();
        SplittableRandom rng = new SplittableRandom(9);
        float[] pred = new float[size * 2];
        int detections = 0;
        for (int trial = 0; trial < 60; trial++) {
            for (int k = 0; k < 2; k++) {
                float[] t = templates.template(rng.nextInt(360));
                double noise = trial < 20 ? 0.05 : trial < 40 ? 0.6 : 3.0;
                for (int i = 0; i < size; i++) {
                    pred[i * 2 + k] = (float) ((trial < 50 ? t[i] : 0) + noise * rng.nextGaussian());
                }
            }
            DoaEstimate[] fast = dec.decodeFrame(pred, 0, 2);
            for (int k = 0; k < 2; k++) {
                DoaEstimate ref = exhaustive(templates, 0.4, pred, k, 2);
                assertThat(fast[k]).isEqualTo(ref);
                assertThat(dec.decodeTrack(pred, k, 2)).isEqualTo(ref);
                if (ref.detected()) detections++;
            }
        }
        assertThat(detections).isBetween(10, 110);
    }

    @Test
    void runsOfFramesDecodeLikeSingleTracks() {
        DoaTemplates templates = DoaTemplates.oneDegree(ArrayGeometry.realmanDefault());
        DoaDecoder dec = new DoaDecoder(templates, 0.4);
        int size = templates.size(), frames = 21;
        SplittableRandom rng = new SplittableRandom(4);
        float[] pred = new float[7 + frames * size * 2];
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < 2; k++) {
                float[] t = templates.template(rng.nextInt(360));
                for (int i = 0; i < size; i++) pred[7 + (f * size + i) * 2 + k] = (float) (t[i] + 0.5 * rng.nextGaussian());
            }
        }
        DoaEstimate[][] all = dec.decodeFrames(pred, 7, frames, 2);
        float[] clip = Arrays.copyOfRange(pred, 7, pred.length);
        DoaEstimate[][] whole = dec.decodeClip(clip, frames, 2);
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < 2; k++) {
                DoaEstimate ref = exhaustive(templates, 0.4, pred, 7 + f * size * 2 + k, 2);
                assertThat(all[f][k]).isEqualTo(ref);
                assertThat(whole[f][k]).isEqualTo(ref);
            }
        }
    }

    @Test
    void twoEquallyGoodTemplatesPickTheFirst() {
        DoaTemplates templates = DoaTemplates.oneDegree(ArrayGeometry.realmanDefault());
        DoaDecoder dec = new DoaDecoder(templates, 0.4);
        float[] pred = new float[templates.size() * 2];   // all zero: every template is equally far
        DoaEstimate[] fast = dec.decodeFrame(pred, 0, 2);
        assertThat(fast[0]).isEqualTo(exhaustive(templates, 0.4, pred, 0, 2));
        assertThat(fast[1]).isEqualTo(exhaustive(templates, 0.4, pred, 1, 2));
    }
}
