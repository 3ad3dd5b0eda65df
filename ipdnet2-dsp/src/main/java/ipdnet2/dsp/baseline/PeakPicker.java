package ipdnet2.dsp.baseline;

/**
 * Picks up to two source directions from a spatial spectrum on {@link AzimuthGrid}: the highest
 * local maximum, then the highest local maximum at least {@code minSeparationDeg} away from it on
 * the circle (so a wide main lobe does not yield its own shoulder as the second source). Local
 * maxima are taken circularly, so a peak at ±180° is found like any other.
 */
public final class PeakPicker {
    /** Default least separation of the two peaks, degrees. */
    public static final int DEFAULT_MIN_SEPARATION_DEG = 20;

    private final int minSeparation;

    public PeakPicker() {
        this(DEFAULT_MIN_SEPARATION_DEG);
    }

    /** @param minSeparationDeg least circular distance between the two peaks, 1..180 degrees */
    public PeakPicker(int minSeparationDeg) {
        if (minSeparationDeg < 1 || minSeparationDeg > 180) {
            throw new IllegalArgumentException("peak separation must be 1..180 degrees, got " + minSeparationDeg);
        }
        this.minSeparation = minSeparationDeg;
    }

    /**
     * Grid indices of the first and second peak of {@code spectrum} ({@link AzimuthGrid#SIZE}
     * values); −1 where there is none (a constant spectrum has no peak).
     */
    public int[] peaks(float[] spectrum) {
        if (spectrum.length != AzimuthGrid.SIZE) {
            throw new IllegalArgumentException("a spectrum has " + AzimuthGrid.SIZE + " values, got " + spectrum.length);
        }
        int first = -1, second = -1;
        int n = AzimuthGrid.SIZE;
        for (int i = 0; i < n; i++) {
            if (isPeak(spectrum, i) && (first < 0 || spectrum[i] > spectrum[first])) first = i;
        }
        if (first < 0) return new int[] {-1, -1};
        for (int i = 0; i < n; i++) {
            if (AzimuthGrid.distance(i, first) >= minSeparation && isPeak(spectrum, i)
                    && (second < 0 || spectrum[i] > spectrum[second])) {
                second = i;
            }
        }
        return new int[] {first, second};
    }

    /**
     * Whether i is a local maximum: above its left neighbour and not below its right one (a flat
     * top of equal values counts once, at its left end).
     */
    private static boolean isPeak(float[] s, int i) {
        int n = s.length;
        float left = s[(i + n - 1) % n], right = s[(i + 1) % n];
        return s[i] > left && s[i] >= right;
    }
}
