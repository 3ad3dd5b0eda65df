package ipdnet2.tests.dsp;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.array.ArrayGeometryReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ArrayGeometryTest {
    @TempDir
    Path dir;

    @Test
    void realmanDefaultMatchesReferenceMicLocations() {
        double[] ref = Ref.load("mic_location.npy").doubles(); // [5, 3]
        ArrayGeometry g = ArrayGeometry.realmanDefault();
        assertThat(g.mics()).isEqualTo(5);
        for (int m = 0; m < 5; m++) {
            for (int d = 0; d < 3; d++) assertThat(g.position(m)[d]).isCloseTo(ref[m * 3 + d], within(1e-12));
        }
    }

    @Test
    void readsUserArrayFile() throws Exception {
        Path f = dir.resolve("array.txt");
        Files.writeString(f, "# a 4-mic line array, 5 cm apart\n"
                + "-0.075 0 0   # reference\n\n"
                + "  -0.025\t0 0\n"
                + "0.025, 0, 0\n"
                + "7.5e-2 0 0\n");
        ArrayGeometry g = ArrayGeometryReader.read(f);
        assertThat(g.mics()).isEqualTo(4);
        assertThat(g.position(0)).containsExactly(-0.075, 0, 0);
        assertThat(g.position(3)).containsExactly(0.075, 0, 0);
        assertThat(g.spacing(0, 3)).isCloseTo(0.15, within(1e-12));
    }

    @Test
    void reportsBadArrayFilesClearly() throws Exception {
        assertThatThrownBy(() -> ArrayGeometryReader.parse("0 0 0\n0.1 0\n", "a.txt"))
                .hasMessageContaining("a.txt line 2").hasMessageContaining("expected 3 coordinates");
        assertThatThrownBy(() -> ArrayGeometryReader.parse("0 0 0\n0.1 x 0\n", "b.txt"))
                .hasMessageContaining("b.txt line 2").hasMessageContaining("'x' is not a number");
        assertThatThrownBy(() -> ArrayGeometryReader.parse("# only one\n0 0 0\n", "c.txt"))
                .hasMessageContaining("c.txt").hasMessageContaining("at least 2 mics, found 1");
        assertThatThrownBy(() -> ArrayGeometryReader.parse("0 0 0\n30 0 0\n", "d.txt"))
                .hasMessageContaining("d.txt line 2").hasMessageContaining("in metres");
        assertThatThrownBy(() -> ArrayGeometryReader.parse("0 0 0\n0.1 0 0\n0 0 0\n", "e.txt"))
                .hasMessageContaining("e.txt line 3").hasMessageContaining("same position as mic 0");
        assertThatThrownBy(() -> ArrayGeometryReader.parse("0 0 0\nNaN 0 0\n", "f.txt"))
                .hasMessageContaining("f.txt line 2").hasMessageContaining("not finite");
        assertThatThrownBy(() -> ArrayGeometryReader.read(dir.resolve("none.txt")))
                .hasMessageContaining("none.txt").hasMessageContaining("no such array file");
    }
}
