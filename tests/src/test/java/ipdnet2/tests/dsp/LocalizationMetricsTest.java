package ipdnet2.tests.dsp;

import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.dsp.metrics.ClipScore;
import ipdnet2.dsp.metrics.LocalizationMetrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Hand-built cases for MDR, FAR, ACC, MAE and RMSE (ARCHITECTURE.md §4). */
class LocalizationMetricsTest {
    private final LocalizationMetrics m = new LocalizationMetrics();

    /** One frame per row; NaN azimuth marks an inactive source / undetected track. */
    private static FrameLabels labels(double[][] az) {
        double[][] d = new double[az.length][az[0].length];
        boolean[][] a = new boolean[az.length][az[0].length];
        for (int t = 0; t < az.length; t++) {
            for (int s = 0; s < az[t].length; s++) {
                d[t][s] = 1.5;
                a[t][s] = !Double.isNaN(az[t][s]);
            }
        }
        return new FrameLabels(az, d, a);
    }

    private static boolean[][] detected(double[][] est) {
        boolean[][] b = new boolean[est.length][est[0].length];
        for (int t = 0; t < est.length; t++) for (int k = 0; k < est[t].length; k++) b[t][k] = !Double.isNaN(est[t][k]);
        return b;
    }

    private ClipScore score(double[][] src, double[][] est) {
        return m.score(labels(src), est, detected(est));
    }

    @Test
    void circularError() {
        assertThat(LocalizationMetrics.circularErrorDeg(179, -179)).isCloseTo(2, within(1e-12));
        assertThat(LocalizationMetrics.circularErrorDeg(-180, 180)).isCloseTo(0, within(1e-12));
        assertThat(LocalizationMetrics.circularErrorDeg(10, 200)).isCloseTo(170, within(1e-12));
        assertThat(LocalizationMetrics.circularErrorDeg(0, 540)).isCloseTo(180, within(1e-12));
    }

    @Test
    void swappedTracksAreStillCorrect() {
        ClipScore s = score(new double[][] {{30, -60}}, new double[][] {{-58, 31}});
        assertThat(s.active()).isEqualTo(2);
        assertThat(s.correct()).isEqualTo(2);
        assertThat(s.mdr()).isZero();
        assertThat(s.far()).isZero();
        assertThat(s.acc()).isEqualTo(1.0);
        assertThat(s.mae()).isCloseTo(1.5, within(1e-12));
        assertThat(s.rmse()).isCloseTo(Math.sqrt((1 + 4) / 2.0), within(1e-12));
    }

    @Test
    void wrapAroundAtPlusMinus180() {
        ClipScore s = score(new double[][] {{179, Double.NaN}}, new double[][] {{Double.NaN, -177}});
        assertThat(s.correct()).isEqualTo(1);
        assertThat(s.mae()).isCloseTo(4, within(1e-12));
    }

    @Test
    void missesAndFalseAlarms() {
        // frame 0: two active, one detected correctly -> one miss
        // frame 1: one active, detected at the source and at a far direction -> one false alarm
        // frame 2: one active, estimate 6 degrees off -> a miss and a false alarm
        ClipScore s = score(new double[][] {{10, 100}, {50, Double.NaN}, {-90, Double.NaN}},
                new double[][] {{Double.NaN, 12}, {-130, 50}, {-84, Double.NaN}});
        assertThat(s.frames()).isEqualTo(3);
        assertThat(s.active()).isEqualTo(4);
        assertThat(s.detected()).isEqualTo(4);
        assertThat(s.correct()).isEqualTo(2);
        assertThat(s.mdr()).isCloseTo(2 / 4.0, within(1e-12));
        assertThat(s.far()).isCloseTo(2 / 4.0, within(1e-12));
        assertThat(s.acc()).isCloseTo(2 / 4.0, within(1e-12));
        assertThat(s.mae()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void framesWithoutActiveSourceAreSkipped() {
        ClipScore s = score(new double[][] {{Double.NaN, Double.NaN}, {20, Double.NaN}},
                new double[][] {{0, 90}, {21, Double.NaN}});
        assertThat(s.frames()).isEqualTo(1);
        assertThat(s.detected()).isEqualTo(1);
        assertThat(s.far()).isZero();
        assertThat(s.mdr()).isZero();
    }

    @Test
    void assignmentMaximisesCorrectPairsNotGreedy() {
        // greedy nearest pairing would take 3.9 -> 4 (0.1 deg) and leave 8 vs 0 (8 deg, forbidden);
        // the optimal assignment pairs 3.9 -> 0 and 8 -> 4: both correct
        ClipScore s = score(new double[][] {{0, 4}}, new double[][] {{3.9, 8}});
        assertThat(s.correct()).isEqualTo(2);
        assertThat(s.mae()).isCloseTo((3.9 + 4) / 2, within(1e-12));
    }

    @Test
    void assignmentAgreesWithBruteForceOnRandomCrowdedFrames() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(21);
        for (int trial = 0; trial < 300; trial++) {
            int ns = 1 + r.nextInt(4);
            int ne = 1 + r.nextInt(4);
            double[][] src = new double[1][ns];
            double[][] est = new double[1][ne];
            for (int i = 0; i < ns; i++) src[0][i] = -180 + r.nextDouble() * 12;
            for (int i = 0; i < ne; i++) est[0][i] = 170 + r.nextDouble() * 15;
            ClipScore s = score(src, est);
            double[] best = bestMatching(src[0], est[0], 0, new boolean[ne]);
            assertThat(s.correct()).isEqualTo((int) best[0]);
            assertThat(s.sumError()).isCloseTo(best[1], within(1e-9));
        }
    }

    /** {max correct pairs, min total error among those} by exhaustive search. */
    private static double[] bestMatching(double[] src, double[] est, int i, boolean[] used) {
        if (i == src.length) return new double[] {0, 0};
        double[] best = bestMatching(src, est, i + 1, used); // source i unmatched
        for (int j = 0; j < est.length; j++) {
            double e = LocalizationMetrics.circularErrorDeg(src[i], est[j]);
            if (used[j] || e > 5) continue;
            used[j] = true;
            double[] rest = bestMatching(src, est, i + 1, used);
            used[j] = false;
            double c = rest[0] + 1;
            double err = rest[1] + e;
            if (c > best[0] || (c == best[0] && err < best[1])) best = new double[] {c, err};
        }
        return best;
    }

    @Test
    void averagesPerClipNotPooled() {
        LocalizationMetrics acc = new LocalizationMetrics();
        // clip A: 4 frames, one source, all correct; clip B: 1 frame, one source, missed
        acc.add(score(new double[][] {{0, Double.NaN}, {0, Double.NaN}, {0, Double.NaN}, {0, Double.NaN}},
                new double[][] {{1, Double.NaN}, {1, Double.NaN}, {1, Double.NaN}, {3, Double.NaN}}));
        acc.add(score(new double[][] {{0, Double.NaN}}, new double[][] {{Double.NaN, Double.NaN}}));
        acc.add(score(new double[][] {{Double.NaN, Double.NaN}}, new double[][] {{5, 5}}));
        assertThat(acc.clips()).isEqualTo(2);
        assertThat(acc.mdr()).isCloseTo(0.5, within(1e-12)); // pooled would be 1/5
        assertThat(acc.acc()).isCloseTo(0.5, within(1e-12));
        assertThat(acc.far()).isZero();
        assertThat(acc.mae()).isCloseTo(1.5, within(1e-12)); // only clip A has correct estimates
        assertThat(acc.rmse()).isCloseTo(Math.sqrt((1 + 1 + 1 + 9) / 4.0), within(1e-12));
    }
}
