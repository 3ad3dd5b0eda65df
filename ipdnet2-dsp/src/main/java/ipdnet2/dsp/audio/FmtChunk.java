package ipdnet2.dsp.audio;

import java.nio.ByteBuffer;

/**
 * The fields of a WAV file's fmt chunk that the readers use, as {@link WavReader} (files) and
 * {@link PcmStreamReader} (streams) both parse and check them.
 */
record FmtChunk(int tag, int channels, int sampleRate, int blockAlign, int bits) {
    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;

    /**
     * Reads the chunk's body ({@code f}, little-endian, at least its first 16 bytes, or 40 for
     * WAVE_FORMAT_EXTENSIBLE) of declared length {@code len}; {@code source} names the input in errors.
     */
    static FmtChunk parse(ByteBuffer f, long len, String source) throws AudioFileException {
        int tag = f.getShort(0) & 0xffff;
        if (tag == WAVE_FORMAT_EXTENSIBLE) {
            if (len < 40) throw new AudioFileException(source, "WAVE_FORMAT_EXTENSIBLE fmt chunk too short (" + len + " bytes)");
            // The sub-format GUID starts with the plain format tag.
            tag = f.getShort(24) & 0xffff;
        }
        return new FmtChunk(tag, f.getShort(2) & 0xffff, f.getInt(4), f.getShort(12) & 0xffff, f.getShort(14) & 0xffff);
    }

    /** The sample format, once the data chunk is reached: checks what the header declares. */
    SampleFormat check(String source) throws AudioFileException {
        SampleFormat format = WavReader.format(tag, bits, source);
        if (channels <= 0) throw new AudioFileException(source, "header declares " + channels + " channels");
        if (sampleRate <= 0) throw new AudioFileException(source, "header declares sample rate " + sampleRate);
        if (blockAlign != channels * format.bytes()) {
            throw new AudioFileException(source, "block align " + blockAlign + " does not match "
                    + channels + " channels of " + bits + " bits");
        }
        return format;
    }
}
