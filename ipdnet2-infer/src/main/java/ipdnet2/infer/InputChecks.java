package ipdnet2.infer;

/** Checks of the audio handed to the localiser, with messages naming channel and sample. */
final class InputChecks {
    private InputChecks() {}

    /** Channel count equal to the model's, equal lengths, no NaN or infinite sample. */
    static void checkChannels(float[][] channels, int mics) {
        checkChunk(channels, 0, firstLength(channels), mics, 0);
    }

    /** Length of channel 0, or 0 when there is none (the checks then report what is missing). */
    static int firstLength(float[][] channels) {
        return channels == null || channels.length == 0 || channels[0] == null ? 0 : channels[0].length;
    }

    /**
     * As {@link #checkChannels} for samples [off, off+len) of every channel; {@code position} is the
     * stream position of sample {@code off}, for the message.
     */
    static void checkChunk(float[][] channels, int off, int len, int mics, long position) {
        if (channels == null || channels.length == 0) throw new IllegalArgumentException("no audio channels given");
        if (channels.length != mics) {
            throw new IllegalArgumentException("the audio has " + channels.length + " channels but the model expects "
                    + mics + " (select them with --channels, e.g. 1,3,5,7,0 for a RealMAN 32-channel recording)");
        }
        for (int m = 0; m < mics; m++) {
            float[] c = channels[m];
            if (c == null) throw new IllegalArgumentException("channel " + m + " is missing");
            if (off < 0 || len < 0 || off + len > c.length) {
                throw new IllegalArgumentException("channel " + m + " has " + c.length + " samples, fewer than "
                        + (off + len) + " requested");
            }
        }
        int n0 = channels[0].length;
        for (int m = 0; m < mics; m++) {
            float[] c = channels[m];
            if (off == 0 && len == n0 && c.length != n0) {
                throw new IllegalArgumentException("channel " + m + " has " + c.length + " samples, channel 0 has " + n0);
            }
            for (int i = off; i < off + len; i++) {
                float v = c[i];
                if (Float.isNaN(v) || Float.isInfinite(v)) {
                    throw new IllegalArgumentException("channel " + m + ", sample " + (position + i - off) + " is "
                            + v + ": the audio must be finite");
                }
            }
        }
    }
}
