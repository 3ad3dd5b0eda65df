package ipdnet2.tests.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.AudioFileException;
import ipdnet2.dsp.audio.AudioFiles;
import ipdnet2.dsp.audio.FlacInfo;
import ipdnet2.dsp.audio.FlacReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bit-exact decoding of the FLAC files the reference encoder wrote once ({@link CommittedFlac}),
 * and the errors of corrupt, cut-off and mismatched files made from them: the decoder's tests that
 * need no encoder installed.
 */
class CommittedFlacTest {
    @TempDir
    Path dir;

    private static void assertExact(AudioData a, int[][] s, int bits, int from) {
        assertThat(a.channelCount()).isEqualTo(s.length);
        FlacTest.assertExact(a, s, bits, from);
    }

    @Test
    void everyCommittedFileDecodesToItsSignalBitExactly() throws Exception {
        for (CommittedFlac f : CommittedFlac.ALL) {
            Path p = f.copyTo(dir);
            FlacInfo info = FlacReader.info(p);
            assertThat(info.sampleRate()).as(f.name()).isEqualTo(f.rate());
            assertThat(info.bitsPerSample()).as(f.name()).isEqualTo(f.bits());
            assertThat(info.totalSamples()).as(f.name()).isEqualTo(f.samples());
            AudioData a = FlacReader.read(p);
            assertThat(a.frames()).as(f.name()).isEqualTo(f.samples());
            assertThat(a.sampleRate()).as(f.name()).isEqualTo(f.rate());
            assertExact(a, f.signal(), f.bits(), 0);
        }
    }

    @Test
    void readsRangesWithAndWithoutSeekTable() throws Exception {
        int[][] s = CommittedFlac.SEEK.signal();
        assertThat(CommittedFlac.NO_SEEK.signal()).isDeepEqualTo(s);
        // ranges at the start, across a block boundary (blocks of 192), on one, inside, at the end, empty
        long[][] ranges = {{0, 100}, {191, 2}, {192, 192}, {701, 500}, {1490, 10}, {345, 0}};
        for (CommittedFlac f : new CommittedFlac[] {CommittedFlac.SEEK, CommittedFlac.NO_SEEK}) {
            Path p = f.copyTo(dir);
            for (long[] r : ranges) {
                AudioData a = FlacReader.read(p, r[0], (int) r[1]);
                assertThat(a.frames()).as(f.name() + " " + Arrays.toString(r)).isEqualTo((int) r[1]);
                assertExact(a, s, 24, (int) r[0]);
            }
        }
    }

    @Test
    void rejectsCorruptAndTruncatedFlac() throws Exception {
        assertDamageIsNamed(Files.readAllBytes(CommittedFlac.STEREO_24.copyTo(dir)), dir, 600, 50);
    }

    /**
     * A flipped bit of a good FLAC file ({@code good}) is reported as corrupt, a cut-off file
     * (read whole, or {@code rangeCount} frames from {@code rangeStart}) and a cut-off header as truncated, each
     * naming the file.
     */
    static void assertDamageIsNamed(byte[] good, Path dir, long rangeStart, int rangeCount) throws Exception {
        Path corrupt = dir.resolve("corrupt.flac");
        byte[] c = good.clone();
        c[c.length / 2] ^= 0x10;
        Files.write(corrupt, c);
        assertThatThrownBy(() -> FlacReader.read(corrupt)).isInstanceOf(AudioFileException.class)
                .hasMessageContaining("corrupt.flac").hasMessageContaining("corrupt");

        Path truncated = dir.resolve("truncated.flac");
        Files.write(truncated, Arrays.copyOf(good, good.length * 2 / 3));
        assertThatThrownBy(() -> FlacReader.read(truncated)).isInstanceOf(AudioFileException.class)
                .hasMessageContaining("truncated.flac").hasMessageContaining("truncated");
        assertThatThrownBy(() -> FlacReader.read(truncated, rangeStart, rangeCount)).isInstanceOf(AudioFileException.class)
                .hasMessageContaining("truncated.flac").hasMessageContaining("truncated");

        Path header = dir.resolve("header.flac");
        Files.write(header, Arrays.copyOf(good, 20));
        assertThatThrownBy(() -> FlacReader.read(header)).isInstanceOf(AudioFileException.class)
                .hasMessageContaining("header.flac").hasMessageContaining("truncated");
    }

    @Test
    void perChannelFilesAreAssembledInOrderAndMismatchesNamed() throws Exception {
        int[][] all = RealmanClipLocalizeTest.clip();
        for (int ch : new int[] {0, 1, 3}) {
            Path f = AudioFiles.channelFile(dir, "clip", ch);
            CommittedFlac.copy("/flac/realman/" + f.getFileName(), f);
        }
        int[] order = {3, 0, 1};
        AudioData a = AudioFiles.readChannels(dir, "clip", order);
        assertThat(a.sampleRate()).isEqualTo(48000);
        assertExact(a, new int[][] {all[3], all[0], all[1]}, 24, 0);
        AudioData r = AudioFiles.readChannels(dir, "clip", new int[] {1, 3}, 5000, 700);
        assertThat(r.frames()).isEqualTo(700);
        assertExact(r, new int[][] {all[1], all[3]}, 24, 5000);

        // a mono file of another length (1007 samples) and one at 16 kHz as further channels
        Files.copy(CommittedFlac.MONO_16.copyTo(dir), AudioFiles.channelFile(dir, "clip", 4));
        assertThatThrownBy(() -> AudioFiles.readChannels(dir, "clip", new int[] {0, 4}))
                .isInstanceOf(AudioFileException.class).hasMessageContaining("clip_CH4.flac")
                .hasMessageContaining("length 1007 samples differs from 9600 samples");
        Files.copy(CommittedFlac.MONO_16K.copyTo(dir), AudioFiles.channelFile(dir, "clip", 5));
        assertThatThrownBy(() -> AudioFiles.readChannels(dir, "clip", new int[] {0, 5}))
                .isInstanceOf(AudioFileException.class).hasMessageContaining("clip_CH5.flac")
                .hasMessageContaining("sample rate 16000 Hz differs from 48000 Hz");
        Files.copy(CommittedFlac.STEREO_24.copyTo(dir), AudioFiles.channelFile(dir, "clip", 6));
        assertThatThrownBy(() -> AudioFiles.readChannels(dir, "clip", new int[] {0, 6}))
                .isInstanceOf(AudioFileException.class).hasMessageContaining("clip_CH6.flac")
                .hasMessageContaining("has 2 channels, a per-channel file must be mono");
    }
}
