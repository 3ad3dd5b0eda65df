package ipdnet2.dsp.sim;

/**
 * A source path in polar coordinates about the array centre: distance, azimuth (degrees,
 * counter-clockwise from the array's +x axis) and elevation (degrees above the array plane), each
 * moving linearly in time from its start to its end value over the clip; azimuth takes the
 * shorter way round. A static source has equal start and end.
 */
public record Trajectory(double startDistanceM, double startAzimuthDeg, double startElevationDeg,
                         double endDistanceM, double endAzimuthDeg, double endElevationDeg,
                         double durationS) {
    public Trajectory {
        if (!(startDistanceM > 0 && endDistanceM > 0)) throw new IllegalArgumentException("distances must be positive");
        if (!(durationS > 0)) throw new IllegalArgumentException("duration must be positive, got " + durationS);
    }

    /** A source that stays at one place. */
    public static Trajectory fixed(double distanceM, double azimuthDeg, double elevationDeg, double durationS) {
        return new Trajectory(distanceM, azimuthDeg, elevationDeg, distanceM, azimuthDeg, elevationDeg, durationS);
    }

    public boolean moving() {
        return startDistanceM != endDistanceM || startAzimuthDeg != endAzimuthDeg
                || startElevationDeg != endElevationDeg;
    }

    /** {distance, azimuth in [−180, 180), elevation} at time {@code t} seconds (clamped to the clip). */
    public double[] polarAt(double t) {
        double u = Math.max(0, Math.min(1, t / durationS));
        double turn = wrap(endAzimuthDeg - startAzimuthDeg);
        return new double[] {startDistanceM + u * (endDistanceM - startDistanceM),
                wrap(startAzimuthDeg + u * turn),
                startElevationDeg + u * (endElevationDeg - startElevationDeg)};
    }

    /** Angle in degrees wrapped to [−180, 180). */
    public static double wrap(double deg) {
        double w = deg - 360 * Math.floor((deg + 180) / 360);
        return w >= 180 ? w - 360 : w;
    }
}
