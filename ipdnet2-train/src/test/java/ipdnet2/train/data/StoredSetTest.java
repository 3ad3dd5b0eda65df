package ipdnet2.train.data;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.AudioFiles;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.audio.WavWriter;
import ipdnet2.dsp.sim.SceneConfig;
import ipdnet2.dsp.sim.SpeechShapedNoise;
import ipdnet2.train.sim.SimulatedSetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredSetTest {
    /** A two-clip float32 set of half-second rooms. */
    private static Path writeSet(Path dir) throws Exception {
        SceneConfig config = SceneConfig.defaults().withSeconds(0.5);
        new SimulatedSetWriter(config, ArrayGeometry.realmanDefault(), new SpeechShapedNoise(config.sampleRate()),
                SampleFormat.FLOAT32).write(dir, 2, 5, 1, (done, total) -> { });
        return dir;
    }

    private static Path wavOf(Path dir, int clip) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wav")).sorted().toList().get(clip);
        }
    }

    @Test
    void clipsReadBackAsWritten(@TempDir Path tmp) throws Exception {
        StoredSet set = StoredSet.open(writeSet(tmp));
        assertThat(set.size()).isEqualTo(2);
        Clip c = set.get(1);
        AudioData file = AudioFiles.read(wavOf(tmp, 1));
        assertThat(c.audio()).isDeepEqualTo(file.channels());
        assertThat(c.labels().frames()).isEqualTo(5);
    }

    /** A float WAV may hold NaN: the set names the clip, its file, the channel and the sample. */
    @Test
    void aNonFiniteSampleIsRejectedWithItsPlace(@TempDir Path tmp) throws Exception {
        StoredSet set = StoredSet.open(writeSet(tmp));
        Path wav = wavOf(tmp, 1);
        AudioData audio = AudioFiles.read(wav);
        audio.channels()[3][1234] = Float.NaN;
        WavWriter.write(wav, audio, SampleFormat.FLOAT32);
        assertThat(set.get(0).audio()[3][1234]).isFinite();
        assertThatThrownBy(() -> set.get(1)).isInstanceOf(DataException.class)
                .hasMessageContaining("clip 1").hasMessageContaining(wav.getFileName().toString())
                .hasMessageContaining("NaN").hasMessageContaining("channel 3, sample 1234");
        audio.channels()[3][1234] = Float.NEGATIVE_INFINITY;
        WavWriter.write(wav, audio, SampleFormat.FLOAT32);
        assertThatThrownBy(() -> set.get(1)).isInstanceOf(DataException.class).hasMessageContaining("-Infinity");
    }

    private static Path labelsOf(Path dir, int clip) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".labels.csv")).sorted().toList().get(clip);
        }
    }

    /** Labels shorter than the audio are an error naming the clip and both lengths, not a quietly shortened clip. */
    @Test
    void labelsShorterThanTheAudioAreRejectedWithTheClip(@TempDir Path tmp) throws Exception {
        StoredSet set = StoredSet.open(writeSet(tmp));
        Path labels = labelsOf(tmp, 1);
        List<String> lines = Files.readAllLines(labels);
        Files.write(labels, lines.subList(0, 2));
        assertThat(set.get(0).labels().frames()).isEqualTo(5);
        assertThatThrownBy(() -> set.get(1)).isInstanceOf(DataException.class)
                .hasMessageContaining("clip 1 (clip-000001").hasMessageContaining(labels.getFileName().toString())
                .hasMessageContaining("has 1 frames, the audio's 8000 samples need 5");
    }

    /** Opening a set checks every clip's headers, so a bad clip is found before training, drawn or not. */
    @Test
    void badClipsAreFoundFromTheirHeadersWhenTheSetIsOpened(@TempDir Path tmp) throws Exception {
        writeSet(tmp);
        Path wav = wavOf(tmp, 1), labels = labelsOf(tmp, 1);
        byte[] whole = Files.readAllBytes(wav);
        AudioData audio = AudioFiles.read(wav);

        Files.write(wav, java.util.Arrays.copyOf(whole, whole.length - 100));
        assertThatThrownBy(() -> StoredSet.open(tmp)).isInstanceOf(DataException.class)
                .hasMessageContaining("clip 1 (clip-000001)").hasMessageContaining("truncated");

        WavWriter.write(wav, new AudioData(16000, java.util.Arrays.copyOf(audio.channels(), 3)), SampleFormat.FLOAT32);
        assertThatThrownBy(() -> StoredSet.open(tmp)).isInstanceOf(DataException.class)
                .hasMessageContaining(wav.toString()).hasMessageContaining("has 3 channels, the array has 5 mics");

        WavWriter.write(wav, new AudioData(48000, audio.channels()), SampleFormat.FLOAT32);
        assertThatThrownBy(() -> StoredSet.open(tmp)).hasMessageContaining(wav + " is at 48000 Hz");

        float[][] longer = new float[5][16000];
        WavWriter.write(wav, new AudioData(16000, longer), SampleFormat.FLOAT32);
        assertThatThrownBy(() -> StoredSet.open(tmp)).isInstanceOf(DataException.class)
                .hasMessageContaining(wav + " is 16000 samples long, clip 0 (clip-000000) 8000");

        Files.write(wav, whole);
        Files.delete(labels);
        assertThatThrownBy(() -> StoredSet.open(tmp)).isInstanceOf(DataException.class)
                .hasMessageContaining("clip 1 (clip-000001): labels file " + labels + " does not exist");
    }
}
