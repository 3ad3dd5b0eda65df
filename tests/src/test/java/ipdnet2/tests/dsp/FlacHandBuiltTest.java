package ipdnet2.tests.dsp;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.FlacReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FLAC features the command-line encoder rarely emits, in a stream written bit by bit from the
 * format specification: escaped (raw) residual partitions with 4- and 5-bit Rice parameters, a
 * zero-bit escape, wasted bits on an LPC subframe, and an 8-bit coded block size.
 */
class FlacHandBuiltTest {
    @TempDir
    Path dir;

    /** Big-endian bit writer. */
    private static final class Bits {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int acc;
        int n;

        Bits put(long v, int bits) {
            for (int i = bits - 1; i >= 0; i--) {
                acc = (acc << 1) | (int) ((v >>> i) & 1);
                if (++n == 8) {
                    out.write(acc);
                    acc = 0;
                    n = 0;
                }
            }
            return this;
        }

        Bits rice(int v, int k) {
            long u = v >= 0 ? 2L * v : -2L * v - 1;
            for (long q = u >>> k; q > 0; q--) put(0, 1);
            put(1, 1);
            return put(u & ((1L << k) - 1), k);
        }

        Bits align() {
            while (n != 0) put(0, 1);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static int crc8(byte[] b, int from, int to) {
        int c = 0;
        for (int i = from; i < to; i++) {
            c ^= b[i] & 0xff;
            for (int k = 0; k < 8; k++) c = ((c << 1) ^ ((c & 0x80) != 0 ? 0x07 : 0)) & 0xff;
        }
        return c;
    }

    private static int crc16(byte[] b, int from, int to) {
        int c = 0;
        for (int i = from; i < to; i++) {
            c ^= (b[i] & 0xff) << 8;
            for (int k = 0; k < 8; k++) c = ((c << 1) ^ ((c & 0x8000) != 0 ? 0x8005 : 0)) & 0xffff;
        }
        return c;
    }

    /** Appends a frame: header (with CRC-8), the subframe written by {@code body}, CRC-16. */
    private static void frame(ByteArrayOutputStream file, int number, java.util.function.Consumer<Bits> body) {
        Bits h = new Bits();
        h.put(0x3FFE, 14).put(0, 1).put(0, 1); // sync, reserved, fixed block size
        h.put(6, 4).put(10, 4).put(0, 4).put(6, 3).put(0, 1); // 8-bit block size, 48 kHz, mono, 24 bits
        h.put(number, 8).put(15, 8); // frame number, block size - 1
        byte[] hb = h.bytes();
        Bits f = new Bits();
        for (byte x : hb) f.put(x & 0xff, 8);
        f.put(crc8(hb, 0, hb.length), 8);
        body.accept(f);
        f.align();
        byte[] fb = f.bytes();
        file.writeBytes(fb);
        int c = crc16(fb, 0, fb.length);
        file.write(c >> 8);
        file.write(c & 0xff);
    }

    @Test
    void decodesEscapedPartitionsAndWastedBits() throws Exception {
        int[] r0 = {1000, -524288, 524287, -3, 0, 77, -77};
        int[] r1 = {5, -6, 0, 1, -1, 12, -13, 2};
        int warm0 = -1234567;
        int[] s0 = new int[16];
        s0[0] = warm0;
        for (int i = 1; i < 16; i++) s0[i] = s0[i - 1] + (i < 8 ? r0[i - 1] : r1[i - 8]); // fixed order 1

        int[] c = {3, -1}; // LPC order 2, precision 4 bits, shift 1
        int[] warm1 = {100000, -200000};
        int[] r2 = new int[16];
        for (int i = 8; i < 16; i++) r2[i] = (i * 7919) % 300000 - 150000;
        int[] s1 = new int[16];
        s1[0] = warm1[0];
        s1[1] = warm1[1];
        for (int i = 2; i < 16; i++) s1[i] = r2[i] + ((c[0] * s1[i - 1] + c[1] * s1[i - 2]) >> 1);

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("fLaC".getBytes());
        Bits si = new Bits();
        si.put(1, 1).put(0, 7).put(34, 24);
        si.put(16, 16).put(16, 16).put(0, 24).put(0, 24).put(48000, 20).put(0, 3).put(23, 5).put(32, 36);
        si.put(0, 64).put(0, 64);
        file.writeBytes(si.bytes());
        frame(file, 0, b -> {
            b.put(0, 1).put(9, 6).put(0, 1); // fixed order 1, no wasted bits
            b.put(warm0, 24);
            b.put(0, 2).put(1, 4); // 4-bit Rice parameters, 2 partitions
            b.put(15, 4).put(20, 5); // escape: raw 20-bit residuals
            for (int v : r0) b.put(v, 20);
            b.put(3, 4);
            for (int v : r1) b.rice(v, 3);
        });
        frame(file, 1, b -> {
            b.put(0, 1).put(32 + 1, 6).put(1, 1).put(0b01, 2); // LPC order 2, 2 wasted bits
            for (int w : warm1) b.put(w, 22);
            b.put(3, 4).put(1, 5); // precision 4, shift 1
            for (int v : c) b.put(v, 4);
            b.put(1, 2).put(1, 4); // 5-bit Rice parameters, 2 partitions
            b.put(31, 5).put(0, 5); // escape with 0 bits: residuals of partition 0 all zero
            b.put(19, 5);
            for (int i = 8; i < 16; i++) b.rice(r2[i], 19);
        });
        Path f = dir.resolve("hand.flac");
        Files.write(f, file.toByteArray());
        AudioData a = FlacReader.read(f);
        assertThat(a.frames()).isEqualTo(32);
        float scale = 1f / (1 << 23);
        for (int i = 0; i < 16; i++) {
            assertThat(a.channels()[0][i]).as("sample %d", i).isEqualTo(s0[i] * scale);
            assertThat(a.channels()[0][16 + i]).as("sample %d", 16 + i).isEqualTo((s1[i] << 2) * scale);
        }
    }
}
