package ipdnet2.train.realman;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.train.data.Clip;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
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

    /**
     * 1-s clips cut from the 4-s moving recording start anywhere in it (and, in two-source clips,
     * may enter the clip late), so frame f's label must be the annotation at recording time
     * t0 + (f + 0.5)·0.1 s, t0 being the recording time at the clip's first sample. t0 is found
     * here from the audio alone: the clip's reference mic (channel 1, the direct path delayed by
     * one 48-kHz sample) is matched against the recording by cross-correlation.
     */
    @Test
    void labelsOfClipsCutFromLongerRecordingsFollowTheAnnotationAtTheClipsOffset() {
        double[] dp = MiniRealman.movingDirectPath("train");
        double[] channel1 = new double[dp.length];
        System.arraycopy(dp, 0, channel1, 1, dp.length - 1);
        int checked = 0, inside = 0, entering = 0;
        for (double single : new double[] {1.0, 0.0}) {
            // SNR 40 dB: the noise hardly disturbs the match
            RealmanMixer mixer = new RealmanMixer(train, RealmanMixer.Recipe.TRAINING, 1.0, single, 40, 40);
            for (long seed = 0; seed < 16; seed++) {
                Clip clip = mixer.clip(seed);
                FrameLabels l = clip.labels();
                assertThat(l.frames()).isEqualTo(10);
                int moving = -1;
                for (int s = 0; s < l.sources(); s++) {
                    if (l.azimuthDeg(0, s) != l.azimuthDeg(9, s)) moving = s;
                }
                if (moving < 0) continue;
                long[] match = offsetOf(clip.audio()[0], channel1);
                assertThat(match[1]).as("match strength (per mille) of seed %d", seed).isGreaterThan(100);
                long t0 = match[0];
                for (int f = 0; f < 10; f++) {
                    // the annotation holds one angle per 100 ms (4800 samples): 10°, 20°, ...
                    int i = (int) Math.max(0, Math.min(39, Math.floorDiv(2 * t0 + (2L * f + 1) * 4800, 9600)));
                    double expected = 10.0 * (i + 1);
                    expected = ((expected + 180) % 360 + 360) % 360 - 180;
                    assertThat(l.azimuthDeg(f, moving)).as("seed %d frame %d, clip at %d", seed, f, t0)
                            .isEqualTo(expected);
                    assertThat(l.distanceM(f, moving)).isEqualTo(MiniRealman.DIST);
                }
                checked++;
                if (t0 >= 4800) inside++;
                // silent first frame: the recording enters the clip after its start
                if (!l.active(0, moving)) entering++;
            }
        }
        // clips of both kinds were checked: cut from well inside the recording, and entering late
        assertThat(checked).isGreaterThanOrEqualTo(6);
        assertThat(inside).isGreaterThanOrEqualTo(6);
        assertThat(entering).isGreaterThanOrEqualTo(1);
    }

    /**
     * {recording sample (48 kHz) at the clip's first sample, normalised correlation in per mille}:
     * the lag o maximising Σ_j clip[j]·rec[o + 3j], by FFT, separately for each of the three
     * 48-kHz phases of o. o may be negative when the recording enters the clip late.
     */
    private static long[] offsetOf(float[] clip, double[] rec) {
        int n = 1 << 17;
        double clipPower = 0;
        for (float v : clip) clipPower += (double) v * v;
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        double[] b = new double[2 * n];
        for (int j = 0; j < clip.length; j++) b[2 * j] = clip[j];
        fft.complexForward(b);
        long best = 0;
        double bestValue = Double.NEGATIVE_INFINITY, bestNorm = 0;
        for (int p = 0; p < 3; p++) {
            double[] a = new double[2 * n];
            double recPower = 0;
            for (int k = 0; 3 * k + p < rec.length; k++) {
                a[2 * k] = rec[3 * k + p];
                recPower += rec[3 * k + p] * rec[3 * k + p];
            }
            fft.complexForward(a);
            // a · conj(b): its inverse at lag k holds Σ_j rec[3(j + k) + p]·clip[j]
            for (int i = 0; i < n; i++) {
                double re = a[2 * i] * b[2 * i] + a[2 * i + 1] * b[2 * i + 1];
                double im = a[2 * i + 1] * b[2 * i] - a[2 * i] * b[2 * i + 1];
                a[2 * i] = re;
                a[2 * i + 1] = im;
            }
            fft.complexInverse(a, true);
            for (int i = 0; i < n; i++) {
                int k = i < n / 2 ? i : i - n;
                if (a[2 * i] > bestValue) {
                    bestValue = a[2 * i];
                    best = 3L * k + p;
                    // against the recording's power over a clip's length (16000 of its 64000 samples)
                    bestNorm = a[2 * i] / Math.sqrt(clipPower * recPower * clip.length / (rec.length / 3.0));
                }
            }
        }
        return new long[] {best, Math.round(1000 * bestNorm)};
    }

    /**
     * Training noise is scaled to the drawn SNR at the reference mic: the same seed with the
     * SNR range 5:5 and with 300:300 (noise numerically absent) gives the same speech and noise
     * draws, so their difference is the added noise, and speech over it is 5 dB.
     */
    @Test
    void trainingNoiseIsAddedAtTheDrawnSnrAtTheReferenceMic() {
        for (double single : new double[] {1.0, 0.0}) {
            RealmanMixer clean = new RealmanMixer(train, RealmanMixer.Recipe.TRAINING, 1.0, single, 300, 300);
            RealmanMixer noisy = new RealmanMixer(train, RealmanMixer.Recipe.TRAINING, 1.0, single, 5, 5);
            for (long seed = 0; seed < 3; seed++) {
                float[][] s = clean.clip(seed).audio(), x = noisy.clip(seed).audio();
                double ps = 0, pn = 0;
                for (int i = 0; i < s[0].length; i++) {
                    ps += (double) s[0][i] * s[0][i];
                    pn += ((double) x[0][i] - s[0][i]) * ((double) x[0][i] - s[0][i]);
                }
                // the gain is set from these very powers, so only float rounding separates them
                assertThat(10 * Math.log10(ps / pn)).as("SNR of seed %d", seed).isCloseTo(5, within(0.01));
                // the noise reaches every mic, not only the reference
                for (int c = 1; c < s.length; c++) {
                    double d = 0;
                    for (int i = 0; i < s[c].length; i++) d += Math.abs(x[c][i] - s[c][i]);
                    assertThat(d).as("noise on mic %d", c).isGreaterThan(0);
                }
            }
        }
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
