package ipdnet2.dsp.baseline;

/**
 * The candidate azimuths of the classical baselines: every whole degree from -180° to 179°, the
 * grid of {@link ipdnet2.dsp.target.DoaTemplates#oneDegree}; azimuth counter-clockwise from the
 * array's +x axis.
 */
public final class AzimuthGrid {
    /** Number of candidates. */
    public static final int SIZE = 360;

    private AzimuthGrid() {}

    /** Azimuth of candidate i in degrees, i − 180. */
    public static double azimuthDeg(int i) {
        return i - 180;
    }

    /** Azimuth of candidate i in radians. */
    public static double azimuthRad(int i) {
        return Math.toRadians(i - 180);
    }

    /** Circular distance between candidates i and j, in grid steps (degrees), 0..180. */
    static int distance(int i, int j) {
        int d = Math.abs(i - j) % SIZE;
        return d > SIZE / 2 ? SIZE - d : d;
    }
}
