package ipdnet2.dsp.audio;

/**
 * A multichannel signal: sample rate in Hz and one array of samples per channel, full scale ±1.
 *
 * @param sampleRate samples per second, positive
 * @param channels   {@code channels[c][i]} is sample i of channel c; all channels equally long
 */
public record AudioData(int sampleRate, float[][] channels) {
    public AudioData {
        if (sampleRate <= 0) throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        if (channels == null || channels.length == 0) throw new IllegalArgumentException("audio needs at least one channel");
        for (int c = 1; c < channels.length; c++) {
            if (channels[c].length != channels[0].length) {
                throw new IllegalArgumentException("channel " + c + " has " + channels[c].length
                        + " samples, channel 0 has " + channels[0].length);
            }
        }
    }

    /** Number of channels. */
    public int channelCount() {
        return channels.length;
    }

    /** Number of samples per channel. */
    public int frames() {
        return channels[0].length;
    }

    /** Duration in seconds. */
    public double seconds() {
        return frames() / (double) sampleRate;
    }
}
