package ipdnet2.dsp.audio;

/**
 * What a WAV file's header says: sample rate, channel count, sample format, number of frames
 * (samples per channel) and where the sample data starts.
 */
public record WavInfo(int sampleRate, int channels, SampleFormat format, long frames, long dataOffset) {
    /** Bytes of one frame (one sample of every channel). */
    public int blockAlign() {
        return channels * format.bytes();
    }
}
