package ipdnet2.dsp.baseline;

/**
 * One peak of a classical spatial spectrum in one 100-ms output frame.
 *
 * @param azimuthDeg azimuth of the peak in degrees, [-180, 180), counter-clockwise from +x; NaN
 *                   when the spectrum has no such peak
 * @param power      the spectrum's normalised power at the peak (NaN when there is no peak)
 * @param detected   whether the peak counts as a source (its power above the method's threshold)
 */
public record AzimuthEstimate(double azimuthDeg, double power, boolean detected) {
    /** No peak: not detected. */
    static final AzimuthEstimate NONE = new AzimuthEstimate(Double.NaN, Double.NaN, false);
}
