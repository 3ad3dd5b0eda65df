package ipdnet2.dsp.baseline;

import ipdnet2.dsp.label.FrameLabels;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThresholdCalibrationTest {
    /**
     * One talker at 50° in every frame; the first peak is always right with power 0.5, the second
     * always wrong (at -70°) with power 0.3, 0.6 times the first. Any threshold below 0.5 detects
     * the talker; the false alarm is avoided by a threshold of at least 0.3 (power must exceed it)
     * or a ratio above 0.6; the first such pair in grid order is (0.1, 0.7): ACC 1, FAR 0, F1 1.
     */
    @Test
    void choosesThresholdsThatKeepTheRightPeakAndDropTheWrongOne() {
        int frames = 6;
        AzimuthEstimate[][] peaks = new AzimuthEstimate[frames][];
        double[][] az = new double[frames][1], dist = new double[frames][1];
        boolean[][] active = new boolean[frames][1];
        for (int t = 0; t < frames; t++) {
            peaks[t] = new AzimuthEstimate[] {new AzimuthEstimate(50, 0.5, false), new AzimuthEstimate(-70, 0.3, false)};
            az[t][0] = 51.5;
            dist[t][0] = 1;
            active[t][0] = true;
        }
        ThresholdCalibration cal = new ThresholdCalibration();
        cal.add(peaks, new FrameLabels(az, dist, active));
        ThresholdCalibration.Result r = cal.best(new double[] {0.1, 0.2, 0.3, 0.4, 0.6, 0.7});
        assertThat(r.firstThreshold()).isEqualTo(0.1);
        assertThat(r.secondRatio()).isEqualTo(0.7);
        assertThat(r.acc()).isEqualTo(1.0);
        assertThat(r.far()).isEqualTo(0.0);
        assertThat(r.mae()).isEqualTo(1.5);
        assertThat(r.f1()).isEqualTo(1.0);
        // detecting both peaks: every frame one correct and one false alarm
        assertThat(cal.evaluate(0.1, 0.1).far()).isEqualTo(1.0);
        assertThat(ThresholdCalibration.grid(0.01, 0.05, 0.01)).containsExactly(0.01, 0.02, 0.03, 0.04, 0.05);
    }
}
