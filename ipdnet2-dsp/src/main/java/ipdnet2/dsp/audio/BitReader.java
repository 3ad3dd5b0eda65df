package ipdnet2.dsp.audio;

import java.nio.ByteBuffer;

/**
 * Reads big-endian bit fields from a byte buffer, most significant bit first, as FLAC stores
 * them. Running past the end of the buffer throws {@link Truncated}.
 */
final class BitReader {
    /** Thrown when a read needs bytes beyond the end of the data. */
    static final class Truncated extends RuntimeException {
        Truncated() {
            super("unexpected end of data", null, false, false);
        }
    }

    private final ByteBuffer buf;
    private final long limit;
    private long next;
    private long cache;
    private int bits;

    BitReader(ByteBuffer buf) {
        this.buf = buf;
        this.limit = buf.limit();
    }

    /** Moves to byte position {@code p}, dropping any buffered bits. */
    void seek(long p) {
        next = p;
        bits = 0;
        cache = 0;
    }

    /** Byte position of the next unread whole byte; only meaningful when byte-aligned. */
    long bytePosition() {
        return next - (bits >>> 3);
    }

    long limit() {
        return limit;
    }

    /** The byte at absolute position p, without moving the read position. */
    int byteAt(long p) {
        if (p >= limit) throw new Truncated();
        return buf.get((int) p) & 0xff;
    }

    /** Skips to the next byte boundary. */
    void alignToByte() {
        bits &= ~7;
    }

    private void refill() {
        if (next >= limit) throw new Truncated();
        cache = (cache << 8) | (buf.get((int) next++) & 0xff);
        bits += 8;
    }

    /** Reads an unsigned field of n ≤ 32 bits. */
    long readLong(int n) {
        if (n == 0) return 0;
        if (n > 32) {
            long hi = readLong(n - 32);
            return (hi << 32) | readLong(32);
        }
        while (bits < n) refill();
        bits -= n;
        return (cache >>> bits) & ((1L << n) - 1);
    }

    /** Reads an unsigned field of n ≤ 31 bits. */
    int readUInt(int n) {
        return (int) readLong(n);
    }

    /** Reads a two's-complement signed field of n ≤ 32 bits. */
    int readSInt(int n) {
        if (n == 0) return 0;
        long v = readLong(n);
        return (int) ((v << (64 - n)) >> (64 - n));
    }

    /** Counts zero bits up to and including the next one bit; returns the count of zeros. */
    int readUnary() {
        int zeros = 0;
        while (true) {
            long valid = bits == 0 ? 0 : cache & ((1L << bits) - 1);
            if (valid == 0) {
                zeros += bits;
                bits = 0;
                refill();
                continue;
            }
            int lz = Long.numberOfLeadingZeros(valid) - (64 - bits);
            zeros += lz;
            bits -= lz + 1;
            return zeros;
        }
    }

    /** Reads a Rice code with parameter k and folds it back to a signed value. */
    int readRice(int k) {
        long q = readUnary();
        long u = (q << k) | readLong(k);
        return (int) ((u >>> 1) ^ -(u & 1));
    }
}
