package ipdnet2.train.data;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.dsp.target.DirectPathIpd;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExampleMakerTest {
    private static final ArrayGeometry ARRAY = ArrayGeometry.realmanDefault();
    /** 512 values for each of the 4 pairs of the 5-mic array. */
    private static final int SIZE = 512 * 4;

    /** {@code mics} channels of 1.0 s of white noise at 16 kHz. */
    private static float[][] noise(int mics) {
        SplittableRandom rng = new SplittableRandom(11);
        float[][] x = new float[mics][16000];
        for (float[] ch : x) {
            for (int i = 0; i < ch.length; i++) ch[i] = (float) (0.1 * rng.nextGaussian());
        }
        return x;
    }

    /**
     * Labels of three talkers over {@code frames} frames: talker 0 at 0°, 1.5 m, always active;
     * talker 1 at 90°, 2 m, active in odd frames; talker 2 at −45°, 1 m, always active.
     */
    private static FrameLabels threeTalkers(int frames) {
        double[][] az = new double[frames][], dist = new double[frames][];
        boolean[][] active = new boolean[frames][];
        for (int t = 0; t < frames; t++) {
            az[t] = new double[] {0, 90, -45};
            dist[t] = new double[] {1.5, 2, 1};
            active[t] = new boolean[] {true, t % 2 == 1, true};
        }
        return new FrameLabels(az, dist, active);
    }

    /**
     * 1 s = 16000 samples gives T = ⌊16000 / 320⌋ + 1 = 51 STFT frames and ⌊51 / 5⌋ = 10 output
     * frames. Labels of 8 frames are padded with two inactive frames, the third talker is
     * dropped, and every target block is DirectPathIpd's: the talker's direct-path IPD where it
     * is active, the diffuse-field target where not.
     */
    @Test
    void shortLabelsArePaddedExtraTalkersDroppedAndTargetsFollowTheLabels() {
        Example e = new ExampleMaker(ARRAY, 5).make(new Clip(noise(5), threeTalkers(8)));
        assertThat(e.frames()).isEqualTo(51);
        assertThat(e.features()).hasSize(2 * 5 * 256 * 51);
        assertThat(e.outFrames()).isEqualTo(10);
        FrameLabels l = e.labels();
        assertThat(l.frames()).isEqualTo(10);
        assertThat(l.sources()).isEqualTo(2);
        for (int t = 0; t < 8; t++) {
            assertThat(l.active(t, 0)).isTrue();
            assertThat(l.azimuthDeg(t, 0)).isEqualTo(0);
            assertThat(l.distanceM(t, 0)).isEqualTo(1.5);
            assertThat(l.active(t, 1)).isEqualTo(t % 2 == 1);
            assertThat(l.azimuthDeg(t, 1)).isEqualTo(90);
        }
        for (int t = 8; t < 10; t++) {
            assertThat(l.active(t, 0)).as("padded frame %d", t).isFalse();
            assertThat(l.active(t, 1)).as("padded frame %d", t).isFalse();
        }

        // targets [T'][512·4][K = 2], track interleaved
        assertThat(e.targets()).hasSize(10 * SIZE * 2);
        DirectPathIpd ipd = new DirectPathIpd(ARRAY);
        float[] talker0 = ipd.active(0, 1.5), talker1 = ipd.active(90, 2);
        float[] inactive = ipd.inactive();
        for (int t = 0; t < 10; t++) {
            float[] want0 = t < 8 ? talker0 : inactive;
            float[] want1 = t < 8 && t % 2 == 1 ? talker1 : inactive;
            assertThat(track(e.targets(), t, 0)).as("frame %d track 0", t).containsExactly(want0);
            assertThat(track(e.targets(), t, 1)).as("frame %d track 1", t).containsExactly(want1);
        }

        // by hand: talker 0 on the +x axis at 1.5 m is 0.06 m nearer the reference mic (0.03, 0)
        // than mic 2 at (−0.03, 0); at bin 1 (31.25 Hz) pair 2's phase is 2π·31.25·0.06/340
        double phi = 2 * Math.PI * 31.25 * 0.06 / 340;
        float[] frame0 = track(e.targets(), 0, 0);
        assertThat(frame0[0 * 4 + 1]).isCloseTo((float) Math.cos(phi), within(1e-6f));
        assertThat(frame0[256 * 4 + 1]).isCloseTo((float) Math.sin(phi), within(1e-6f));
        // and an inactive track's target is the diffuse coherence J0(2π f d / c), here
        // 1 − x²/4 + x⁴/64 to 1e-9 for that pair (d = 0.06 m), with a zero imaginary half
        float[] padded = track(e.targets(), 9, 0);
        double x = phi;
        assertThat(padded[0 * 4 + 1]).isCloseTo((float) (1 - x * x / 4 + x * x * x * x / 64), within(1e-6f));
        for (int v = 256; v < 512; v++) {
            for (int p = 0; p < 4; p++) assertThat(padded[v * 4 + p]).isZero();
        }
    }

    /** Labels longer than the output are cut to it: the network emits no frame for the rest. */
    @Test
    void longLabelsAreCutToTheOutputFrames() {
        Example e = new ExampleMaker(ARRAY, 5).make(new Clip(noise(5), threeTalkers(14)));
        assertThat(e.outFrames()).isEqualTo(10);
        assertThat(e.labels().frames()).isEqualTo(10);
        assertThat(e.targets()).hasSize(10 * SIZE * 2);
        // every one of the 10 frames carries its label, none is padding
        for (int t = 0; t < 10; t++) assertThat(e.labels().active(t, 0)).isTrue();
        // another pooling ratio gives its own count: ⌊51 / 4⌋ = 12
        assertThat(new ExampleMaker(ARRAY, 4).make(new Clip(noise(5), threeTalkers(14))).outFrames()).isEqualTo(12);
    }

    @Test
    void aClipWithAnotherChannelCountIsRefused() {
        ExampleMaker maker = new ExampleMaker(ARRAY, 5);
        assertThat(maker.mics()).isEqualTo(5);
        assertThatThrownBy(() -> maker.make(new Clip(noise(4), threeTalkers(10))))
                .isInstanceOf(DataException.class).hasMessage("clip has 4 channels, the array has 5");
    }

    /** Track k of output frame t: the [512·4] values at stride K = 2. */
    private static float[] track(float[] targets, int t, int k) {
        float[] out = new float[SIZE];
        for (int i = 0; i < SIZE; i++) out[i] = targets[(t * SIZE + i) * 2 + k];
        return out;
    }
}
