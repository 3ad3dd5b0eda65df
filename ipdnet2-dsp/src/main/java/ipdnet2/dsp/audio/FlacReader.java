package ipdnet2.dsp.audio;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Decodes FLAC files bit-exactly: every frame header (CRC-8 checked) and frame (CRC-16 checked),
 * constant, verbatim, fixed-predictor and LPC subframes, Rice-coded residuals with escape
 * partitions, wasted bits, and the left/side, side/right and mid/side stereo modes. Samples are
 * scaled to full scale ±1 (divided by 2^(bits-1)).
 *
 * <p>A sample range is read without decoding what comes before it: the reader jumps to the
 * nearest SEEKTABLE point, then skips whole frames by finding each next frame header (sync code,
 * valid CRC-8, expected first sample) instead of decoding. The file is memory-mapped, so only the
 * pages actually used are read.
 */
public final class FlacReader {
    private static final int[] SAMPLE_SIZES = {0, 8, 12, -1, 16, 20, 24, 32};
    private static final int[] SAMPLE_RATES = {0, 88200, 176400, 192000, 8000, 16000, 22050, 24000,
            32000, 44100, 48000, 96000};

    private final Path file;
    private final FileChannel channel;
    private final BitReader in;
    private final FlacInfo info;
    private final long firstFrame;
    private final long[] seekSamples;
    private final long[] seekOffsets;
    private int[][] block;

    /** Fields of one frame header. */
    private static final class Header {
        long start;
        long firstSample;
        int blockSize;
        int channelMode;
        int bits;
    }

    private final Header header = new Header();

