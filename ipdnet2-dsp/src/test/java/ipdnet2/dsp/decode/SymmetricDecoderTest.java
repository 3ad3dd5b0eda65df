package ipdnet2.dsp.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.array.ArraySymmetry;
import ipdnet2.dsp.target.DirectPathIpd;
import ipdnet2.dsp.target.DoaTemplates;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SymmetricDecoderTest {
    private static final ArrayGeometry ARRAY = ArrayGeometry.realmanDefault();
    private static final DoaDecoder DECODER = new DoaDecoder(DoaTemplates.oneDegree(ARRAY));
    private static final int SIZE = DirectPathIpd.VALUES * 4;

    @Test
    void theIdentityAloneDecodesAsTheExactSearch() {
        DirectPathIpd ipd = new DirectPathIpd(ARRAY);
        SplittableRandom rng = new SplittableRandom(5);
        int frames = 12;
        float[] pred = new float[frames * SIZE * 2];
        for (int t = 0; t < frames; t++) {
            ipd.active(rng.nextDouble(-180, 180), rng.nextDouble(0.5, 3), pred, t * SIZE * 2, 2);
            ipd.inactive(pred, t * SIZE * 2 + 1, 2);
        }
        for (int i = 0; i < pred.length; i++) pred[i] += (float) (0.6 * rng.nextGaussian());
        DoaEstimate[][] plain = DECODER.decodeFrames(pred, 0, frames, 2);
        SymmetricDecoder sym = new SymmetricDecoder(DECODER, List.of(ArraySymmetry.identity(5)));
        DoaEstimate[][] e = sym.decodeFrames(new float[][]{pred}, 0, frames, 2);
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < 2; k++) {
                assertThat(e[t][k].candidate()).isEqualTo(plain[t][k].candidate());
                assertThat(e[t][k].detected()).isEqualTo(plain[t][k].detected());
                assertThat(e[t][k].mse()).isCloseTo(plain[t][k].mse(), within(1e-5 * plain[t][k].mse()));
            }
        }
    }

    /**
     * Ideal outputs: for each reordering, the IPDs the reordered array hears from a talker at 37°,
     * with noise, in track 1 for half of the reorderings (the network's tracks have no fixed order).
     */
    @Test
    void findsTheTalkerWhateverTrackEachReorderingPutsItIn() {
        List<ArraySymmetry> syms = ArraySymmetry.of(ARRAY);
        SplittableRandom rng = new SplittableRandom(9);
        float[][] preds = new float[syms.size()][];
        for (int s = 0; s < syms.size(); s++) {
            DirectPathIpd heard = new DirectPathIpd(ARRAY.subset(syms.get(s).channels()));
            float[] p = new float[SIZE * 2];
            int talker = s % 2;
            heard.active(37, 1.5, p, talker, 2);
            heard.inactive(p, 1 - talker, 2);
            for (int i = 0; i < p.length; i++) p[i] += (float) (0.3 * rng.nextGaussian());
            preds[s] = p;
        }
        DoaEstimate[] e = new SymmetricDecoder(DECODER, syms).decodeFrames(preds, 0, 1, 2)[0];
        assertThat(e[0].azimuthDeg()).isEqualTo(37);
        assertThat(e[0].detected()).isTrue();
        assertThat(e[1].detected()).isFalse();
    }

    /**
     * A network whose estimates lean 3° counter-clockwise of the talker, whatever the channel
     * order: on the reflected inputs the lean turns clockwise in the array's directions, so the
     * mean of the spectra is symmetric about the talker and its minimum is the talker's direction.
     */
    @Test
    void aLeanThatDoesNotTurnWithTheArrayCancels() {
        List<ArraySymmetry> syms = ArraySymmetry.of(ARRAY);
        DirectPathIpd ipd = new DirectPathIpd(ARRAY);
        float[][] preds = new float[syms.size()][];
        for (int s = 0; s < syms.size(); s++) {
            ArraySymmetry sym = syms.get(s);
            // the direction the network sees: θ' with toArrayAzimuthDeg(θ') = 37
            double seen = sym.isReflection() ? sym.angleDeg() - 37 : 37 - sym.angleDeg();
            float[] p = new float[SIZE * 2];
            ipd.active(seen + 3, 2.0, p, 0, 2);
            ipd.inactive(p, 1, 2);
            preds[s] = p;
        }
        assertThat(DECODER.decodeFrames(preds[0], 0, 1, 2)[0][0].azimuthDeg()).isEqualTo(40);
        DoaEstimate[] e = new SymmetricDecoder(DECODER, syms).decodeFrames(preds, 0, 1, 2)[0];
        assertThat(e[0].azimuthDeg()).isEqualTo(37);
        assertThat(e[0].detected()).isTrue();
    }

    @Test
    void rejectsListsWithoutTheIdentityFirstAndMissingOutputs() {
        List<ArraySymmetry> syms = ArraySymmetry.of(ARRAY);
        assertThatThrownBy(() -> new SymmetricDecoder(DECODER, syms.subList(1, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identity");
        SymmetricDecoder dec = new SymmetricDecoder(DECODER, syms);
        assertThatThrownBy(() -> dec.decodeFrames(new float[][]{new float[SIZE * 2]}, 0, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 outputs for 8 symmetries");
    }

    @Test
    void permutationsAreAllOrderingsIdentityFirst() {
        assertThat(SymmetricDecoder.permutations(3)).hasSize(6);
        assertThat(SymmetricDecoder.permutations(2).get(0)).containsExactly(0, 1);
        assertThat(SymmetricDecoder.permutations(2).get(1)).containsExactly(1, 0);
    }
}
