package ipdnet2.dsp.sim;

/**
 * Ranges from which {@link SceneSampler} draws scenes. Defaults: 4-s clips at 16 kHz; rooms
 * 3–10 × 3–8 × 2.5–4 m; RT60 0.2–1.3 s; array centre ≥ 0.5 m from the walls at height 0.8–1.8 m;
 * talkers 0.5–3 m from the array at ±5° elevation, ≥ 0.3 m from the walls, ≥ 10° apart in
 * azimuth; one talker only in 30 % of clips, the four two-talker overlap patterns in equal shares;
 * moving talkers in 50 % of clips (turning 20–90° and changing distance by up to ±1 m over the
 * clip); SNR −5–15 dB (§5).
 */
public record SceneConfig(double seconds, int sampleRate,
                          double minRt60, double maxRt60, double minSnrDb, double maxSnrDb,
                          double movingShare, double singleShare,
                          double[] roomMin, double[] roomMax,
                          double minDistanceM, double maxDistanceM, double maxElevationDeg,
                          double arrayWallMarginM, double sourceWallMarginM, double minSeparationDeg) {
    public SceneConfig {
        check(seconds > 0 && seconds <= 600, "seconds must be in (0, 600], got " + seconds);
        check(sampleRate >= 8000, "sample rate must be at least 8000 Hz, got " + sampleRate);
        check(minRt60 > 0 && maxRt60 >= minRt60 && maxRt60 <= 10, "RT60 range must satisfy 0 < min <= max <= 10 s, got "
                + minRt60 + ":" + maxRt60);
        check(Double.isFinite(minSnrDb) && maxSnrDb >= minSnrDb && Double.isFinite(maxSnrDb),
                "SNR range must be finite with min <= max, got " + minSnrDb + ":" + maxSnrDb);
        check(movingShare >= 0 && movingShare <= 1, "moving share must be in [0, 1], got " + movingShare);
        check(singleShare >= 0 && singleShare <= 1, "single-source share must be in [0, 1], got " + singleShare);
        check(minDistanceM > 0 && maxDistanceM >= minDistanceM, "distance range must satisfy 0 < min <= max");
        roomMin = roomMin.clone();
        roomMax = roomMax.clone();
    }

    /** The defaults listed above. */
    public static SceneConfig defaults() {
        return new SceneConfig(4, RoomAcoustics.DEFAULT_SAMPLE_RATE, 0.2, 1.3, -5, 15, 0.5, 0.3,
                new double[] {3, 3, 2.5}, new double[] {10, 8, 4}, 0.5, 3, 5, 0.5, 0.3, 10);
    }

    public SceneConfig withSeconds(double s) {
        return new SceneConfig(s, sampleRate, minRt60, maxRt60, minSnrDb, maxSnrDb, movingShare, singleShare,
                roomMin, roomMax, minDistanceM, maxDistanceM, maxElevationDeg, arrayWallMarginM,
                sourceWallMarginM, minSeparationDeg);
    }

    public SceneConfig withRt60(double min, double max) {
        return new SceneConfig(seconds, sampleRate, min, max, minSnrDb, maxSnrDb, movingShare, singleShare,
                roomMin, roomMax, minDistanceM, maxDistanceM, maxElevationDeg, arrayWallMarginM,
                sourceWallMarginM, minSeparationDeg);
    }

    public SceneConfig withSnr(double min, double max) {
        return new SceneConfig(seconds, sampleRate, minRt60, maxRt60, min, max, movingShare, singleShare,
                roomMin, roomMax, minDistanceM, maxDistanceM, maxElevationDeg, arrayWallMarginM,
                sourceWallMarginM, minSeparationDeg);
    }

    public SceneConfig withMovingShare(double share) {
        return new SceneConfig(seconds, sampleRate, minRt60, maxRt60, minSnrDb, maxSnrDb, share, singleShare,
                roomMin, roomMax, minDistanceM, maxDistanceM, maxElevationDeg, arrayWallMarginM,
                sourceWallMarginM, minSeparationDeg);
    }

    public SceneConfig withSingleShare(double share) {
        return new SceneConfig(seconds, sampleRate, minRt60, maxRt60, minSnrDb, maxSnrDb, movingShare, share,
                roomMin, roomMax, minDistanceM, maxDistanceM, maxElevationDeg, arrayWallMarginM,
                sourceWallMarginM, minSeparationDeg);
    }

    @Override
    public double[] roomMin() {
        return roomMin.clone();
    }

    @Override
    public double[] roomMax() {
        return roomMax.clone();
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
