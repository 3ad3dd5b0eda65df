package ipdnet2.train.realman;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.train.data.DataException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RealmanSplitTest {
    @TempDir
    static Path root;
    static final int[] CH = ArrayGeometry.REALMAN_DEFAULT_CHANNELS;

    @BeforeAll
    static void tree() throws Exception {
        assumeTrue(MiniRealman.flacAvailable(), "the flac command is needed to write the test tree");
        MiniRealman.build(root);
    }

    @Test
    void indexesStaticAndMovingRowsWithTheirFiles() {
        RealmanSplit s = RealmanSplit.load(root, "train", CH);
        assertThat(s.recordings()).hasSize(3);
        RealmanRecording st = s.recordings().get(0);
        assertThat(st.stem()).isEqualTo("TRAIN_S_OFFICE_0001_0001");
        assertThat(st.scene()).isEqualTo("Office");
        assertThat(st.speaker()).isEqualTo("0001");
        assertThat(st.moving()).isFalse();
        assertThat(st.azimuthDeg()).containsExactly(MiniRealman.STATIC_ANGLE_1);
        assertThat(st.directPath()).isEqualTo(root.resolve("train/dp_speech/Office/static/0001/TRAIN_S_OFFICE_0001_0001.flac"));
        RealmanRecording mv = s.recordings().get(2);
        assertThat(mv.moving()).isTrue();
        assertThat(mv.azimuthDeg()).hasSize(40);
        // 10 Hz series: value i covers [0.1 i, 0.1 (i+1)) s.
        assertThat(mv.azimuthAt(0.05)).isEqualTo(10);
        assertThat(mv.azimuthAt(1.25)).isEqualTo(130);
        assertThat(mv.azimuthAt(99)).isEqualTo(400);
        assertThat(s.noises()).hasSize(1);
        assertThat(s.noises().get(0).scene()).isEqualTo("Office");
    }

    @Test
    void quotedSeriesFieldKeepsItsCommas() {
        List<List<String>> rows = Csv.parse(Path.of("x.csv"), "a,b,c\r\nx,\"1,2,3\",\"say \"\"hi\"\"\"\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).containsExactly("x", "1,2,3", "say \"hi\"");
        assertThat(RealmanSplit.series("1, 2.5,3")).containsExactly(1, 2.5, 3);
    }

    @Test
    void missingFolderIsAClearError() {
        assertThatThrownBy(() -> RealmanSplit.load(root.resolve("nope"), "train", CH))
                .isInstanceOf(DataException.class).hasMessageContaining("does not exist").hasMessageContaining("nope");
        assertThatThrownBy(() -> RealmanSplit.load(root, "test", CH))
                .isInstanceOf(DataException.class).hasMessageContaining("split folder").hasMessageContaining("test");
    }

    @Test
    void aFileGivenAsTheFolderIsCalledAFile(@TempDir Path other) throws Exception {
        Path file = java.nio.file.Files.writeString(other.resolve("notes.txt"), "not a dataset");
        assertThatThrownBy(() -> RealmanSplit.load(file, "train", CH))
                .isInstanceOf(DataException.class).hasMessage("RealMAN folder " + file + " is a file, not a folder");
    }

    @Test
    void missingChannelFileIsNamed() {
        // Channel 9 was never recorded in the miniature tree.
        assertThatThrownBy(() -> RealmanSplit.load(root, "train", new int[] {1, 9}))
                .isInstanceOf(DataException.class).hasMessageContaining("missing channel file")
                .hasMessageContaining("_CH9.flac");
    }

    @Test
    void emptyTableIsAClearError(@TempDir Path other) throws Exception {
        Path dir = other.resolve("train");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("train_static_source_location.csv"), "filename,angle(°),distance,ele\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RealmanSplit.load(other, "train", CH))
                .isInstanceOf(DataException.class).hasMessageContaining("no rows")
                .hasMessageContaining("train_static_source_location.csv");
        Files.writeString(dir.resolve("train_static_source_location.csv"), "", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RealmanSplit.load(other, "train", CH))
                .isInstanceOf(DataException.class).hasMessageContaining("empty table");
    }
}
