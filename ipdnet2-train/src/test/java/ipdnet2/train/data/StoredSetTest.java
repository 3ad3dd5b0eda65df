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
}
