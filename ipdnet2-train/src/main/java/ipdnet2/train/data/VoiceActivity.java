package ipdnet2.train.data;

/**
 * Per-100-ms voice activity of one source from its direct-path signal (ARCHITECTURE.md §5): a
 * frame is active when its energy is non-zero and within {@code thresholdDb} of the source's
 * loudest frame in the clip (the rule the room simulation uses as well).
 */
public final class VoiceActivity {
    /** Default threshold below the loudest frame, dB. */
    public static final double DEFAULT_THRESHOLD_DB = 25;

    private VoiceActivity() {
    }

    /** Activity of {@code frames} frames of {@code block} samples each of {@code direct}. */
    public static boolean[] of(float[] direct, int block, int frames, double thresholdDb) {
        double[] energy = new double[frames];
        double peak = 0;
        for (int f = 0; f < frames; f++) {
            double e = 0;
            int end = Math.min(direct.length, (f + 1) * block);
            for (int i = f * block; i < end; i++) e += (double) direct[i] * direct[i];
            energy[f] = e;
            peak = Math.max(peak, e);
        }
        double floor = peak * Math.pow(10, -thresholdDb / 10);
        boolean[] active = new boolean[frames];
        for (int f = 0; f < frames; f++) active[f] = energy[f] > 0 && energy[f] >= floor;
        return active;
    }
}
