package ipdnet2.dsp.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads audio from a byte stream that cannot seek (standard input, a named pipe, a socket) as it
 * arrives: a WAV stream, whose header comes first and whose length may be unknown, or headerless
 * interleaved little-endian samples. {@link #read} hands out whole frames (one sample of every
 * channel) as soon as at least one has arrived, so a live source is processed with no more delay
 * than its own writes add.
 *
 * <p>A WAV stream written to a pipe cannot go back to fill in its lengths, so recorders write a
 * placeholder there (0, or a value near 2^31 or 2^32). A data length of 0 or of at least
 * {@value #UNKNOWN_FROM} bytes is therefore read as "until the stream ends"; any other is obeyed,
 * and what follows the data chunk is not read. Samples are scaled as {@link WavReader} scales them.
 */
public final class PcmStreamReader {
    /** Data lengths from here on are placeholders of an unknown length (about 2^31 − 4096). */
    static final long UNKNOWN_FROM = 0x7FFFF000L;
    private static final int RIFF = WavReader.fourcc("RIFF"), WAVE = WavReader.fourcc("WAVE");
    private static final int FMT = WavReader.fourcc("fmt "), DATA = WavReader.fourcc("data");

    private final InputStream in;
    private final String name;
    private final SampleFormat format;
    private final int channels, sampleRate, frameBytes;
    /** Bytes of sample data still to read, or −1 when the stream runs until its end. */
    private long remaining;
    private byte[] bytes = new byte[0];
    /** Bytes of an incomplete frame at the start of {@link #bytes}, carried to the next read. */
    private int held;
    private int incompleteTail;
    private boolean ended;

    private PcmStreamReader(InputStream in, String name, SampleFormat format, int channels, int sampleRate,
                            long dataBytes) {
        this.in = in;
        this.name = name;
        this.format = format;
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.frameBytes = channels * format.bytes();
        this.remaining = dataBytes;
    }

    /**
     * A WAV stream: reads its header up to the start of the samples (plain and
     * WAVE_FORMAT_EXTENSIBLE headers, integer PCM of 8 to 32 bits, float of 32 or 64).
     *
     * @param name what the stream is called in error messages (e.g. "standard input")
     */
    public static PcmStreamReader wav(InputStream in, String name) throws IOException {
        ByteBuffer head = readFully(in, 12, name, "the RIFF header");
        if (head.getInt(0) != RIFF || head.getInt(8) != WAVE) {
            throw new AudioFileException(name, "not a WAV stream (no RIFF/WAVE header); for headerless samples use --raw");
        }
        FmtChunk fmt = null;
        while (true) {
            ByteBuffer chunk = readFully(in, 8, name, "a chunk header");
            int id = chunk.getInt(0);
            long len = Integer.toUnsignedLong(chunk.getInt(4));
            if (id == DATA) {
                if (fmt == null) throw new AudioFileException(name, "data chunk before fmt chunk");
                SampleFormat format = fmt.check(name);
                long data = len == 0 || len >= UNKNOWN_FROM ? -1 : len;
                return new PcmStreamReader(in, name, format, fmt.channels(), fmt.sampleRate(), data);
            }
            if (id == FMT) {
                if (len < 16 || len > 1024) throw new AudioFileException(name, "fmt chunk of " + len + " bytes");
                fmt = FmtChunk.parse(readFully(in, (int) (len + (len & 1)), name, "the fmt chunk"), len, name);
            } else {
                skipFully(in, len + (len & 1), name);
            }
        }
    }

    /** Headerless interleaved little-endian samples of a known format, channel count and rate. */
    public static PcmStreamReader raw(InputStream in, String name, SampleFormat format, int channels, int sampleRate) {
        if (channels < 1) throw new IllegalArgumentException("a raw stream needs at least one channel, got " + channels);
        if (sampleRate < 1) throw new IllegalArgumentException("a raw stream needs a positive sample rate, got " + sampleRate);
        return new PcmStreamReader(in, name, format, channels, sampleRate, -1);
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channels() {
        return channels;
    }

    public SampleFormat format() {
        return format;
    }

    /**
     * Reads between one and {@code maxFrames} frames into {@code out[c][0..n)}, blocking only until
     * one whole frame is there (or the stream ends), and returns n, or −1 once the samples are over.
     */
    public int read(float[][] out, int maxFrames) throws IOException {
        if (out.length != channels) {
            throw new IllegalArgumentException("read needs " + channels + " channel arrays, got " + out.length);
        }
        if (maxFrames < 1) throw new IllegalArgumentException("maxFrames must be positive, got " + maxFrames);
        if (bytes.length < maxFrames * frameBytes) bytes = java.util.Arrays.copyOf(bytes, maxFrames * frameBytes);
        int cap = maxFrames * frameBytes;
        while (held < frameBytes) {
            if (ended) return -1;
            int want = cap - held;
            if (remaining >= 0) want = (int) Math.min(want, remaining);
            int r = want == 0 ? -1 : in.read(bytes, held, want);
            if (r < 0) {
                ended = true;
                incompleteTail = held;
                held = 0;
                return -1;
            }
            held += r;
            if (remaining >= 0) remaining -= r;
        }
        int frames = held / frameBytes, used = frames * frameBytes;
        WavReader.decode(ByteBuffer.wrap(bytes, 0, used).order(ByteOrder.LITTLE_ENDIAN), format, channels, frames, out, 0);
        System.arraycopy(bytes, used, bytes, 0, held - used);
        held -= used;
        return frames;
    }

    /** Bytes of an incomplete last frame that the stream ended inside (not decoded); 0 if none. */
    public int incompleteTail() {
        return incompleteTail;
    }

    private static ByteBuffer readFully(InputStream in, int n, String name, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new AudioFileException(name, b.length == 0 && what.equals("the RIFF header")
                    ? "the stream is empty" : "the stream ends inside " + what);
        }
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void skipFully(InputStream in, long n, String name) throws IOException {
        byte[] sink = new byte[8192];
        while (n > 0) {
            int r = in.read(sink, 0, (int) Math.min(sink.length, n));
            if (r < 0) throw new AudioFileException(name, "the stream ends before its data chunk");
            n -= r;
        }
    }
}
