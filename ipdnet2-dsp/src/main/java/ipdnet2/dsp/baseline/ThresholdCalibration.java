package ipdnet2.dsp.baseline;

import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.dsp.metrics.LocalizationMetrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the detection threshold and second-peak ratio of a {@link BaselineLocalizer} on labelled
 * clips: every pair (first threshold, second ratio) of a grid is scored with {@link LocalizationMetrics} (ARCHITECTURE.md §4,
 * per-clip values averaged over clips) and the pair with the largest F1 = 2·ACC / (1 + ACC + FAR)
 * wins (ties: the first in grid order, threshold outermost). Per clip, ACC = correct/active
 * is the recall and ACC + FAR = detected/active, so F1 is 2·correct / (active + detected), the
 * harmonic mean of recall and precision, computed from the clip-averaged metrics.
 *
 * <p>Why not the smallest MDR + FAR: a wrong detection costs a miss and a false alarm, so whenever
 * fewer than half of a method's detections are correct (as for the classical baselines in
 * reverberant, noisy rooms) MDR + FAR is smallest when nothing is ever detected, an operating point
 * that says nothing about the method. F1 is 0 there. The clips must not be the test set.
 */
public final class ThresholdCalibration {
    /** The chosen threshold and ratio and the metrics they give on the calibration clips. */
    public record Result(double firstThreshold, double secondRatio, int clips, double mdr, double far, double mae,
                         double acc) {
        /** F1 = 2·ACC / (1 + ACC + FAR). */
        public double f1() {
            return 2 * acc / (1 + acc + far);
        }
    }

    private final double toleranceDeg;
    private final List<AzimuthEstimate[][]> peaks = new ArrayList<>();
    private final List<FrameLabels> labels = new ArrayList<>();

    public ThresholdCalibration() {
        this(LocalizationMetrics.DEFAULT_TOLERANCE_DEG);
    }

    public ThresholdCalibration(double toleranceDeg) {
        new LocalizationMetrics(toleranceDeg);
        this.toleranceDeg = toleranceDeg;
    }

    /**
     * Adds a clip: its undecided peaks ({@link BaselineLocalizer#peaks}) and its labels; the frames
     * both have are used (labels have ⌊n/1600⌋ frames, the spectra ⌊(⌊n/320⌋+1)/5⌋).
     */
    public void add(AzimuthEstimate[][] clipPeaks, FrameLabels clipLabels) {
        int n = Math.min(clipPeaks.length, clipLabels.frames());
        AzimuthEstimate[][] p = new AzimuthEstimate[n][];
        System.arraycopy(clipPeaks, 0, p, 0, n);
        peaks.add(p);
        labels.add(crop(clipLabels, n));
    }

    /** Clips added so far. */
    public int clips() {
        return peaks.size();
    }

    /** The best (threshold, ratio) over {@code grid} × {@code grid}. */
    public Result best(double[] grid) {
        if (peaks.isEmpty()) throw new IllegalStateException("no calibration clips added");
        if (grid.length == 0) throw new IllegalArgumentException("empty threshold grid");
        Result best = null;
        double bestF1 = Double.NEGATIVE_INFINITY;
        for (double first : grid) {
            for (double ratio : grid) {
                LocalizationMetrics m = evaluate(first, ratio);
                double f1 = f1(m);
                if (f1 > bestF1) {
                    bestF1 = f1;
                    best = new Result(first, ratio, m.clips(), m.mdr(), m.far(), m.mae(), m.acc());
                }
            }
        }
        return best;
    }

    /** F1 = 2·ACC / (1 + ACC + FAR) of clip-averaged metrics (0 when nothing is correct). */
    public static double f1(LocalizationMetrics m) {
        return 2 * m.acc() / (1 + m.acc() + m.far());
    }

    /** Metrics of the added clips under the given threshold and ratio. */
    public LocalizationMetrics evaluate(double first, double ratio) {
        LocalizationMetrics m = new LocalizationMetrics(toleranceDeg);
        for (int c = 0; c < peaks.size(); c++) {
            AzimuthEstimate[][] d = BaselineLocalizer.decide(peaks.get(c), first, ratio);
            double[][] az = new double[d.length][BaselineLocalizer.TRACKS];
            boolean[][] det = new boolean[d.length][BaselineLocalizer.TRACKS];
            for (int t = 0; t < d.length; t++) {
                for (int k = 0; k < BaselineLocalizer.TRACKS; k++) {
                    az[t][k] = d[t][k].azimuthDeg();
                    det[t][k] = d[t][k].detected();
                }
            }
            m.add(m.score(labels.get(c), az, det));
        }
        return m;
    }

    /** Values from {@code from} to {@code to} inclusive in steps of {@code step}. */
    public static double[] grid(double from, double to, double step) {
        if (!(step > 0) || !(to >= from)) throw new IllegalArgumentException("bad grid " + from + ".." + to + " step " + step);
        int n = (int) Math.floor((to - from) / step + 1e-9) + 1;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = Math.round((from + i * step) * 1e6) / 1e6;
        return g;
    }

    private static FrameLabels crop(FrameLabels l, int n) {
        double[][] az = new double[n][l.sources()], dist = new double[n][l.sources()];
        boolean[][] act = new boolean[n][l.sources()];
        for (int t = 0; t < n; t++) {
            for (int s = 0; s < l.sources(); s++) {
                az[t][s] = l.azimuthDeg(t, s);
                dist[t][s] = l.distanceM(t, s);
                act[t][s] = l.active(t, s);
            }
        }
        return new FrameLabels(az, dist, act);
    }
}
