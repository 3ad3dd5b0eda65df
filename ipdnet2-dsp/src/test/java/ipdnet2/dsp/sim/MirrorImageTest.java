package ipdnet2.dsp.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.label.FrameLabels;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MirrorImageTest {
    @Test
    void realmanPartnersSwapTheMicsAt90And270Degrees() {
        // channels 1, 3, 5, 7, 0 sit at 0°, 90°, 180°, 270° on the 3-cm ring and at the centre
        MirrorImage m = new MirrorImage(ArrayGeometry.realmanDefault());
        assertThat(new int[] {m.partner(0), m.partner(1), m.partner(2), m.partner(3), m.partner(4)})
                .containsExactly(0, 3, 2, 1, 4);
    }

    @Test
    void anArrayWithoutAMirrorPartnerIsRefused() {
        ArrayGeometry lopsided = new ArrayGeometry(new double[][] {{0.03, 0, 0}, {0, 0.03, 0}, {0, 0, 0}});
        assertThatThrownBy(() -> new MirrorImage(lopsided))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not symmetric about its x axis").hasMessageContaining("mic 1");
    }

    @Test
    void labelsAreNegatedAndStayInRange() {
        FrameLabels l = new FrameLabels(new double[][] {{30, -180}, {0, 179.5}}, new double[][] {{1, 2}, {3, 4}},
                new boolean[][] {{true, false}, {false, true}});
        FrameLabels r = MirrorImage.labels(l);
        assertThat(r.azimuthDeg(0, 0)).isEqualTo(-30);
        assertThat(r.azimuthDeg(0, 1)).isEqualTo(-180);
        assertThat(r.azimuthDeg(1, 0)).isEqualTo(0);
        assertThat(r.azimuthDeg(1, 1)).isEqualTo(-179.5);
        assertThat(r.distanceM(1, 1)).isEqualTo(4);
        assertThat(r.active(0, 1)).isFalse();
        assertThat(r.active(1, 1)).isTrue();
    }

    /**
     * Physical check: in a room symmetric about the array's x axis (array centred in y), the
     * response of a talker at −θ is, mic for mic, the response of the talker at θ at the partner
     * mic; so the mirror image of the one recording is the other recording. Exact (to float
     * rounding) without reverberation.
     */
    @Test
    void mirrorImageOfATalkerIsTheTalkerAtTheNegatedAzimuth() {
        ArrayGeometry array = ArrayGeometry.realmanDefault();
        MirrorImage mirror = new MirrorImage(array);
        check(array, mirror, new RoomAcoustics(new Room(7, 6, 3, 0), array, new double[] {3.1, 3, 1.4}), 1e-4);
        assertThat(MirrorImage.labels(new FrameLabels(new double[][] {{35}}, new double[][] {{2}},
                new boolean[][] {{true}})).azimuthDeg(0, 0)).isCloseTo(-35, within(1e-12));
    }

    /**
     * With reverberation, the image-source part is still mirror-exact: reflecting the room across
     * y = ly/2 maps the image set of the talker at θ onto that of the talker at −θ with the same
     * wall counts, so the early response at mic i for −θ equals the one at partner(i) for θ (to
     * float rounding of differently ordered sums). The late tail is random noise, not mirrored;
     * only its level, which depends on the early energy averaged over all mics, must agree.
     */
    @Test
    void inAReverberantRoomTheImageSourcePartIsMirrorExact() {
        ArrayGeometry array = ArrayGeometry.realmanDefault();
        MirrorImage mirror = new MirrorImage(array);
        Room room = Room.forRt60(7, 6, 3, 0.6);
        assertThat(room.rt60()).isCloseTo(0.6, within(1e-9));
        RoomAcoustics acoustics = new RoomAcoustics(room, array, new double[] {3.1, 3, 1.4});
        for (double az : new double[] {35, 120, -75}) {
            double[] source = acoustics.position(2.0, az, 10);
            double[] negated = acoustics.position(2.0, -az, 10);
            float[][] at = acoustics.early(source);
            float[][] atNegated = acoustics.early(negated);
            double peak = 0, err = 0, reflected = 0, total = 0;
            float[][] direct = acoustics.directPath(negated).taps();
            for (int c = 0; c < array.mics(); c++) {
                for (int n = 0; n < at[c].length; n++) {
                    peak = Math.max(peak, Math.abs(atNegated[c][n]));
                    err = Math.max(err, Math.abs(at[mirror.partner(c)][n] - atNegated[c][n]));
                    double r = atNegated[c][n] - direct[c][n];
                    reflected += r * r;
                    total += (double) atNegated[c][n] * atNegated[c][n];
                }
            }
            assertThat(err / peak).as("largest mirror error at %.0f°", az).isLessThan(1e-5);
            // the room is truly reverberant: reflections carry much of the early energy, so the
            // check above covers them and not just the direct path
            assertThat(reflected / total).as("reflected share at %.0f°", az).isGreaterThan(0.3);
            assertThat(acoustics.lateLevel(at)).isCloseTo(acoustics.lateLevel(atNegated),
                    within(1e-5 * acoustics.lateLevel(at)));
            // and mirroring matters: an off-axis mic hears θ and −θ differently
            double apart = 0;
            for (int n = 0; n < at[1].length; n++) apart = Math.max(apart, Math.abs(at[1][n] - atNegated[1][n]));
            assertThat(apart / peak).isGreaterThan(0.1);
        }
    }

    private static void check(ArrayGeometry array, MirrorImage mirror, RoomAcoustics acoustics, double tolerance) {
        SplittableRandom rng = new SplittableRandom(5);
        float[] dry = new float[16000];
        for (int i = 0; i < dry.length; i++) dry[i] = (float) rng.nextGaussian();
        for (double az : new double[] {35, 120, -75}) {
            AudioData at = record(acoustics, array, az, dry);
            AudioData atNegated = record(acoustics, array, -az, dry);
            AudioData mirrored = mirror.audio(at);
            double err = 0, power = 0;
            for (int c = 0; c < array.mics(); c++) {
                for (int i = 0; i < dry.length; i++) {
                    double d = mirrored.channels()[c][i] - atNegated.channels()[c][i];
                    err += d * d;
                    power += atNegated.channels()[c][i] * atNegated.channels()[c][i];
                }
            }
            assertThat(Math.sqrt(err / power)).as("relative error at %.0f°", az).isLessThan(tolerance);
            // and it differs from the unmirrored recording: the off-axis mics hear a different delay
            double apart = 0;
            for (int i = 0; i < dry.length; i++) {
                double d = at.channels()[1][i] - atNegated.channels()[1][i];
                apart += d * d;
            }
            assertThat(Math.sqrt(apart / power * array.mics())).isGreaterThan(0.1);
        }
    }

    private static AudioData record(RoomAcoustics acoustics, ArrayGeometry array, double az, float[] dry) {
        Rir rir = acoustics.impulseResponse(acoustics.position(2.0, az, 0), new SplittableRandom(1));
        float[][] x = new float[array.mics()][dry.length];
        Convolution.addConvolved(x, dry, 0, rir.taps(), rir.lead());
        return new AudioData(16000, x);
    }
}
