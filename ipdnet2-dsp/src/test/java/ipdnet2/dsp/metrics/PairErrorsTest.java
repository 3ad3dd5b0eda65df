package ipdnet2.dsp.metrics;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.dsp.target.DirectPathIpd;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PairErrorsTest {
    private final DirectPathIpd ipd = new DirectPathIpd(ArrayGeometry.realmanDefault());
    private final int size = ipd.size();

    /** Output [frames][size][2] with track k of frame t set to {@code tracks[t][k]}. */
    private float[] output(float[][][] tracks) {
        float[] out = new float[tracks.length * size * 2];
        for (int t = 0; t < tracks.length; t++) {
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < size; i++) out[(t * size + i) * 2 + k] = tracks[t][k][i];
            }
        }
        return out;
    }

    @Test
    void reflectionIsAcrossTheReferenceMicsAxis() {
        // the reference mic (channel 1) is at (0.03, 0): the line is the x axis
        PairErrors e = new PairErrors(ipd);
        assertThat(e.mirror(-136.0)).isCloseTo(136.0, within(1e-12));
        assertThat(e.mirror(30.0)).isCloseTo(-30.0, within(1e-12));
    }

    @Test
    void exactTargetsScoreZeroAndOffAxisPairsTellTheReflectionApart() {
        // one talker at -40° (active in both frames) on track 1, the other track anything
        FrameLabels labels = new FrameLabels(new double[][] {{-40}, {-40}}, new double[][] {{1.5}, {1.5}},
                new boolean[][] {{true}, {true}});
        float[] own = ipd.active(-40, 1.5);
        float[] junk = ipd.inactive();
        PairErrors e = new PairErrors(ipd);
        e.add(output(new float[][][] {{junk, own}, {junk, own}}), 2, labels);
        assertThat(e.talkerFrames()).isEqualTo(2);
        for (int p = 0; p < 4; p++) assertThat(e.ownError(p)).isCloseTo(0.0, within(1e-12));
        // channels 3 and 7 (pairs 1 and 3) lie off the x axis, channels 5 and 0 (pairs 2 and 4) on it
        assertThat(e.mirroredError(0)).isGreaterThan(0.1);
        assertThat(e.mirroredError(2)).isGreaterThan(0.1);
        assertThat(e.mirroredError(1)).isCloseTo(0.0, within(1e-9));
        assertThat(e.mirroredError(3)).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void theAverageOfTalkerAndReflectionIsEquallyFarFromBoth() {
        // what a model blind to the off-axis mics can at best output
        float[] a = ipd.active(70, 2.0), b = ipd.active(-70, 2.0);
        float[] avg = new float[size];
        for (int i = 0; i < size; i++) avg[i] = (a[i] + b[i]) / 2;
        FrameLabels labels = new FrameLabels(new double[][] {{70}}, new double[][] {{2.0}}, new boolean[][] {{true}});
        PairErrors e = new PairErrors(ipd);
        e.add(output(new float[][][] {{avg, ipd.inactive()}}), 1, labels);
        for (int p = 0; p < 4; p++) assertThat(e.ownError(p)).isCloseTo(e.mirroredError(p), within(1e-6));
        // by hand: pair p's error is the mean over its 512 values of ((a − b)/2)²
        for (int p = 0; p < 4; p++) {
            double sum = 0;
            for (int v = 0; v < DirectPathIpd.VALUES; v++) {
                double d = (a[v * 4 + p] - b[v * 4 + p]) / 2.0;
                sum += d * d;
            }
            assertThat(e.ownError(p)).isCloseTo(sum / DirectPathIpd.VALUES, within(1e-6));
        }
    }

    @Test
    void twoTalkersAreMatchedToTheirTracksAndSilentFramesAreSkipped() {
        // frame 0: talkers at 20° and 120° output on swapped tracks; frame 1: nobody talks
        FrameLabels labels = new FrameLabels(new double[][] {{20, 120}, {20, 120}},
                new double[][] {{1, 2}, {1, 2}}, new boolean[][] {{true, true}, {false, false}});
        PairErrors e = new PairErrors(ipd);
        e.add(output(new float[][][] {{ipd.active(120, 2), ipd.active(20, 1)}, {ipd.inactive(), ipd.inactive()}}),
                2, labels);
        assertThat(e.talkerFrames()).isEqualTo(2);
        for (int p = 0; p < 4; p++) assertThat(e.ownError(p)).isCloseTo(0.0, within(1e-12));
        assertThat(e.format()).contains("pair 0-1 (4.2 cm): own 0.0000").contains("pair 0-2 (6.0 cm)");
    }
}
