package ipdnet2.dsp.audio;

/**
 * The two checks every reader of samples from outside makes before using them: a NaN or infinite
 * value (a float file may hold one) turns every result computed from it into NaN, and an all-zero
 * signal is most likely a broken file rather than audio.
 */
public final class SampleChecks {
    private SampleChecks() {
    }

    /** Index of the first NaN or infinite value of {@code x}, or −1 if all are finite. */
    public static int firstNonFinite(float[] x) {
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) return i;
        }
        return -1;
    }

    /** True when every value of every channel is zero (also for no samples at all). */
    public static boolean allZero(float[]... channels) {
        for (float[] x : channels) {
            for (float v : x) {
                if (v != 0) return false;
            }
        }
        return true;
    }
}
