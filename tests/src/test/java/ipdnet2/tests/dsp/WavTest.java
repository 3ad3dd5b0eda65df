package ipdnet2.tests.dsp;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.AudioFileException;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.audio.WavInfo;
import ipdnet2.dsp.audio.WavReader;
import ipdnet2.dsp.audio.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WavTest {
    @TempDir
    Path dir;

    /** Random samples that are exactly representable at the given integer bit depth. */
    private static AudioData grid(int channels, int frames, int bits, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] c = new float[channels][frames];
        double scale = Math.pow(2, bits - 1);
        for (float[] ch : c) {
            for (int i = 0; i < frames; i++) ch[i] = (float) (r.nextLong((long) -scale, (long) scale) / scale);
        }
        c[0][0] = -1f;
        c[0][1] = (float) ((scale - 1) / scale);
        return new AudioData(48000, c);
    }

    @Test
    void integerFormatsRoundTripExactly() throws Exception {
        SampleFormat[] fmts = {SampleFormat.PCM8, SampleFormat.PCM16, SampleFormat.PCM24};
        for (SampleFormat f : fmts) {
            for (int nc : new int[] {1, 2, 5}) {
                AudioData a = grid(nc, 1001, f.bits(), f.bits() * 10 + nc);
                Path p = dir.resolve(f + "_" + nc + ".wav");
                WavWriter.write(p, a, f);
                WavInfo info = WavReader.info(p);
                assertThat(info.format()).isEqualTo(f);
                assertThat(info.channels()).isEqualTo(nc);
                assertThat(info.frames()).isEqualTo(1001);
                AudioData b = WavReader.read(p);
                assertThat(b.sampleRate()).isEqualTo(48000);
                for (int c = 0; c < nc; c++) assertThat(b.channels()[c]).containsExactly(a.channels()[c]);
            }
        }
    }

    @Test
    void pcm32AndFloatRoundTrip() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        float[][] c = new float[3][500];
        for (float[] ch : c) for (int i = 0; i < ch.length; i++) ch[i] = (float) (r.nextDouble() * 1.6 - 0.8);
        AudioData a = new AudioData(16000, c);
        for (SampleFormat f : new SampleFormat[] {SampleFormat.FLOAT32, SampleFormat.FLOAT64}) {
            Path p = dir.resolve(f + ".wav");
            WavWriter.write(p, a, f);
            AudioData b = WavReader.read(p);
            for (int ch = 0; ch < 3; ch++) assertThat(b.channels()[ch]).containsExactly(a.channels()[ch]);
        }
        Path p = dir.resolve("pcm32.wav");
        WavWriter.write(p, a, SampleFormat.PCM32);
        AudioData b = WavReader.read(p);
        for (int ch = 0; ch < 3; ch++) {
            for (int i = 0; i < 500; i++) assertThat((double) b.channels()[ch][i]).isCloseTo(c[ch][i], org.assertj.core.data.Offset.offset(1e-7));
        }
    }

    @Test
    void clipsOutOfRangeSamples() throws Exception {
        Path p = dir.resolve("clip.wav");
        WavWriter.write(p, new AudioData(8000, new float[][] {{2f, -3f, 0.5f}}), SampleFormat.PCM16);
        assertThat(WavReader.read(p).channels()[0]).containsExactly(32767 / 32768f, -1f, 0.5f);
    }

    @Test
    void writerOutputIsReadableByTheJdkDecoder() throws Exception {
        AudioData a = grid(2, 300, 16, 9);
        Path p = dir.resolve("jdk.wav");
        WavWriter.write(p, a, SampleFormat.PCM16);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(p.toFile())) {
            AudioFormat f = in.getFormat();
            assertThat(f.getChannels()).isEqualTo(2);
            assertThat(f.getSampleRate()).isEqualTo(48000f);
            assertThat(f.getSampleSizeInBits()).isEqualTo(16);
            byte[] bytes = in.readAllBytes();
            ByteBuffer bb = ByteBuffer.wrap(bytes).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 300; i++) {
                for (int c = 0; c < 2; c++) assertThat(bb.getShort() / 32768f).isEqualTo(a.channels()[c][i]);
            }
        }
    }

    @Test
    void readsHandBuiltExtensibleFileWithExtraChunks() throws Exception {
        // 3 channels, 24-bit, WAVE_FORMAT_EXTENSIBLE, an odd-sized LIST chunk before data
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + 40 + 8 + 5 + 1 + 8 + 18).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(40).putShort((short) 0xFFFE).putShort((short) 3).putInt(44100)
                .putInt(44100 * 9).putShort((short) 9).putShort((short) 24).putShort((short) 22)
                .putShort((short) 24).putInt(7).putShort((short) 1)
                .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        b.put("LIST".getBytes()).putInt(5).put(new byte[] {1, 2, 3, 4, 5, 0});
        b.put("data".getBytes()).putInt(18);
        int[] v = {1, -1, 0x7FFFFF, -0x800000, 256, -256};
        for (int x : v) b.put((byte) x).put((byte) (x >> 8)).put((byte) (x >> 16));
        Path p = dir.resolve("ext.wav");
        Files.write(p, b.array());
        AudioData a = WavReader.read(p);
        assertThat(a.sampleRate()).isEqualTo(44100);
        assertThat(a.channelCount()).isEqualTo(3);
        float s = 8388608f;
        assertThat(a.channels()[0]).containsExactly(1 / s, -1f);
        assertThat(a.channels()[1]).containsExactly(-1 / s, 256 / s);
        assertThat(a.channels()[2]).containsExactly(0x7FFFFF / s, -256 / s);
    }

    @Test
    void readsARangeBySeeking() throws Exception {
        AudioData a = grid(4, 10000, 24, 5);
        Path p = dir.resolve("range.wav");
        WavWriter.write(p, a, SampleFormat.PCM24);
        AudioData r = WavReader.read(p, 7777, 1000);
        assertThat(r.frames()).isEqualTo(1000);
        for (int c = 0; c < 4; c++) {
            assertThat(r.channels()[c]).containsExactly(Arrays.copyOfRange(a.channels()[c], 7777, 8777));
        }
        assertThatThrownBy(() -> WavReader.read(p, 9500, 1000)).isInstanceOf(AudioFileException.class)
                .hasMessageContaining("range.wav").hasMessageContaining("outside");
    }
}
