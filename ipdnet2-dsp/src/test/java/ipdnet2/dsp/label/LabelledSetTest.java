package ipdnet2.dsp.label;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.audio.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LabelledSetTest {
    private static final String LABELS = "frame,time_s,azimuth_deg_0,distance_m_0,active_0,azimuth_deg_1,distance_m_1,active_1\n"
            + "0,0.0,-90.500,1.2500,1,12.000,2.0000,0\n"
            + "1,0.1,-91.000,1.2500,0,179.999,2.0001,1\n";

    @Test
    void labelsAreWrittenInTheDocumentedFormAndReadBack(@TempDir Path dir) throws IOException {
        FrameLabels labels = new FrameLabels(new double[][] {{-90.5, 12}, {-91, 179.9994}},
                new double[][] {{1.25, 2}, {1.25, 2.00005}}, new boolean[][] {{true, false}, {false, true}});
        Path file = dir.resolve("a.labels.csv");
        LabelFiles.writeLabels(file, labels);
        assertThat(Files.readString(file)).isEqualTo(LABELS);
        FrameLabels back = LabelFiles.readLabels(file);
        assertThat(back.frames()).isEqualTo(2);
        assertThat(back.sources()).isEqualTo(2);
        assertThat(back.azimuthDeg(1, 1)).isEqualTo(179.999);
        assertThat(back.distanceM(1, 1)).isEqualTo(2.0001);
        assertThat(back.active(0, 0)).isTrue();
        assertThat(back.active(0, 1)).isFalse();
    }

    @Test
    void arrayFileRoundTripsToTheMicrometre(@TempDir Path dir) throws IOException {
        ArrayGeometry array = ArrayGeometry.realmanDefault();
        Path file = dir.resolve("array.csv");
        LabelFiles.writeArray(file, array);
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("mic,x_m,y_m,z_m");
        ArrayGeometry back = LabelFiles.readArray(file);
        assertThat(back.mics()).isEqualTo(5);
        for (int m = 0; m < 5; m++) {
            for (int c = 0; c < 3; c++) assertThat(back.position(m)[c]).isCloseTo(array.position(m)[c], within(5e-7));
        }
    }

    @Test
    void manifestColumnsAreFoundByNameAndAcousticsAreOptional(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("manifest.csv"), "labels_file,note,audio_file,clip_id\nx.labels.csv,hello,x.wav,x\n");
        writeClip(dir, 2);
        LabelledSet set = LabelledSet.open(dir);
        assertThat(set.array()).isNull();
        assertThat(set.hasAcoustics()).isFalse();
        LabelledSet.Clip clip = set.clips().get(0);
        assertThat(clip.id()).isEqualTo("x");
        assertThat(clip.audio()).isEqualTo(dir.resolve("x.wav"));
        assertThat(clip.rt60S()).isNaN();
        assertThat(clip.column("note")).isEqualTo("hello");
        assertThat(clip.column("sources")).isNull();
        LabelledClip read = set.read(clip);
        assertThat(read.audio().channelCount()).isEqualTo(2);
        assertThat(read.labels().azimuthDeg(0, 0)).isEqualTo(-90.5);
    }

    @Test
    void channelAndTalkerCountsAreCheckedAgainstArrayAndManifest(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("manifest.csv"), "clip_id,audio_file,labels_file,rt60_s,snr_db,sources\n"
                + "x,x.wav,x.labels.csv,0.4,5,1\n");
        writeClip(dir, 4);
        LabelledSet noArray = LabelledSet.open(dir);
        assertThat(noArray.hasAcoustics()).isTrue();
        assertThatThrownBy(() -> noArray.read(noArray.clips().get(0))).hasMessageContaining("x.labels.csv has 2 sources")
                .hasMessageContaining("manifest says 1");
        LabelFiles.writeArray(dir.resolve("array.csv"), ArrayGeometry.realmanDefault());
        LabelledSet withArray = LabelledSet.open(dir);
        assertThatThrownBy(() -> withArray.read(withArray.clips().get(0))).hasMessageContaining("x.wav has 4 channels")
                .hasMessageContaining("array has 5 mics");
    }

    @Test
    void badFilesAreNamedWithTheirLine(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> LabelledSet.open(dir)).hasMessageContaining("manifest.csv is missing");
        Files.writeString(dir.resolve("manifest.csv"), "clip_id,audio_file\n");
        assertThatThrownBy(() -> LabelledSet.open(dir)).hasMessageContaining("lacks column 'labels_file'");
        Path labels = dir.resolve("l.csv");
        Files.writeString(labels, LABELS.replace("1,0.1,-91.000", "2,0.1,-91.000"), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> LabelFiles.readLabels(labels)).hasMessageContaining("l.csv line 3")
                .hasMessageContaining("out of order");
        Files.writeString(labels, LABELS.replace("1.2500,0,", "1.2500,maybe,"), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> LabelFiles.readLabels(labels)).hasMessageContaining("l.csv line 3")
                .hasMessageContaining("active must be 0 or 1");
    }

    private static void writeClip(Path dir, int channels) throws IOException {
        Files.writeString(dir.resolve("x.labels.csv"), LABELS);
        WavWriter.write(dir.resolve("x.wav"), new AudioData(16000, new float[channels][3200]), SampleFormat.FLOAT32);
    }
}
