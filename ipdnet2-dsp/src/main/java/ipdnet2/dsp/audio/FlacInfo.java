package ipdnet2.dsp.audio;

/**
 * What a FLAC file's STREAMINFO block says.
 *
 * @param totalSamples samples per channel, 0 if the encoder did not know
 */
public record FlacInfo(int sampleRate, int channels, int bitsPerSample, long totalSamples,
                       int minBlockSize, int maxBlockSize) {
}
