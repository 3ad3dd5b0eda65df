package ipdnet2.tests.dsp;

import ipdnet2.dsp.io.Npy;
import ipdnet2.dsp.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void readsFloat64ReferenceWrittenByNumpy() {
        NpyArray a = Ref.load("mic_location.npy");
        assertThat(a.shape()).containsExactly(5, 3);
        assertThat(a.isFloat64()).isTrue();
        double[] d = a.doubles();
        // channel 1 of the RealMAN array sits at (0.03, 0, 0); channel 0 (last row) at the origin
        assertThat(d[0]).isEqualTo(0.03);
        assertThat(d[4]).isEqualTo(0.03);
        assertThat(Arrays.copyOfRange(d, 12, 15)).containsExactly(0, 0, 0);
    }

    @Test
    void writesTheSameBytesAsNumpy() throws IOException {
        Path f = dir.resolve("a.npy");
        Npy.write(f, new int[] {2, 3}, new float[] {1.5f, -2, 3, 4, 5, 6.25f});
        byte[] b = Files.readAllBytes(f);
        // header produced by numpy.save for the same array
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        assertThat(b.length).isEqualTo(128 + 24);
        assertThat(b[6]).isEqualTo((byte) 1);
        assertThat(b[8]).isEqualTo((byte) 118);
        String h = new String(b, 10, 118, StandardCharsets.ISO_8859_1);
        assertThat(h.strip()).isEqualTo(header);
        assertThat(h).endsWith("\n");
        // 1.5f little-endian is 00 00 C0 3F
        assertThat(Arrays.copyOfRange(b, 128, 132)).containsExactly(0, 0, (byte) 0xC0, 0x3F);
    }

    @Test
    void roundTripsAnyRank() throws IOException {
        int[][] shapes = {{}, {7}, {2, 3}, {2, 1, 4, 3}};
        for (int[] shape : shapes) {
            int n = 1;
            for (int d : shape) n *= d;
            float[] f = new float[n];
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = (float) Math.sin(i + 0.5);
                d[i] = Math.cos(i + 0.25) * 1e-300;
            }
            Path pf = dir.resolve("f" + shape.length + ".npy");
            Path pd = dir.resolve("d" + shape.length + ".npy");
            Npy.write(pf, shape, f);
            Npy.write(pd, shape, d);
            NpyArray rf = Npy.read(pf);
            NpyArray rd = Npy.read(pd);
            assertThat(rf.shape()).containsExactly(shape);
            assertThat(rf.isFloat64()).isFalse();
            assertThat(rf.floats()).containsExactly(f);
            assertThat(rd.shape()).containsExactly(shape);
            assertThat(rd.doubles()).containsExactly(d);
        }
    }

    @Test
    void rejectsBadInputNamingIt() throws IOException {
        Path f = dir.resolve("t.npy");
        Npy.write(f, new int[] {4}, new float[] {1, 2, 3, 4});
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 3));
        assertThatThrownBy(() -> Npy.read(f)).hasMessageContaining("t.npy").hasMessageContaining("truncated");

        byte[] bad = "not numpy at all".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(bad), "x.npy"))
                .hasMessageContaining("x.npy").hasMessageContaining("magic");

        Path i = dir.resolve("int.npy");
        Files.write(i, b);
        b[10 + 12] = 'i'; // '<f4' -> '<i4'
        Files.write(i, b);
        assertThatThrownBy(() -> Npy.read(i)).hasMessageContaining("int.npy").hasMessageContaining("'<i4'");
        assertThatThrownBy(() -> Npy.write(f, new int[] {3}, new float[2])).hasMessageContaining("t.npy");
    }
}
