package ipdnet2.dsp.metrics;

import ipdnet2.dsp.label.FrameLabels;

import java.util.Arrays;
import java.util.Locale;

/**
 * How far the estimates are from the talkers, beyond the pass/fail of the metrics at a
 * tolerance: for every active talker in every frame, the circular azimuth error of the nearest
 * track (detected or not) and of the nearest detected estimate, gathered into bins. A model
 * whose tracks sit 6–10° off fails MDR at 5° as surely as one that points anywhere; this tells
 * the two apart (and shows how much the detection threshold costs).
 */
public final class NearestErrors {
    /** Upper bin edges in degrees; the last bin holds everything up to 180°. */
    public static final double[] EDGES = {1, 2, 5, 10, 20, 45, 90, 180};

    private final long[] any = new long[EDGES.length];
    private final long[] detected = new long[EDGES.length];
    private long talkers, withDetection;
    private double[] nearest = new double[64];

    /**
     * Adds a clip: {@code azimuthDeg[t][k]} and {@code detected[t][k]} the tracks' estimates of
     * frame t, scored on the frames both the estimates and the labels have.
     */
    public void add(FrameLabels labels, double[][] azimuthDeg, boolean[][] detected) {
        int frames = Math.min(labels.frames(), azimuthDeg.length);
        for (int t = 0; t < frames; t++) {
            for (int s = 0; s < labels.sources(); s++) {
                if (!labels.active(t, s)) continue;
                double best = Double.POSITIVE_INFINITY, bestDetected = Double.POSITIVE_INFINITY;
                for (int k = 0; k < azimuthDeg[t].length; k++) {
                    double e = LocalizationMetrics.circularErrorDeg(azimuthDeg[t][k], labels.azimuthDeg(t, s));
                    best = Math.min(best, e);
                    if (detected[t][k]) bestDetected = Math.min(bestDetected, e);
                }
                if (best == Double.POSITIVE_INFINITY) continue;
                if (talkers == nearest.length) nearest = Arrays.copyOf(nearest, nearest.length * 2);
                nearest[(int) talkers++] = best;
                any[bin(best)]++;
                if (bestDetected != Double.POSITIVE_INFINITY) {
                    withDetection++;
                    this.detected[bin(bestDetected)]++;
                }
            }
        }
    }

    private static int bin(double e) {
        for (int i = 0; i < EDGES.length - 1; i++) if (e < EDGES[i]) return i;
        return EDGES.length - 1;
    }

    /** Active talker-frames seen. */
    public long talkers() {
        return talkers;
    }

    /** Of those, the ones with a detected estimate. */
    public long withDetection() {
        return withDetection;
    }

    /** Share of talker-frames whose nearest track (detected or not) falls in bin i. */
    public double anyShare(int i) {
        return talkers == 0 ? Double.NaN : (double) any[i] / talkers;
    }

    /** Share of the talker-frames with a detection whose nearest detected estimate falls in bin i. */
    public double detectedShare(int i) {
        return withDetection == 0 ? Double.NaN : (double) detected[i] / withDetection;
    }

    /** Median error of the nearest track, in degrees (NaN with no talker). */
    public double medianNearestDeg() {
        if (talkers == 0) return Double.NaN;
        double[] v = Arrays.copyOf(nearest, (int) talkers);
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }

    /** Two lines: the bins of the nearest track and of the nearest detected estimate, in percent. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "nearest track to each active talker (%d talker-frames, median %.1f°):%n",
                talkers, medianNearestDeg()));
        appendBins(sb, true);
        sb.append(String.format(Locale.ROOT, "nearest detected estimate (%d of them, %.1f %%, have one):%n",
                withDetection, talkers == 0 ? Double.NaN : 100.0 * withDetection / talkers));
        appendBins(sb, false);
        return sb.toString();
    }

    private void appendBins(StringBuilder sb, boolean ofAny) {
        double lo = 0;
        for (int i = 0; i < EDGES.length; i++) {
            double share = ofAny ? anyShare(i) : detectedShare(i);
            sb.append(String.format(Locale.ROOT, "  %s%.0f-%.0f°: %.1f %%", i == 0 ? "" : " ", lo, EDGES[i], 100 * share));
            lo = EDGES[i];
        }
        sb.append(System.lineSeparator());
    }
}
