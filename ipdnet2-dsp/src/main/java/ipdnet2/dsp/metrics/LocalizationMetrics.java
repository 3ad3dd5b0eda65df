package ipdnet2.dsp.metrics;

import ipdnet2.dsp.decode.DoaEstimate;
import ipdnet2.dsp.label.FrameLabels;

/**
 * Localisation metrics of ARCHITECTURE.md §4, accumulated clip by clip: in every frame with at
 * least one active source, detected estimates are assigned to active sources by the Hungarian
 * method on circular azimuth error, pairs further apart than the tolerance (5° by default) being
 * forbidden, so the assignment maximises the number of correct pairs and then minimises their
 * total error. MDR, FAR, ACC, MAE and RMSE are computed per clip and averaged over clips.
 */
public final class LocalizationMetrics {
    /** Default tolerance in degrees. */
    public static final double DEFAULT_TOLERANCE_DEG = 5.0;

    private final double toleranceDeg;
    private int clips;
    private double sumMdr;
    private double sumFar;
    private double sumAcc;
    private double sumMae;
    private double sumRmse;
    private int clipsWithCorrect;

    public LocalizationMetrics() {
        this(DEFAULT_TOLERANCE_DEG);
    }

    public LocalizationMetrics(double toleranceDeg) {
        if (!(toleranceDeg > 0)) throw new IllegalArgumentException("tolerance must be positive, got " + toleranceDeg);
        this.toleranceDeg = toleranceDeg;
    }

    /** Absolute azimuth difference on the circle, in [0, 180] degrees. */
    public static double circularErrorDeg(double a, double b) {
        double d = Math.abs(a - b) % 360.0;
        return d > 180.0 ? 360.0 - d : d;
    }

    /**
     * Scores one clip. {@code azimuthDeg[t][k]} and {@code detected[t][k]} are the estimates of
     * track k in frame t; the frame count must equal the labels'.
     */
    public ClipScore score(FrameLabels labels, double[][] azimuthDeg, boolean[][] detected) {
        if (azimuthDeg.length != labels.frames() || detected.length != labels.frames()) {
            throw new IllegalArgumentException("estimates have " + azimuthDeg.length + " frames, labels have " + labels.frames());
        }
        int frames = 0, active = 0, det = 0, correct = 0;
        double sumErr = 0, sumSq = 0;
        for (int t = 0; t < labels.frames(); t++) {
            int na = 0;
            for (int s = 0; s < labels.sources(); s++) if (labels.active(t, s)) na++;
            if (na == 0) continue;
            frames++;
            double[] src = new double[na];
            int i = 0;
            for (int s = 0; s < labels.sources(); s++) if (labels.active(t, s)) src[i++] = labels.azimuthDeg(t, s);
            int nd = 0;
            for (boolean d : detected[t]) if (d) nd++;
            double[] est = new double[nd];
            int j = 0;
            for (int k = 0; k < detected[t].length; k++) if (detected[t][k]) est[j++] = azimuthDeg[t][k];
            active += na;
            det += nd;
            if (nd == 0) continue;
            // square cost matrix: forbidden and padding cells cost more than any set of allowed pairs
            int n = Math.max(na, nd);
            double forbidden = 1e6 + 1000.0 * n * toleranceDeg;
            double[][] cost = new double[n][n];
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double e = a < na && b < nd ? circularErrorDeg(src[a], est[b]) : Double.POSITIVE_INFINITY;
                    cost[a][b] = e <= toleranceDeg ? e : forbidden;
                }
            }
            int[] assign = Hungarian.solve(cost);
            for (int a = 0; a < na; a++) {
                int b = assign[a];
                if (b < nd) {
                    double e = circularErrorDeg(src[a], est[b]);
                    if (e <= toleranceDeg) {
                        correct++;
                        sumErr += e;
                        sumSq += e * e;
                    }
                }
            }
        }
        return new ClipScore(frames, active, det, correct, sumErr, sumSq);
    }

    /** Scores one clip from decoded estimates [T][K]. */
    public ClipScore score(FrameLabels labels, DoaEstimate[][] estimates) {
        double[][] az = new double[estimates.length][];
        boolean[][] det = new boolean[estimates.length][];
        for (int t = 0; t < estimates.length; t++) {
            az[t] = new double[estimates[t].length];
            det[t] = new boolean[estimates[t].length];
            for (int k = 0; k < estimates[t].length; k++) {
                az[t][k] = estimates[t][k].azimuthDeg();
                det[t][k] = estimates[t][k].detected();
            }
        }
        return score(labels, az, det);
    }

    /**
     * Adds a clip's score to the averages; a clip with no active source is ignored, and one with
     * no correct estimate does not enter the MAE/RMSE averages.
     */
    public void add(ClipScore s) {
        if (s.active() == 0) return;
        clips++;
        sumMdr += s.mdr();
        sumFar += s.far();
        sumAcc += s.acc();
        if (s.correct() > 0) {
            clipsWithCorrect++;
            sumMae += s.mae();
            sumRmse += s.rmse();
        }
    }

    /** Scores a clip and adds it; returns its score. */
    public ClipScore add(FrameLabels labels, DoaEstimate[][] estimates) {
        ClipScore s = score(labels, estimates);
        add(s);
        return s;
    }

    /** Clips averaged so far. */
    public int clips() {
        return clips;
    }

    /** Mean over clips of the miss detection rate. */
    public double mdr() {
        return clips == 0 ? Double.NaN : sumMdr / clips;
    }

    /** Mean over clips of the false alarm rate. */
    public double far() {
        return clips == 0 ? Double.NaN : sumFar / clips;
    }

    /** Mean over clips of the accuracy. */
    public double acc() {
        return clips == 0 ? Double.NaN : sumAcc / clips;
    }

    /** Mean over clips (with a correct estimate) of the mean absolute error, degrees. */
    public double mae() {
        return clipsWithCorrect == 0 ? Double.NaN : sumMae / clipsWithCorrect;
    }

    /** Mean over clips (with a correct estimate) of the RMS error, degrees. */
    public double rmse() {
        return clipsWithCorrect == 0 ? Double.NaN : sumRmse / clipsWithCorrect;
    }

    @Override
    public String toString() {
        return String.format("clips %d  MDR %.4f  FAR %.4f  ACC %.4f  MAE %.3f deg  RMSE %.3f deg",
                clips, mdr(), far(), acc(), mae(), rmse());
    }
}
