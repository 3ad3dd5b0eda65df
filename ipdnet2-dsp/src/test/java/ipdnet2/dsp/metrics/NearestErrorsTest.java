package ipdnet2.dsp.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ipdnet2.dsp.label.FrameLabels;
import org.junit.jupiter.api.Test;

/** Hand-computed bins of the nearest-track and nearest-detected errors. */
class NearestErrorsTest {
    @Test
    void binsTheNearestTrackAndTheNearestDetectedEstimateOfEveryActiveTalker() {
        // 3 frames, 2 talkers at 10° and −170°; talker 1 silent in frame 2.
        double[][] az = {{10, -170}, {10, -170}, {10, -170}};
        double[][] dist = {{1, 1}, {1, 1}, {1, 1}};
        boolean[][] act = {{true, true}, {true, true}, {true, false}};
        FrameLabels labels = new FrameLabels(az, dist, act);
        // frame 0: tracks at 11.5° (detected) and 175° (not): nearest 1.5° and 15°
        // frame 1: tracks at 40° and −150° (both detected): nearest 30° and 20°
        // frame 2: tracks at 9.5° and 100°, neither detected: nearest 0.5°
        double[][] est = {{11.5, 175}, {40, -150}, {9.5, 100}};
        boolean[][] det = {{true, false}, {true, true}, {false, false}};
        NearestErrors e = new NearestErrors();
        e.add(labels, est, det);
        assertThat(e.talkers()).isEqualTo(5);
        assertThat(e.withDetection()).isEqualTo(4);
        // nearest track: 0.5 (0–1), 1.5 (1–2), 15 (10–20), 20 and 30 (20–45: 20 is not below 20)
        assertThat(e.anyShare(0)).isCloseTo(0.2, within(1e-12));
        assertThat(e.anyShare(1)).isCloseTo(0.2, within(1e-12));
        assertThat(e.anyShare(4)).isCloseTo(0.2, within(1e-12));
        assertThat(e.anyShare(5)).isCloseTo(0.4, within(1e-12));
        // nearest detected: 1.5; talker 1 of frame 0 only has 11.5° detected, 178.5° away; 30 and 20
        assertThat(e.detectedShare(1)).isCloseTo(0.25, within(1e-12));
        assertThat(e.detectedShare(5)).isCloseTo(0.5, within(1e-12));
        assertThat(e.detectedShare(7)).isCloseTo(0.25, within(1e-12));
        assertThat(e.medianNearestDeg()).isEqualTo(15.0);
        assertThat(e.format()).contains("5 talker-frames, median 15.0°").contains("4 of them, 80.0 %");
    }
}
