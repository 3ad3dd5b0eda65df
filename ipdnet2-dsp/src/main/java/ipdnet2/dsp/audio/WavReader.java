package ipdnet2.dsp.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads RIFF/WAVE files: integer PCM of 8, 16, 24 and 32 bits and IEEE float of 32 and 64 bits,
 * any channel count, plain or WAVE_FORMAT_EXTENSIBLE headers. A sample range is read by seeking,
 * without reading the rest of the file. Samples are scaled to full scale ±1 (integer PCM of b
 * bits divided by 2^(b-1)).
 */
public final class WavReader {
    private static final int WAVE_FORMAT_PCM = 1;
    private static final int WAVE_FORMAT_IEEE_FLOAT = 3;

    private WavReader() {
    }

    /** Reads the header only. */
    public static WavInfo info(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            return parseHeader(ch, file);
        }
    }

    /** Reads the whole file. */
    public static AudioData read(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            WavInfo info = parseHeader(ch, file);
            if (info.frames() > Integer.MAX_VALUE - 8) {
                throw new AudioFileException(file, "too long to read at once (" + info.frames() + " frames); read a range");
            }
            return readFrames(ch, file, info, 0, (int) info.frames());
        }
    }

    /**
     * Reads {@code count} frames starting at frame {@code start} (0-based), seeking straight to
     * them.
     */
    public static AudioData read(Path file, long start, int count) throws IOException {
        try (FileChannel ch = open(file)) {
            WavInfo info = parseHeader(ch, file);
            if (start < 0 || count < 0 || start + count > info.frames()) {
                throw new AudioFileException(file, "range [" + start + ", " + (start + count)
                        + ") is outside the file's " + info.frames() + " frames");
            }
            return readFrames(ch, file, info, start, count);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new AudioFileException(file, "no such file", e);
        }
    }

    static WavInfo parseHeader(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        ByteBuffer head = readAt(ch, 0, 12, file, "RIFF header");
        if (head.getInt(0) != fourcc("RIFF") || head.getInt(8) != fourcc("WAVE")) {
            throw new AudioFileException(file, "not a RIFF/WAVE file");
        }
        long pos = 12;
        String source = String.valueOf(file);
        FmtChunk fmt = null;
        while (pos + 8 <= size) {
            ByteBuffer chunk = readAt(ch, pos, 8, file, "chunk header");
            int id = chunk.getInt(0);
            long len = Integer.toUnsignedLong(chunk.getInt(4));
            long body = pos + 8;
            if (id == fourcc("fmt ")) {
                if (len < 16) throw new AudioFileException(file, "fmt chunk too short (" + len + " bytes)");
                fmt = FmtChunk.parse(readAt(ch, body, (int) Math.min(len, 40), file, "fmt chunk"), len, source);
            } else if (id == fourcc("data")) {
                if (fmt == null) throw new AudioFileException(file, "data chunk before fmt chunk");
                SampleFormat format = fmt.check(source);
                if (body + len > size) {
                    throw new AudioFileException(file, "truncated: data chunk declares " + len
                            + " bytes but only " + (size - body) + " remain");
                }
                return new WavInfo(fmt.sampleRate(), fmt.channels(), format, len / fmt.blockAlign(), body);
            }
            pos = body + len + (len & 1);
        }
        throw new AudioFileException(file, fmt == null ? "no fmt chunk" : "no data chunk");
    }

    /** The sample format of a WAV format tag and sample size; {@code source} names the input in errors. */
    static SampleFormat format(int tag, int bits, String source) throws AudioFileException {
        if (tag == WAVE_FORMAT_PCM) {
            switch (bits) {
                case 8: return SampleFormat.PCM8;
                case 16: return SampleFormat.PCM16;
                case 24: return SampleFormat.PCM24;
                case 32: return SampleFormat.PCM32;
                default: throw new AudioFileException(source, "unsupported PCM sample size " + bits + " bits");
            }
        }
        if (tag == WAVE_FORMAT_IEEE_FLOAT) {
            if (bits == 32) return SampleFormat.FLOAT32;
            if (bits == 64) return SampleFormat.FLOAT64;
            throw new AudioFileException(source, "unsupported float sample size " + bits + " bits");
        }
        throw new AudioFileException(source, String.format("unsupported WAV encoding (format tag 0x%04X)", tag));
    }

    private static AudioData readFrames(FileChannel ch, Path file, WavInfo info, long start, int count)
            throws IOException {
        int nc = info.channels();
        int block = info.blockAlign();
        float[][] out = new float[nc][count];
        int framesPerRead = Math.max(1, (1 << 20) / block);
        ByteBuffer buf = ByteBuffer.allocate(framesPerRead * block).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < count) {
            int n = Math.min(framesPerRead, count - done);
            buf.clear().limit(n * block);
            long pos = info.dataOffset() + (start + done) * block;
            while (buf.hasRemaining()) {
                int r = ch.read(buf, pos + buf.position());
                if (r < 0) throw new AudioFileException(file, "truncated: data ends early");
            }
            decode(buf, info.format(), nc, n, out, done);
            done += n;
        }
        return new AudioData(info.sampleRate(), out);
    }

    /** Decodes n interleaved frames of nc channels from the start of b into out[c][off..off+n). */
    static void decode(ByteBuffer b, SampleFormat fmt, int nc, int n, float[][] out, int off) {
        int p = 0;
        switch (fmt) {
            case PCM8:
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < nc; c++) out[c][off + i] = ((b.get(p++) & 0xff) - 128) / 128f;
                }
                break;
            case PCM16:
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < nc; c++, p += 2) out[c][off + i] = b.getShort(p) / 32768f;
                }
                break;
            case PCM24:
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < nc; c++, p += 3) {
                        int v = (b.get(p) & 0xff) | ((b.get(p + 1) & 0xff) << 8) | (b.get(p + 2) << 16);
                        out[c][off + i] = v / 8388608f;
                    }
                }
                break;
            case PCM32:
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < nc; c++, p += 4) out[c][off + i] = (float) (b.getInt(p) / 2147483648.0);
                }
                break;
            case FLOAT32:
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < nc; c++, p += 4) out[c][off + i] = b.getFloat(p);
                }
                break;
            case FLOAT64:
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < nc; c++, p += 8) out[c][off + i] = (float) b.getDouble(p);
                }
                break;
            default:
                throw new IllegalStateException(fmt.toString());
        }
    }

    private static ByteBuffer readAt(FileChannel ch, long pos, int len, Path file, String what) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) throw new AudioFileException(file, "truncated: file ends inside the " + what);
        }
        return b;
    }

    /** A RIFF four-character code as read little-endian from the file. */
    static int fourcc(String s) {
        return (s.charAt(0)) | (s.charAt(1) << 8) | (s.charAt(2) << 16) | (s.charAt(3) << 24);
    }
}
