package ipdnet2.train.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.dsp.label.LabelledClip;
import ipdnet2.dsp.label.LabelledSet;
import ipdnet2.dsp.sim.Scene;
import ipdnet2.dsp.sim.SceneConfig;
import ipdnet2.dsp.sim.SceneRenderer;
import ipdnet2.dsp.sim.SceneSampler;
import ipdnet2.dsp.sim.SimulatedClip;
import ipdnet2.dsp.sim.SpeechShapedNoise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SimulatedSetTest {
    private static final ArrayGeometry ARRAY = ArrayGeometry.realmanDefault();
    private static final SceneConfig CONFIG = SceneConfig.defaults().withSeconds(1.0);

    private static SimulatedSetWriter writer(SampleFormat format) {
        return new SimulatedSetWriter(CONFIG, ARRAY, new SpeechShapedNoise(16000), format);
    }

    @Test
    void sameSeedGivesIdenticalFilesWhateverTheThreadCount(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        writer(SampleFormat.FLOAT32).write(a, 4, 42, 1, null);
        writer(SampleFormat.FLOAT32).write(b, 4, 42, 2, null);
        List<String> names;
        try (Stream<Path> s = Files.list(a)) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names).hasSize(2 + 2 * 4).contains("manifest.csv", "array.csv", "clip-000003.wav",
                "clip-000003.labels.csv");
        assertThat(names).noneMatch(n -> n.endsWith(".tmp"));
        for (String n : names) {
            assertThat(Files.readAllBytes(b.resolve(n))).as(n).isEqualTo(Files.readAllBytes(a.resolve(n)));
        }
        Path c = tmp.resolve("c");
        writer(SampleFormat.FLOAT32).write(c, 1, 43, 1, null);
        assertThat(Files.readAllBytes(c.resolve("clip-000000.wav")))
                .isNotEqualTo(Files.readAllBytes(a.resolve("clip-000000.wav")));
    }

    @Test
    void readerReturnsTheRenderedSignalsLabelsAndSceneFacts(@TempDir Path dir) throws IOException {
        List<ClipInfo> written = writer(SampleFormat.FLOAT32).write(dir, 3, 9, 1, null);
        LabelledSet reader = LabelledSet.open(dir);
        assertThat(reader.size()).isEqualTo(3);
        assertThat(reader.array().mics()).isEqualTo(5);
        assertThat(reader.array().spacing(0, 4)).isCloseTo(0.03, within(1e-6));
        SceneSampler sampler = new SceneSampler(CONFIG, ARRAY);
        SceneRenderer renderer = new SceneRenderer(ARRAY, new SpeechShapedNoise(16000));
        for (int i = 0; i < 3; i++) {
            LabelledClip clip = reader.read(reader.clips().get(i));
            ClipInfo info = manifestRow(clip.clip());
            assertThat(clip.clip().audio()).isEqualTo(dir.resolve(info.audioFile()));
            assertThat(clip.clip().rt60S()).isEqualTo(info.rt60S());
            assertThat(clip.clip().snrDb()).isEqualTo(info.snrDb());
            assertThat(info.id()).isEqualTo(String.format("clip-%06d", i));
            assertThat(info.seed()).isEqualTo(SimulatedSetWriter.clipSeed(9, i));
            Scene scene = sampler.sample(info.seed());
            assertThat(info.rt60S()).isCloseTo(scene.room().rt60(), within(1e-4));
            assertThat(info.snrDb()).isCloseTo(scene.snrDb(), within(1e-3));
            assertThat(info.sources()).isEqualTo(scene.sources().size());
            assertThat(info.moving()).isEqualTo(scene.moving());
            assertThat(info.roomM()[0]).isCloseTo(scene.room().lx(), within(1e-3));
            SimulatedClip expected = renderer.render(scene);
            assertThat(clip.audio().sampleRate()).isEqualTo(16000);
            for (int c = 0; c < 5; c++) assertThat(clip.audio().channels()[c]).containsExactly(expected.audio().channels()[c]);
            FrameLabels want = expected.labels();
            FrameLabels got = clip.labels();
            assertThat(got.frames()).isEqualTo(10);
            for (int f = 0; f < want.frames(); f++) {
                for (int s = 0; s < want.sources(); s++) {
                    assertThat(got.azimuthDeg(f, s)).isCloseTo(want.azimuthDeg(f, s), within(5e-4));
                    assertThat(got.distanceM(f, s)).isCloseTo(want.distanceM(f, s), within(5e-5));
                    assertThat(got.active(f, s)).isEqualTo(want.active(f, s));
                }
            }
            assertThat(info).usingRecursiveComparison().isEqualTo(written.get(i));
        }
    }

    @Test
    void pcm16ClipsStayWithinHalfAnLsbOfTheFloatClips(@TempDir Path tmp) throws IOException {
        writer(SampleFormat.FLOAT32).write(tmp.resolve("f"), 1, 5, 1, null);
        writer(SampleFormat.PCM16).write(tmp.resolve("p"), 1, 5, 1, null);
        float[][] f = first(tmp.resolve("f")).audio().channels();
        float[][] p = first(tmp.resolve("p")).audio().channels();
        for (int c = 0; c < f.length; c++) {
            for (int i = 0; i < f[c].length; i++) assertThat(p[c][i]).isCloseTo(f[c][i], within(0.6f / 32768));
        }
    }

    @Test
    void mirrorPairsAreEachSceneAndItsReflection(@TempDir Path tmp) throws IOException {
        writer(SampleFormat.FLOAT32).write(tmp.resolve("plain"), 2, 17, 1, null);
        List<ClipInfo> rows = writer(SampleFormat.FLOAT32).withMirrorPairs().write(tmp.resolve("pairs"), 4, 17, 2, null);
        assertThat(rows).extracting(ClipInfo::mirrored).containsExactly(false, true, false, true);
        assertThat(rows.get(1).seed()).isEqualTo(rows.get(0).seed()).isNotEqualTo(rows.get(2).seed());
        // scene k of the pairs is clip k of a plain set of the same seed
        assertThat(Files.readAllBytes(tmp.resolve("pairs/clip-000002.wav")))
                .isEqualTo(Files.readAllBytes(tmp.resolve("plain/clip-000001.wav")));
        LabelledSet set = LabelledSet.open(tmp.resolve("pairs"));
        assertThat(set.clips().get(3).column("mirrored")).isEqualTo("1");
        LabelledClip original = set.read(set.clips().get(2));
        LabelledClip mirrored = set.read(set.clips().get(3));
        // RealMAN channels 1, 3, 5, 7, 0: the mics at 90° and 270° trade places
        int[] partner = {0, 3, 2, 1, 4};
        for (int c = 0; c < 5; c++) {
            assertThat(mirrored.audio().channels()[c]).isEqualTo(original.audio().channels()[partner[c]]);
        }
        FrameLabels a = original.labels(), b = mirrored.labels();
        for (int t = 0; t < a.frames(); t++) {
            for (int s = 0; s < a.sources(); s++) {
                if (a.azimuthDeg(t, s) > -180) assertThat(b.azimuthDeg(t, s)).isCloseTo(-a.azimuthDeg(t, s), within(1e-9));
                assertThat(b.active(t, s)).isEqualTo(a.active(t, s));
            }
        }
        assertThatThrownBy(() -> writer(SampleFormat.FLOAT32).withMirrorPairs().write(tmp.resolve("odd"), 3, 1, 1, null))
                .hasMessageContaining("even number of clips");
    }

    @Test
    void damagedSetsAreReportedWithTheFileName(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> LabelledSet.open(dir)).hasMessageContaining("manifest.csv");
        writer(SampleFormat.FLOAT32).write(dir, 1, 1, 1, null);
        Path labels = dir.resolve("clip-000000.labels.csv");
        List<String> lines = Files.readAllLines(labels);
        lines.set(3, lines.get(3).replaceFirst(",[0-9.-]+,", ",north,"));
        Files.write(labels, lines);
        LabelledSet reader = LabelledSet.open(dir);
        assertThatThrownBy(() -> reader.read(reader.clips().get(0))).hasMessageContaining("clip-000000.labels.csv line 4")
                .hasMessageContaining("bad number: 'north' is not a number").hasMessageNotContaining("input string");
    }

    private static LabelledClip first(Path dir) throws IOException {
        LabelledSet set = LabelledSet.open(dir);
        return set.read(set.clips().get(0));
    }

    /** The manifest row as the writer's record, from the reader's columns (as written, not as simulated). */
    private static ClipInfo manifestRow(LabelledSet.Clip c) {
        return new ClipInfo(c.id(), c.column("audio_file"), c.column("labels_file"), Double.parseDouble(c.column("rt60_s")),
                Double.parseDouble(c.column("snr_db")), new double[] {Double.parseDouble(c.column("room_x_m")),
                Double.parseDouble(c.column("room_y_m")), Double.parseDouble(c.column("room_z_m"))},
                Integer.parseInt(c.column("sources")), c.column("moving").equals("1"), c.column("overlap"),
                c.column("noise"), Long.parseLong(c.column("seed")), c.column("mirrored").equals("1"));
    }
}
