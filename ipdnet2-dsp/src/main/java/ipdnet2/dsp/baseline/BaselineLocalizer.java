package ipdnet2.dsp.baseline;

import ipdnet2.dsp.array.ArrayGeometry;

/**
 * A classical localiser of up to two talkers per 100-ms output frame: a {@link SpatialSpectrum},
 * the two peaks of {@link PeakPicker}, and a detection decision per peak. The first peak is
 * detected when its normalised power exceeds {@code firstThreshold}; the second when the first is
 * detected, its own power also exceeds {@code firstThreshold}, and it is at least
 * {@code secondRatio} times the first peak's power. The ratio matters because this small array's
 * spatial spectra have strong side lobes (for one talker at θ the RealMAN 5-mic cross shows a lobe
 * of about 0.4 times the main peak at the mirror azimuth −θ): an absolute threshold on the second
 * peak cannot separate a second talker from the first one's side lobe. Frames of digital silence (spectrum
 * all zero) never detect. The result has the shape of the network's: per frame two tracks, each an
 * azimuth with a detection flag, so both are scored by the same metrics.
 *
 * <p>Default thresholds come from a seeded calibration on a simulated set that is not the test set
 * (see {@link #srpPhat} and {@link #music} for the values and how they were obtained).
 */
public final class BaselineLocalizer {
    /**
     * SRP-PHAT detection threshold and second-peak ratio, chosen by {@link ThresholdCalibration}
     * (largest F1 of clip-averaged ACC and FAR over a 0.01 grid, 5° tolerance) on 100 clips written
     * by {@code simulate-set --clips 100 --seed 3003 --speech-dir <training speech bank>} (not the
     * test set), with {@code evaluate CALIB_DIR --method srp-phat --calibrate}: F1 0.289, ACC 25.7 %,
     * FAR 52.2 %. The ratio near 1 means a second talker is almost never reported: on these rooms
     * SRP-PHAT's second peak is far more often a side lobe or reflection than a talker. The
     * smoothing constant 0.5 was chosen on the same set among 0, 0.5 and 0.8 (F1 0.242, 0.289, 0.281
     * with thresholds then calibrated on the absolute second-peak power).
     */
    public static final double SRP_FIRST_THRESHOLD = 0.22;
    public static final double SRP_SECOND_RATIO = 0.98;
    /**
     * MUSIC detection threshold and second-peak ratio, from the same calibration with
     * {@code --method music} (smoothing 0.5, as SRP-PHAT): F1 0.335, ACC 28.1 %, FAR 40.0 %.
     */
    public static final double MUSIC_FIRST_THRESHOLD = 0.66;
    public static final double MUSIC_SECOND_RATIO = 0.98;

    /** Tracks per frame, as the published networks (K = 2). */
    public static final int TRACKS = 2;

    private final SpatialSpectrum method;
    private final PeakPicker picker;
    private final double firstThreshold;
    private final double secondRatio;

    public BaselineLocalizer(SpatialSpectrum method, PeakPicker picker, double firstThreshold, double secondRatio) {
        if (!Double.isFinite(firstThreshold) || !Double.isFinite(secondRatio)) {
            throw new IllegalArgumentException("threshold and ratio must be finite, got " + firstThreshold + " and " + secondRatio);
        }
        this.method = method;
        this.picker = picker;
        this.firstThreshold = firstThreshold;
        this.secondRatio = secondRatio;
    }

    /** SRP-PHAT ({@link SrpPhat#DEFAULT_SMOOTHING}) with the calibrated thresholds. */
    public static BaselineLocalizer srpPhat(ArrayGeometry geometry) {
        return new BaselineLocalizer(new SrpPhat(geometry), new PeakPicker(), SRP_FIRST_THRESHOLD, SRP_SECOND_RATIO);
    }

    /** MUSIC ({@link Music}) with the calibrated thresholds. */
    public static BaselineLocalizer music(ArrayGeometry geometry) {
        return new BaselineLocalizer(new Music(geometry), new PeakPicker(), MUSIC_FIRST_THRESHOLD, MUSIC_SECOND_RATIO);
    }

    /** The same method and peak picking with another threshold and ratio. */
    public BaselineLocalizer withThresholds(double first, double ratio) {
        return new BaselineLocalizer(method, picker, first, ratio);
    }

    public SpatialSpectrum method() {
        return method;
    }

    public double firstThreshold() {
        return firstThreshold;
    }

    public double secondRatio() {
        return secondRatio;
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
        return decide(peaks, firstThreshold, secondRatio);
    }

    static AzimuthEstimate[][] decide(AzimuthEstimate[][] peaks, double first, double ratio) {
        AzimuthEstimate[][] out = new AzimuthEstimate[peaks.length][];
        for (int j = 0; j < peaks.length; j++) {
            AzimuthEstimate a = peaks[j][0], b = peaks[j][1];
            boolean da = a.power() > first;
            boolean db = da && b.power() > first && b.power() >= ratio * a.power();
            out[j] = new AzimuthEstimate[] {new AzimuthEstimate(a.azimuthDeg(), a.power(), da),
                    new AzimuthEstimate(b.azimuthDeg(), b.power(), db)};
        }
        return out;
    }
}
