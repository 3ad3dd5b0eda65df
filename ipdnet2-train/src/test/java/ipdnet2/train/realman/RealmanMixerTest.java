package ipdnet2.train.realman;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.train.data.Clip;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RealmanMixerTest {
    @TempDir
    static Path root;
    static RealmanSplit train;

    @BeforeAll
    static void tree() throws Exception {
        assumeTrue(MiniRealman.flacAvailable(), "the flac command is needed to write the test tree");
        MiniRealman.buildSplit(root, "train");
        train = RealmanSplit.load(root, "train", ArrayGeometry.REALMAN_DEFAULT_CHANNELS);
    }

    @Test
    void sameSeedSameClip() {
        RealmanMixer mixer = new RealmanMixer(train, RealmanMixer.Recipe.TRAINING, 1.0);
        Clip a = mixer.clip(42), b = mixer.clip(42), c = mixer.clip(43);
        assertThat(a.mics()).isEqualTo(5);
        assertThat(a.samples()).isEqualTo(16000);
        for (int m = 0; m < 5; m++) assertThat(a.audio()[m]).containsExactly(b.audio()[m]);
        assertThat(c.audio()[0]).isNotEqualTo(a.audio()[0]);
    }

    /**
     * One-source 4-s clips of 4-s recordings start at the recording start, so the labels are the
     * annotation itself: the moving source's 10-Hz series frame by frame, and S1's activity ending
     * where its direct path falls silent (2 s).
     */
    @Test
    void singleSourceLabelsFollowTheAnnotationAndTheDirectPathEnergy() {
        RealmanMixer mixer = new RealmanMixer(train, RealmanMixer.Recipe.TRAINING, 4.0, 1.0, -5, 15);
        boolean sawMoving = false, sawHalf = false;
        for (long seed = 0; seed < 12 && !(sawMoving && sawHalf); seed++) {
            FrameLabels l = mixer.clip(seed).labels();
            assertThat(l.frames()).isEqualTo(40);
            assertThat(l.sources()).isEqualTo(1);
            if (l.azimuthDeg(0, 0) == 10) {
                sawMoving = true;
                for (int f = 0; f < 40; f++) {
                    double expected = 10.0 * (f + 1);
                    expected = ((expected + 180) % 360 + 360) % 360 - 180;
                    assertThat(l.azimuthDeg(f, 0)).isEqualTo(expected);
                    assertThat(l.active(f, 0)).isTrue();
                }
            } else if (l.azimuthDeg(0, 0) == MiniRealman.STATIC_ANGLE_1) {
                sawHalf = true;
                for (int f = 0; f < 40; f++) {
                    assertThat(l.active(f, 0)).as("frame %d", f).isEqualTo(f < 20);
                    assertThat(l.distanceM(f, 0)).isEqualTo(MiniRealman.DIST);
                }
            }
        }
        assertThat(sawMoving && sawHalf).isTrue();
    }

    /** Two-source training clips: the second source comes from a different recording. */
    @Test
    void twoSourceClipsUseTwoRecordings() {
        RealmanMixer mixer = new RealmanMixer(train, RealmanMixer.Recipe.TRAINING, 4.0, 0.0, -5, 15);
        for (long seed = 0; seed < 4; seed++) {
            FrameLabels l = mixer.clip(seed).labels();
            assertThat(l.sources()).isEqualTo(2);
            // The three recordings have pairwise different first-frame azimuths (30, -120, 10).
            assertThat(l.azimuthDeg(0, 0)).isNotEqualTo(l.azimuthDeg(0, 1));
        }
    }
}
