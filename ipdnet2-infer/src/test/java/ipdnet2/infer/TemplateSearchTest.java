package ipdnet2.infer;

import static org.assertj.core.api.Assertions.assertThat;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.decode.DoaDecoder;
import ipdnet2.dsp.decode.DoaEstimate;
import ipdnet2.dsp.target.DoaTemplates;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast template search must give exactly the estimates of the reference decoder. */
class TemplateSearchTest {
    @Test
    void equalsTheReferenceDecoderOnNoisyTemplatesAndRandomVectors() {
        DoaTemplates templates = DoaTemplates.oneDegree(ArrayGeometry.realmanDefault());
        DoaDecoder reference = new DoaDecoder(templates, 0.4);
        TemplateSearch search = new TemplateSearch(templates, 0.4, 2);
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
            DoaEstimate[] fast = search.decodeFrame(pred, 0);
            for (int k = 0; k < 2; k++) {
                DoaEstimate ref = reference.decodeTrack(pred, k, 2);
                assertThat(fast[k]).isEqualTo(ref);
                if (ref.detected()) detections++;
            }
        }
        assertThat(detections).isBetween(10, 110);
    }

    @Test
    void blocksOfFramesDecodeLikeSingleFrames() {
        DoaTemplates templates = DoaTemplates.oneDegree(ArrayGeometry.realmanDefault());
        DoaDecoder reference = new DoaDecoder(templates, 0.4);
        TemplateSearch search = new TemplateSearch(templates, 0.4, 2);
        int size = templates.size(), frames = TemplateSearch.BLOCK + 5;
        SplittableRandom rng = new SplittableRandom(4);
        float[] pred = new float[7 + frames * size * 2];
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < 2; k++) {
                float[] t = templates.template(rng.nextInt(360));
                for (int i = 0; i < size; i++) pred[7 + (f * size + i) * 2 + k] = (float) (t[i] + 0.5 * rng.nextGaussian());
            }
        }
        DoaEstimate[][] all = search.decodeFrames(pred, 7, frames);
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < 2; k++) assertThat(all[f][k]).isEqualTo(reference.decodeTrack(pred, 7 + f * size * 2 + k, 2));
        }
    }

    @Test
    void twoEquallyGoodTemplatesPickTheFirstLikeTheReference() {
        DoaTemplates templates = DoaTemplates.oneDegree(ArrayGeometry.realmanDefault());
        DoaDecoder reference = new DoaDecoder(templates, 0.4);
        TemplateSearch search = new TemplateSearch(templates, 0.4, 2);
        float[] pred = new float[templates.size() * 2];   // all zero: every template is equally far
        DoaEstimate[] fast = search.decodeFrame(pred, 0);
        assertThat(fast[0]).isEqualTo(reference.decodeTrack(pred, 0, 2));
        assertThat(fast[1]).isEqualTo(reference.decodeTrack(pred, 1, 2));
    }
}
