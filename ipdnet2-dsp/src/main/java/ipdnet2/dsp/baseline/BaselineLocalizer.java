package ipdnet2.dsp.baseline;

import ipdnet2.dsp.array.ArrayGeometry;

/**
 * A classical localiser of up to two talkers per 100-ms output frame: a {@link SpatialSpectrum},
 * the two peaks of {@link PeakPicker}, and a detection decision per peak. The first peak is
 * detected when its normalised power exceeds {@code firstThreshold}; the second when the first is
 * detected and its own power exceeds {@code secondThreshold}. Frames of digital silence (spectrum
 * all zero) never detect. The result has the shape of the network's: per frame two tracks, each an
 * azimuth with a detection flag, so both are scored by the same metrics.
 *
 * <p>Default thresholds come from a seeded calibration on a simulated set that is not the test set
 * (see {@link #srpPhat} and {@link #music} for the values and how they were obtained).
 */
public final class BaselineLocalizer {
    /**
     * SRP-PHAT thresholds on the normalised power, chosen by {@link ThresholdCalibration} (largest
     * F1 of clip-averaged ACC and FAR) on 100 clips written by
     * {@code simulate-set --clips 100 --seed 3003 --speech-dir <training speech bank>}.
     */
    public static final double SRP_FIRST_THRESHOLD = 0.10;
    public static final double SRP_SECOND_THRESHOLD = 0.10;
    /** MUSIC thresholds, from the same calibration. */
    public static final double MUSIC_FIRST_THRESHOLD = 0.50;
    public static final double MUSIC_SECOND_THRESHOLD = 0.50;

    /** Tracks per frame, as the published networks (K = 2). */
    public static final int TRACKS = 2;

    private final SpatialSpectrum method;
    private final PeakPicker picker;
    private final double firstThreshold;
    private final double secondThreshold;

    public BaselineLocalizer(SpatialSpectrum method, PeakPicker picker, double firstThreshold, double secondThreshold) {
        if (!Double.isFinite(firstThreshold) || !Double.isFinite(secondThreshold)) {
            throw new IllegalArgumentException("thresholds must be finite, got " + firstThreshold + " and " + secondThreshold);
        }
        this.method = method;
        this.picker = picker;
        this.firstThreshold = firstThreshold;
        this.secondThreshold = secondThreshold;
    }

    /** SRP-PHAT ({@link SrpPhat#DEFAULT_SMOOTHING}) with the calibrated thresholds. */
    public static BaselineLocalizer srpPhat(ArrayGeometry geometry) {
        return new BaselineLocalizer(new SrpPhat(geometry), new PeakPicker(), SRP_FIRST_THRESHOLD, SRP_SECOND_THRESHOLD);
    }

    /** MUSIC ({@link Music}) with the calibrated thresholds. */
    public static BaselineLocalizer music(ArrayGeometry geometry) {
        return new BaselineLocalizer(new Music(geometry), new PeakPicker(), MUSIC_FIRST_THRESHOLD, MUSIC_SECOND_THRESHOLD);
    }

    /** The same method and peak picking with other thresholds. */
    public BaselineLocalizer withThresholds(double first, double second) {
        return new BaselineLocalizer(method, picker, first, second);
    }

    public SpatialSpectrum method() {
        return method;
    }

    public double firstThreshold() {
        return firstThreshold;
    }

    public double secondThreshold() {
        return secondThreshold;
    }

    /**
     * Localises a recording at 16 kHz (channels in the array's mic order).
     *
     * @return {@code [outputFrames][TRACKS]}: track 0 the highest peak, track 1 the second
     */
    public AzimuthEstimate[][] localize(float[][] channels) {
        return decide(peaks(method.spectra(channels)));
    }

    /** The two peaks of every frame's spectrum, none detected yet (for calibration). */
    public AzimuthEstimate[][] peaks(float[][] spectra) {
        AzimuthEstimate[][] out = new AzimuthEstimate[spectra.length][TRACKS];
        for (int j = 0; j < spectra.length; j++) {
            int[] p = picker.peaks(spectra[j]);
            for (int k = 0; k < TRACKS; k++) {
                out[j][k] = p[k] < 0 ? AzimuthEstimate.NONE
                        : new AzimuthEstimate(AzimuthGrid.azimuthDeg(p[k]), spectra[j][p[k]], false);
            }
        }
        return out;
    }

    /** Applies this localiser's thresholds to undecided peaks ({@link #peaks}). */
    public AzimuthEstimate[][] decide(AzimuthEstimate[][] peaks) {
        return decide(peaks, firstThreshold, secondThreshold);
    }

    static AzimuthEstimate[][] decide(AzimuthEstimate[][] peaks, double first, double second) {
        AzimuthEstimate[][] out = new AzimuthEstimate[peaks.length][];
        for (int j = 0; j < peaks.length; j++) {
            AzimuthEstimate a = peaks[j][0], b = peaks[j][1];
            boolean da = a.power() > first;
            boolean db = da && b.power() > second;
            out[j] = new AzimuthEstimate[] {new AzimuthEstimate(a.azimuthDeg(), a.power(), da),
                    new AzimuthEstimate(b.azimuthDeg(), b.power(), db)};
        }
        return out;
    }
}
