package ipdnet2.tests.dsp;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.AudioFileException;
import ipdnet2.dsp.audio.PcmStreamReader;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.audio.WavReader;
import ipdnet2.dsp.audio.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Audio read from a stream that cannot seek, as it arrives. */
class PcmStreamReaderTest {
    @TempDir
    Path dir;

    /** A stream that hands out its bytes a few at a time, as a pipe from a recorder does. */
    static final class Trickle extends InputStream {
        private final byte[] b;
        private final SplittableRandom r;
        private int pos;

        Trickle(byte[] b, long seed) {
            this.b = b;
            this.r = new SplittableRandom(seed);
        }

        @Override
        public int read() {
            return pos < b.length ? b[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] dst, int off, int len) {
            if (len == 0) return 0;
            if (pos >= b.length) return -1;
            int n = Math.min(Math.min(len, 1 + r.nextInt(700)), b.length - pos);
            System.arraycopy(b, pos, dst, off, n);
            pos += n;
            return n;
        }
    }

    private static AudioData noise(int channels, int frames, int rate, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] c = new float[channels][frames];
        for (float[] ch : c) {
            for (int i = 0; i < frames; i++) ch[i] = (float) (0.2 * r.nextGaussian());
        }
        return new AudioData(rate, c);
    }

    /** Reads a whole stream in blocks of at most maxFrames and checks every block has a frame. */
    private static float[][] readAll(PcmStreamReader s, int maxFrames) throws IOException {
        float[][] block = new float[s.channels()][maxFrames];
        float[][] all = new float[s.channels()][0];
        for (int n; (n = s.read(block, maxFrames)) >= 0; ) {
            assertThat(n).isBetween(1, maxFrames);
            for (int c = 0; c < all.length; c++) {
                float[] grown = Arrays.copyOf(all[c], all[c].length + n);
                System.arraycopy(block[c], 0, grown, all[c].length, n);
                all[c] = grown;
            }
        }
        return all;
    }

    @Test
    void aWavStreamInSmallPiecesGivesTheFilesSamples() throws Exception {
        for (SampleFormat f : new SampleFormat[] {SampleFormat.PCM16, SampleFormat.PCM24, SampleFormat.FLOAT32}) {
            Path p = dir.resolve(f + ".wav");
            WavWriter.write(p, noise(5, 4001, 48000, f.bits()), f);
            AudioData file = WavReader.read(p);
            PcmStreamReader s = PcmStreamReader.wav(new Trickle(Files.readAllBytes(p), 3), "pipe");
            assertThat(s.sampleRate()).isEqualTo(48000);
            assertThat(s.channels()).isEqualTo(5);
            assertThat(s.format()).isEqualTo(f);
            float[][] got = readAll(s, 1600);
            for (int c = 0; c < 5; c++) assertThat(got[c]).as("%s channel %d", f, c).containsExactly(file.channels()[c]);
            assertThat(s.incompleteTail()).isZero();
        }
    }

    @Test
    void anUnknownLengthRunsToTheEndAndAKnownOneStopsAtIt() throws Exception {
        Path p = dir.resolve("a.wav");
        WavWriter.write(p, noise(2, 1000, 16000, 1), SampleFormat.PCM16);
        byte[] b = Files.readAllBytes(p);
        int dataLen = 44 - 4;   // offset of the data chunk's length in a plain 44-byte header
        assertThat(new String(b, 36, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("data");
        for (int placeholder : new int[] {0, 0x7FFFFFFF, -1, 0x7FFFF000}) {
            byte[] c = b.clone();
            ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(dataLen, placeholder).putInt(4, placeholder);
            float[][] got = readAll(PcmStreamReader.wav(new Trickle(c, placeholder), "pipe"), 300);
            assertThat(got[0]).hasSize(1000);
        }
        // a declared length is obeyed: the bytes after it (here another chunk) are not samples
        byte[] extra = Arrays.copyOf(b, b.length + 12);
        System.arraycopy("LIST".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, extra, b.length, 4);
        extra[b.length + 4] = 4;
        float[][] got = readAll(PcmStreamReader.wav(new ByteArrayInputStream(extra), "file"), 4096);
        assertThat(got[0]).hasSize(1000);
    }

    @Test
    void rawSamplesAndAnIncompleteLastFrame() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(3 * 2 * 100 + 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 100; i++) {
            for (int c = 0; c < 3; c++) b.putShort((short) (i * 3 + c - 150));
        }
        b.putShort((short) 7).putShort((short) 8);   // two samples of a 3-channel frame, then the end
        PcmStreamReader s = PcmStreamReader.raw(new Trickle(b.array(), 1), "stdin", SampleFormat.PCM16, 3, 16000);
        float[][] got = readAll(s, 64);
        assertThat(got[2]).hasSize(100);
        assertThat(got[1][10]).isEqualTo((10 * 3 + 1 - 150) / 32768f);
        assertThat(s.incompleteTail()).isEqualTo(4);
    }

    @Test
    void badStreamsAreNamedInTheError() {
        assertThatThrownBy(() -> PcmStreamReader.wav(new ByteArrayInputStream(new byte[0]), "standard input"))
                .isInstanceOf(AudioFileException.class).hasMessage("standard input: the stream is empty");
        assertThatThrownBy(() -> PcmStreamReader.wav(new ByteArrayInputStream("hello, this is not audio".getBytes()), "pipe"))
                .hasMessageContaining("pipe: not a WAV stream").hasMessageContaining("--raw");
        byte[] head = Arrays.copyOf("RIFF\0\0\0\0WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 30);
        head[16] = 16;
        assertThatThrownBy(() -> PcmStreamReader.wav(new ByteArrayInputStream(head), "pipe"))
                .hasMessage("pipe: the stream ends inside the fmt chunk");
        ByteBuffer mu = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        mu.put("RIFF".getBytes()).putInt(36).put("WAVEfmt ".getBytes()).putInt(16).putShort((short) 7).putShort((short) 1)
                .putInt(8000).putInt(8000).putShort((short) 1).putShort((short) 8).put("data".getBytes()).putInt(0);
        assertThatThrownBy(() -> PcmStreamReader.wav(new ByteArrayInputStream(mu.array()), "pipe"))
                .hasMessage("pipe: unsupported WAV encoding (format tag 0x0007)");
        assertThatThrownBy(() -> PcmStreamReader.raw(InputStream.nullInputStream(), "stdin", SampleFormat.PCM16, 0, 16000))
                .hasMessageContaining("at least one channel");
    }
}
