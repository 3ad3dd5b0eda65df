package ipdnet2.tests.dsp;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.AudioFileException;
import ipdnet2.dsp.audio.AudioFiles;
import ipdnet2.dsp.audio.FlacReader;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.audio.WavReader;
import ipdnet2.dsp.audio.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Per-channel recordings and bad input: every failure names the file and the problem. */
class AudioFilesTest {
    @TempDir
    Path dir;

    private int[][] writeChannels(String name, int n, int rateOf3, int lengthOf3) throws Exception {
        int[][] all = FlacTest.signal(4, n, 24, 11);
        for (int ch = 0; ch < 4; ch++) {
            int len = ch == 3 ? lengthOf3 : n;
            int rate = ch == 3 ? rateOf3 : 48000;
            FlacEncoder.encode(AudioFiles.channelFile(dir, name, ch), new int[][] {Arrays.copyOf(all[ch], len)}, 24, rate, "-5");
        }
        return all;
    }

    @Test
    void assemblesChannelsInRequestedOrder() throws Exception {
        assumeTrue(FlacEncoder.available());
        int n = 30000;
        int[][] s = writeChannels("rec", n, 48000, n);
        AudioData a = AudioFiles.readChannels(dir, "rec", new int[] {3, 0, 2});
        assertThat(a.channelCount()).isEqualTo(3);
        assertThat(a.sampleRate()).isEqualTo(48000);
        int[] order = {3, 0, 2};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i += 7) assertThat(a.channels()[c][i]).isEqualTo(s[order[c]][i] / 8388608f);
        }
        AudioData r = AudioFiles.readChannels(dir, "rec", new int[] {1, 2}, 20000, 5000);
        assertThat(r.frames()).isEqualTo(5000);
        assertThat(r.channels()[1][0]).isEqualTo(s[2][20000] / 8388608f);
        assertThat(r.channels()[0][4999]).isEqualTo(s[1][24999] / 8388608f);
    }

    @Test
    void rejectsChannelFilesOfDifferentLengthOrRate() throws Exception {
        assumeTrue(FlacEncoder.available());
        writeChannels("len", 10000, 48000, 9000);
        assertThatThrownBy(() -> AudioFiles.readChannels(dir, "len", new int[] {0, 3}))
                .isInstanceOf(AudioFileException.class).hasMessageContaining("len_CH3.flac")
                .hasMessageContaining("length 9000 samples differs");
        writeChannels("rate", 10000, 16000, 10000);
        assertThatThrownBy(() -> AudioFiles.readChannels(dir, "rate", new int[] {0, 3}))
                .isInstanceOf(AudioFileException.class).hasMessageContaining("rate_CH3.flac")
                .hasMessageContaining("sample rate 16000 Hz differs");
        assertThatThrownBy(() -> AudioFiles.readChannels(dir, "rate", new int[] {0, 7}))
                .isInstanceOf(AudioFileException.class).hasMessageContaining("rate_CH7.flac")
                .hasMessageContaining("no such file");
    }

    @Test
    void rejectsCorruptAndTruncatedFlac() throws Exception {
        assumeTrue(FlacEncoder.available());
        Path f = dir.resolve("good.flac");
        FlacEncoder.encode(f, FlacTest.signal(2, 48000, 24, 5), 24, 48000, "-5");
        CommittedFlacTest.assertDamageIsNamed(Files.readAllBytes(f), dir, 40000, 100);

        Path notFlac = dir.resolve("text.flac");
        Files.writeString(notFlac, "hello, this is not audio");
        assertThatThrownBy(() -> AudioFiles.read(notFlac)).isInstanceOf(AudioFileException.class)
                .hasMessageContaining("text.flac").hasMessageContaining("not a FLAC file");
    }

    @Test
    void rejectsBadWavFiles() throws Exception {
        Path good = dir.resolve("good.wav");
        WavWriter.write(good, new AudioData(16000, new float[][] {new float[1000], new float[1000]}), SampleFormat.PCM16);
        byte[] b = Files.readAllBytes(good);

        Path truncated = dir.resolve("cut.wav");
        Files.write(truncated, Arrays.copyOf(b, 2000));
        assertThatThrownBy(() -> WavReader.read(truncated)).isInstanceOf(AudioFileException.class)
                .hasMessageContaining("cut.wav").hasMessageContaining("truncated");

        Path adpcm = dir.resolve("adpcm.wav");
        byte[] a = b.clone();
        ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 2);
        Files.write(adpcm, a);
        assertThatThrownBy(() -> WavReader.read(adpcm)).isInstanceOf(AudioFileException.class)
                .hasMessageContaining("adpcm.wav").hasMessageContaining("unsupported WAV encoding");

        Path bits = dir.resolve("bits.wav");
        byte[] d = b.clone();
        ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).putShort(34, (short) 12);
        Files.write(bits, d);
        assertThatThrownBy(() -> WavReader.read(bits)).isInstanceOf(AudioFileException.class)
                .hasMessageContaining("bits.wav").hasMessageContaining("12 bits");

        Path empty = dir.resolve("empty.wav");
        WavWriter.write(empty, new AudioData(16000, new float[][] {new float[0]}), SampleFormat.PCM16);
        assertThatThrownBy(() -> AudioFiles.read(empty)).isInstanceOf(AudioFileException.class)
                .hasMessageContaining("empty.wav").hasMessageContaining("no audio samples");

        Path zero = dir.resolve("zero.wav");
        Files.write(zero, new byte[0]);
        assertThatThrownBy(() -> WavReader.read(zero)).isInstanceOf(AudioFileException.class)
                .hasMessageContaining("zero.wav").hasMessageContaining("truncated");

        Path text = dir.resolve("text.wav");
        Files.writeString(text, "RIFX and some other text");
        assertThatThrownBy(() -> WavReader.read(text)).isInstanceOf(AudioFileException.class)
                .hasMessageContaining("text.wav").hasMessageContaining("not a RIFF/WAVE file");

        assertThatThrownBy(() -> AudioFiles.read(dir.resolve("song.mp3"))).isInstanceOf(AudioFileException.class)
                .hasMessageContaining("song.mp3").hasMessageContaining("unknown audio file type");
        assertThatThrownBy(() -> AudioFiles.read(dir.resolve("missing.wav"))).isInstanceOf(AudioFileException.class)
                .hasMessageContaining("missing.wav").hasMessageContaining("no such file");
    }
}