    private FlacReader(Path file) throws IOException {
        this.file = file;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new AudioFileException(file, "no such file", e);
        }
        try {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) throw new AudioFileException(file, "FLAC files over 2 GiB are not supported");
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            this.in = new BitReader(map);
            FlacInfo si = null;
            long[] ss = new long[0];
            long[] so = new long[0];
            if (size < 4 || map.get(0) != 'f' || map.get(1) != 'L' || map.get(2) != 'a' || map.get(3) != 'C') {
                throw new AudioFileException(file, "not a FLAC file (no 'fLaC' marker)");
            }
            in.seek(4);
            boolean last = false;
            while (!last) {
                last = in.readUInt(1) == 1;
                int type = in.readUInt(7);
                int len = in.readUInt(24);
                long body = in.bytePosition();
                if (body + len > size) throw new AudioFileException(file, "truncated: metadata block runs past the end of the file");
                if (type == 0) {
                    if (len < 34) throw new AudioFileException(file, "STREAMINFO block too short");
                    int minBlock = in.readUInt(16);
                    int maxBlock = in.readUInt(16);
                    in.readUInt(24);
                    in.readUInt(24);
                    int rate = in.readUInt(20);
                    int channels = in.readUInt(3) + 1;
                    int bits = in.readUInt(5) + 1;
                    long total = in.readLong(36);
                    if (rate == 0) throw new AudioFileException(file, "STREAMINFO declares sample rate 0");
                    if (bits < 4 || bits > 32) throw new AudioFileException(file, "unsupported sample size " + bits + " bits");
                    si = new FlacInfo(rate, channels, bits, total, minBlock, maxBlock);
                } else if (type == 3) {
                    int n = len / 18;
                    ss = new long[n];
                    so = new long[n];
                    int kept = 0;
                    for (int i = 0; i < n; i++) {
                        long sample = in.readLong(64);
                        long offset = in.readLong(64);
                        in.readUInt(16);
                        if (sample != -1L) {
                            ss[kept] = sample;
                            so[kept++] = offset;
                        }
                    }
                    ss = Arrays.copyOf(ss, kept);
                    so = Arrays.copyOf(so, kept);
                } else if (type == 127) {
                    throw new AudioFileException(file, "invalid metadata block type 127");
                }
                in.seek(body + len);
            }
            if (si == null) throw new AudioFileException(file, "no STREAMINFO block");
            this.info = si;
            this.firstFrame = in.bytePosition();
            this.seekSamples = ss;
            this.seekOffsets = so;
        } catch (BitReader.Truncated e) {
            channel.close();
            throw new AudioFileException(file, "truncated: file ends inside the metadata");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reads the STREAMINFO block only. */
    public static FlacInfo info(Path file) throws IOException {
        FlacReader r = new FlacReader(file);
        r.channel.close();
        return r.info;
    }

    /** Decodes the whole file. */
    public static AudioData read(Path file) throws IOException {
        FlacReader r = new FlacReader(file);
        try {
            return r.decode(0, -1);
        } finally {
            r.channel.close();
        }
    }

    /** Decodes {@code count} samples per channel starting at sample {@code start}. */
    public static AudioData read(Path file, long start, int count) throws IOException {
        FlacReader r = new FlacReader(file);
        try {
            long total = r.info.totalSamples();
            if (start < 0 || count < 0 || (total > 0 && start + count > total)) {
                throw new AudioFileException(file, "range [" + start + ", " + (start + count)
                        + ") is outside the file's " + total + " samples");
            }
            return r.decode(start, count);
        } finally {
            r.channel.close();
        }
    }

    /** Decodes from sample {@code start}; count -1 means to the end of the stream. */
    private AudioData decode(long start, int count) throws IOException {
        int nc = info.channels();
        long total = info.totalSamples();
        int capacity;
        if (count >= 0) {
            capacity = count;
        } else if (total > 0) {
            if (total > Integer.MAX_VALUE - 8) throw new AudioFileException(file, "too long to read at once; read a range");
            capacity = (int) total;
        } else {
            capacity = 1 << 16;
        }
        float[][] out = new float[nc][capacity];
        int filled = 0;
        float scale = (float) (1.0 / (1L << (info.bitsPerSample() - 1)));
        long pos = start > 0 ? locate(start) : firstFrame;
        try {
            while (pos < in.limit() && (count < 0 || filled < count) && !(count < 0 && total > 0 && filled >= total)) {
                pos = decodeFrame(pos);
                long first = header.firstSample;
                int n = header.blockSize;
                int from = (int) Math.max(0, start - first);
                int take = n - from;
                if (count >= 0) take = Math.min(take, count - filled);
                if (take <= 0) continue;
                if (filled + take > capacity) {
                    capacity = Math.max(capacity * 2, filled + take);
                    for (int c = 0; c < nc; c++) out[c] = Arrays.copyOf(out[c], capacity);
                }
                for (int c = 0; c < nc; c++) {
                    int[] src = block[c];
                    float[] dst = out[c];
                    for (int i = 0; i < take; i++) dst[filled + i] = src[from + i] * scale;
                }
                filled += take;
            }
        } catch (BitReader.Truncated e) {
            throw new AudioFileException(file, "truncated: file ends inside the frame at byte " + header.start);
        }
        if (count >= 0 && filled < count) {
            throw new AudioFileException(file, "truncated: only " + filled + " of " + count + " requested samples present");
        }
        if (count < 0 && total > 0 && filled < total) {
            throw new AudioFileException(file, "truncated: " + filled + " samples decoded, STREAMINFO declares " + total);
        }
        if (filled == 0 && count < 0) throw new AudioFileException(file, "contains no audio samples");
        if (filled < capacity) {
            for (int c = 0; c < nc; c++) out[c] = Arrays.copyOf(out[c], filled);
        }
        return new AudioData(info.sampleRate(), out);
    }

    /**
     * Byte position of the frame holding sample {@code target}: the last SEEKTABLE point at or
     * before it, then frame-to-frame hops over headers only.
     */
    private long locate(long target) throws IOException {
        long pos = firstFrame;
        for (int i = 0; i < seekSamples.length; i++) {
            if (seekSamples[i] <= target) pos = firstFrame + seekOffsets[i];
        }
        try {
            if (!readHeader(pos)) throw new AudioFileException(file, "no valid frame header at byte " + pos);
            while (header.firstSample + header.blockSize <= target) {
                long expected = header.firstSample + header.blockSize;
                long p = findFrame(pos + 2, expected);
                if (p < 0) throw new AudioFileException(file, "truncated or corrupt: no frame starts at sample " + expected);
                pos = p;
                readHeader(pos);
            }
            if (header.firstSample > target) {
                throw new AudioFileException(file, "corrupt SEEKTABLE: point lands after sample " + target);
            }
        } catch (BitReader.Truncated e) {
            throw new AudioFileException(file, "truncated: file ends inside a frame header");
        }
        return pos;
    }

    /** Scans forward for a frame header whose first sample is {@code expected}; -1 if none. */
    private long findFrame(long from, long expected) {
        long limit = in.limit() - 1;
        for (long p = from; p < limit; p++) {
            if (byteAt(p) != 0xFF || (byteAt(p + 1) & 0xFE) != 0xF8) continue;
            try {
                if (readHeader(p) && header.firstSample == expected) return p;
            } catch (BitReader.Truncated e) {
                return -1;
            } catch (AudioFileException e) {
                continue;
            }
        }
        return -1;
    }

    private int byteAt(long p) {
        return in.byteAt(p);
    }

    /**
     * Parses the frame header at {@code pos} into {@link #header}; false if the sync code or the
     * CRC-8 does not match (not a header).
     */
    private boolean readHeader(long pos) throws AudioFileException {
        in.seek(pos);
        if (in.readUInt(15) != 0x7FFC) return false;
        boolean variable = in.readUInt(1) == 1;
        int bsCode = in.readUInt(4);
        int rateCode = in.readUInt(4);
        int chCode = in.readUInt(4);
        int sizeCode = in.readUInt(3);
        if (in.readUInt(1) != 0) return false;
        long number = readUtf8Number();
        if (number < 0) return false;
        int blockSize;
        if (bsCode == 0) return false;
        else if (bsCode == 1) blockSize = 192;
        else if (bsCode <= 5) blockSize = 576 << (bsCode - 2);
        else if (bsCode == 6) blockSize = in.readUInt(8) + 1;
        else if (bsCode == 7) blockSize = in.readUInt(16) + 1;
        else blockSize = 256 << (bsCode - 8);
        int rate;
        if (rateCode == 0) rate = info.sampleRate();
        else if (rateCode < 12) rate = SAMPLE_RATES[rateCode];
        else if (rateCode == 12) rate = in.readUInt(8) * 1000;
        else if (rateCode == 13) rate = in.readUInt(16);
        else if (rateCode == 14) rate = in.readUInt(16) * 10;
        else return false;
        int crcEnd = (int) in.bytePosition();
        int crc = in.readUInt(8);
        if (crc8(pos, crcEnd) != crc) return false;
        if (chCode > 10) throw new AudioFileException(file, "reserved channel assignment " + chCode + " in frame at byte " + pos);
        int bits = sizeCode == 0 ? info.bitsPerSample() : SAMPLE_SIZES[sizeCode];
        if (bits < 0) throw new AudioFileException(file, "reserved sample size code in frame at byte " + pos);
        if (bits != info.bitsPerSample()) {
            throw new AudioFileException(file, "frame at byte " + pos + " has " + bits + "-bit samples, STREAMINFO says "
                    + info.bitsPerSample());
        }
        if (rate != info.sampleRate()) {
            throw new AudioFileException(file, "frame at byte " + pos + " changes the sample rate to " + rate);
        }
        int nc = chCode < 8 ? chCode + 1 : 2;
        if (nc != info.channels()) {
            throw new AudioFileException(file, "frame at byte " + pos + " has " + nc + " channels, STREAMINFO says "
                    + info.channels());
        }
        header.start = pos;
        header.firstSample = variable ? number : number * info.maxBlockSize();
        header.blockSize = blockSize;
        header.channelMode = chCode;
        header.bits = bits;
        return true;
    }

    /** The UTF-8-like coded frame or sample number (up to 36 bits); -1 if malformed. */
    private long readUtf8Number() {
        int b = in.readUInt(8);
        if ((b & 0x80) == 0) return b;
        int extra;
        long v;
        if ((b & 0xE0) == 0xC0) { extra = 1; v = b & 0x1F; }
        else if ((b & 0xF0) == 0xE0) { extra = 2; v = b & 0x0F; }
        else if ((b & 0xF8) == 0xF0) { extra = 3; v = b & 0x07; }
        else if ((b & 0xFC) == 0xF8) { extra = 4; v = b & 0x03; }
        else if ((b & 0xFE) == 0xFC) { extra = 5; v = b & 0x01; }
        else if (b == 0xFE) { extra = 6; v = 0; }
        else return -1;
        for (int i = 0; i < extra; i++) {
            int c = in.readUInt(8);
            if ((c & 0xC0) != 0x80) return -1;
            v = (v << 6) | (c & 0x3F);
        }
        return v;
    }

    /** Decodes the frame at {@code pos} into {@link #block}; returns the position after it. */
    private long decodeFrame(long pos) throws AudioFileException {
        if (!readHeader(pos)) throw new AudioFileException(file, "corrupt: no valid frame header at byte " + pos);
        int n = header.blockSize;
        int nc = info.channels();
        if (block == null || block[0].length < n) block = new int[nc][Math.max(n, info.maxBlockSize())];
        int mode = header.channelMode;
        for (int c = 0; c < nc; c++) {
            // the side channel carries one extra bit (left/side: channel 1; side/right: 0; mid/side: 1)
            boolean side = (mode == 8 && c == 1) || (mode == 9 && c == 0) || (mode == 10 && c == 1);
            int bits = header.bits + (side ? 1 : 0);
            if (bits > 32) throw new AudioFileException(file, "33-bit side channel is not supported");
            decodeSubframe(block[c], n, bits, pos);
        }
        decorrelate(mode, n);
        in.alignToByte();
        long end = in.bytePosition();
        int crc = in.readUInt(16);
        if (crc16(pos, end) != crc) throw new AudioFileException(file, "corrupt: CRC-16 mismatch in frame at byte " + pos);
        return end + 2;
    }

    private void decodeSubframe(int[] s, int n, int bits, long framePos) throws AudioFileException {
        if (in.readUInt(1) != 0) throw new AudioFileException(file, "corrupt subframe padding in frame at byte " + framePos);
        int type = in.readUInt(6);
        int wasted = 0;
        if (in.readUInt(1) == 1) wasted = in.readUnary() + 1;
        if (wasted >= bits) throw new AudioFileException(file, "corrupt wasted-bits count in frame at byte " + framePos);
        bits -= wasted;
        if (type == 0) {
            int v = in.readSInt(bits);
            Arrays.fill(s, 0, n, v);
        } else if (type == 1) {
            for (int i = 0; i < n; i++) s[i] = in.readSInt(bits);
        } else if (type >= 8 && type <= 12) {
            int order = type - 8;
            if (order > n) throw new AudioFileException(file, "predictor order exceeds block size in frame at byte " + framePos);
            for (int i = 0; i < order; i++) s[i] = in.readSInt(bits);
            readResidual(s, n, order, framePos);
            restoreFixed(s, n, order);
        } else if (type >= 32) {
            int order = type - 31;
            if (order > n) throw new AudioFileException(file, "predictor order exceeds block size in frame at byte " + framePos);
            for (int i = 0; i < order; i++) s[i] = in.readSInt(bits);
            int precision = in.readUInt(4) + 1;
            if (precision == 16) throw new AudioFileException(file, "invalid LPC precision in frame at byte " + framePos);
            int shift = in.readSInt(5);
            if (shift < 0) throw new AudioFileException(file, "negative LPC shift in frame at byte " + framePos);
            int[] coef = new int[order];
            for (int i = 0; i < order; i++) coef[i] = in.readSInt(precision);
            readResidual(s, n, order, framePos);
            for (int i = order; i < n; i++) {
                long sum = 0;
                for (int j = 0; j < order; j++) sum += (long) coef[j] * s[i - 1 - j];
                s[i] += (int) (sum >> shift);
            }
        } else {
            throw new AudioFileException(file, "reserved subframe type " + type + " in frame at byte " + framePos);
        }
        if (wasted > 0) {
            for (int i = 0; i < n; i++) s[i] <<= wasted;
        }
    }

    /** Reads the partitioned Rice residual into s[order..n). */
    private void readResidual(int[] s, int n, int order, long framePos) throws AudioFileException {
        int method = in.readUInt(2);
        if (method > 1) throw new AudioFileException(file, "reserved residual coding method in frame at byte " + framePos);
        int paramBits = method == 0 ? 4 : 5;
        int escape = (1 << paramBits) - 1;
        int partitionOrder = in.readUInt(4);
        int partitions = 1 << partitionOrder;
        if ((n >> partitionOrder) << partitionOrder != n || (n >> partitionOrder) < order) {
            throw new AudioFileException(file, "invalid residual partition order in frame at byte " + framePos);
        }
        int i = order;
        for (int p = 0; p < partitions; p++) {
            int end = (p + 1) * (n >> partitionOrder);
            int k = in.readUInt(paramBits);
            if (k == escape) {
                int raw = in.readUInt(5);
                for (; i < end; i++) s[i] = in.readSInt(raw);
            } else {
                for (; i < end; i++) s[i] = in.readRice(k);
            }
        }
    }

    /** Fixed polynomial predictors of orders 0..4, applied to the residual in place. */
    private static void restoreFixed(int[] s, int n, int order) {
        switch (order) {
            case 0:
                break;
            case 1:
                for (int i = 1; i < n; i++) s[i] += s[i - 1];
                break;
            case 2:
                for (int i = 2; i < n; i++) s[i] += 2 * s[i - 1] - s[i - 2];
                break;
            case 3:
                for (int i = 3; i < n; i++) s[i] += 3 * s[i - 1] - 3 * s[i - 2] + s[i - 3];
                break;
            case 4:
                for (int i = 4; i < n; i++) s[i] += 4 * s[i - 1] - 6 * s[i - 2] + 4 * s[i - 3] - s[i - 4];
                break;
            default:
                throw new IllegalStateException("order " + order);
        }
    }

    /** Undoes the stereo decorrelation of channel modes 8 (left/side), 9 (side/right), 10 (mid/side). */
    private void decorrelate(int mode, int n) {
        if (mode < 8) return;
        int[] a = block[0];
        int[] b = block[1];
        if (mode == 8) {
            for (int i = 0; i < n; i++) b[i] = a[i] - b[i];
        } else if (mode == 9) {
            for (int i = 0; i < n; i++) a[i] += b[i];
        } else {
            for (int i = 0; i < n; i++) {
                int side = b[i];
                int mid = (a[i] << 1) | (side & 1);
                a[i] = (mid + side) >> 1;
                b[i] = (mid - side) >> 1;
            }
        }
    }

    private int crc8(long from, long to) {
        int crc = 0;
        for (long p = from; p < to; p++) {
            crc ^= byteAt(p);
            for (int k = 0; k < 8; k++) crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
        }
        return crc;
    }

    private int crc16(long from, long to) {
        int crc = 0;
        for (long p = from; p < to; p++) crc = CRC16[((crc >>> 8) ^ byteAt(p)) & 0xFF] ^ ((crc << 8) & 0xFFFF);
        return crc;
    }

    private static final int[] CRC16 = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 8;
            for (int k = 0; k < 8; k++) c = (c & 0x8000) != 0 ? ((c << 1) ^ 0x8005) & 0xFFFF : (c << 1) & 0xFFFF;
            CRC16[i] = c;
        }
    }
}
