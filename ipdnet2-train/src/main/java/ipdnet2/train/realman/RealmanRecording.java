package ipdnet2.train.realman;

import java.nio.file.Path;

/**
 * One single-source RealMAN recording: its per-channel files {@code dir/STEM_CH{n}.flac}, the
 * direct-path file, the scene and speaker it belongs to, and its location annotation: one value
 * for a static source, a 10-Hz series for a moving one (azimuth in degrees, distance in metres).
 */
public record RealmanRecording(Path dir, String stem, Path directPath, String scene, String speaker,
                               boolean moving, double[] azimuthDeg, double[] distanceM) {
    /** Annotation rate of moving sources. */
    public static final double LABEL_RATE_HZ = 10;

    /** Azimuth at {@code seconds} from the start of the recording (last value beyond the series). */
    public double azimuthAt(double seconds) {
        return at(azimuthDeg, seconds);
    }

    public double distanceAt(double seconds) {
        return at(distanceM, seconds);
    }

    private static double at(double[] series, double seconds) {
        if (series.length == 1) return series[0];
        int i = (int) Math.floor(seconds * LABEL_RATE_HZ);
        return series[Math.max(0, Math.min(series.length - 1, i))];
    }
}
