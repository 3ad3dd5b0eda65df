package ipdnet2.train.loop;

import ipdnet2.nn.Tensor;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.IPDnet2Config;
import ipdnet2.nn.optim.AdamW;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {
    @Test
    void roundTripRestoresParametersAndOptimiserState(@TempDir Path dir) throws Exception {
        IPDnet2 net = new IPDnet2(IPDnet2Config.tiny(), 3);
        AdamW opt = new AdamW(net.parameters(), 1e-3);
        for (int i = 0; i < net.parameters().size(); i++) {
            Arrays.fill(opt.firstMoment(i), 0.25f + i);
            Arrays.fill(opt.secondMoment(i), 0.5f + i);
            opt.setStepCount(i, 10 + i);
        }
        Path f = dir.resolve("c.ckpt");
        Checkpoint.save(f, net, opt, Map.of("global_step", "17"));
        IPDnet2 net2 = new IPDnet2(IPDnet2Config.tiny(), 99);
        AdamW opt2 = new AdamW(net2.parameters(), 1e-3);
        Checkpoint c = Checkpoint.read(f);
        assertThat(c.meta()).containsEntry("global_step", "17");
        c.restore(f, net2, opt2);
        for (int i = 0; i < net.parameters().size(); i++) {
            assertThat(net2.parameters().get(i).data()).containsExactly(net.parameters().get(i).data());
            assertThat(opt2.firstMoment(i)).containsExactly(opt.firstMoment(i));
            assertThat(opt2.secondMoment(i)).containsExactly(opt.secondMoment(i));
            assertThat(opt2.stepCount(i)).isEqualTo(10 + i);
        }
    }

    @Test
    void corruptTruncatedOrForeignFilesAreRejectedByName(@TempDir Path dir) throws Exception {
        IPDnet2 net = new IPDnet2(IPDnet2Config.tiny(), 3);
        AdamW opt = new AdamW(net.parameters(), 1e-3);
        Path f = dir.resolve("c.ckpt");
        Checkpoint.save(f, net, opt, Map.of());
        byte[] bytes = Files.readAllBytes(f);
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        Path bad = dir.resolve("bad.ckpt");
        Files.write(bad, flipped);
        assertThatThrownBy(() -> Checkpoint.read(bad)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("bad.ckpt").hasMessageContaining("checksum mismatch");
        Path cut = dir.resolve("cut.ckpt");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 3));
        assertThatThrownBy(() -> Checkpoint.read(cut)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("cut.ckpt").hasMessageContaining("corrupt");
        Path foreign = dir.resolve("foreign.ckpt");
        Files.writeString(foreign, "this is not a checkpoint at all");
        assertThatThrownBy(() -> Checkpoint.read(foreign)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("bad magic");
        assertThatThrownBy(() -> Checkpoint.read(dir.resolve("none.ckpt"))).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("no such checkpoint");
    }

    /**
     * Each refusal of the reader, reached on purpose: a file shorter than magic + version + CRC,
     * a file with a valid checksum but an unknown version, and a file cut short whose checksum
     * was recomputed (so only the parser can notice that records are missing).
     */
    @Test
    void shortUnknownVersionAndConsistentlyTruncatedFilesAreRejectedByName(@TempDir Path dir) throws Exception {
        IPDnet2 net = new IPDnet2(IPDnet2Config.tiny(), 3);
        Path f = dir.resolve("c.ckpt");
        Checkpoint.save(f, net, new AdamW(net.parameters(), 1e-3), Map.of("epoch", "4"));
        byte[] bytes = Files.readAllBytes(f);

        Path tiny = dir.resolve("tiny.ckpt");
        Files.write(tiny, Arrays.copyOf(bytes, 19));
        assertThatThrownBy(() -> Checkpoint.read(tiny)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("tiny.ckpt").hasMessageContaining("too short (19 bytes)");

        // the version is the int after the 8-byte magic
        byte[] v3 = bytes.clone();
        ByteBuffer.wrap(v3).putInt(8, 3);
        Path future = dir.resolve("future.ckpt");
        Files.write(future, withCrc(Arrays.copyOf(v3, v3.length - 8)));
        assertThatThrownBy(() -> Checkpoint.read(future)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("future.ckpt").hasMessageContaining("unsupported checkpoint version 3");

        // the first 500 bytes hold the header and only the start of the parameter records
        Path cut = dir.resolve("cut.ckpt");
        Files.write(cut, withCrc(Arrays.copyOf(bytes, 500)));
        assertThatThrownBy(() -> Checkpoint.read(cut)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("cut.ckpt").hasMessageContaining("truncated");
        // only the last field, the weight-average decay, missing
        Path cutLate = dir.resolve("cut-late.ckpt");
        Files.write(cutLate, withCrc(Arrays.copyOf(bytes, bytes.length - 8 - 8)));
        assertThatThrownBy(() -> Checkpoint.read(cutLate)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("cut-late.ckpt").hasMessageContaining("truncated");
    }

    /**
     * The format promises that version-1 files (no weight average: the records are followed
     * directly by the CRC) are read. Such a file, written here by hand from the documented
     * layout, restores the parameters and optimiser state and holds no average.
     */
    @Test
    void aHandWrittenVersion1FileRestores(@TempDir Path dir) throws Exception {
        IPDnet2 net = new IPDnet2(IPDnet2Config.tiny(), 3);
        Map<String, Tensor> params = net.namedParameters();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        out.write("IPD2CKPT".getBytes(StandardCharsets.US_ASCII));
        out.writeInt(1);
        byte[] header = "{\"global_step\": \"41\"}".getBytes(StandardCharsets.UTF_8);
        out.writeInt(header.length);
        out.write(header);
        out.writeInt(params.size());
        int i = 0;
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            int n = e.getValue().data().length;
            out.writeUTF(e.getKey());
            out.writeLong(100 + i);
            writeFloats(out, e.getValue().data());
            writeFloats(out, filled(n, 0.125f * i));
            writeFloats(out, filled(n, 0.5f + i));
            i++;
        }
        out.flush();
        Path f = dir.resolve("v1.ckpt");
        Files.write(f, withCrc(buf.toByteArray()));

        Checkpoint c = Checkpoint.read(f);
        assertThat(c.meta()).containsEntry("global_step", "41");
        assertThat(c.averageDecay()).isZero();
        IPDnet2 other = new IPDnet2(IPDnet2Config.tiny(), 99);
        AdamW opt = new AdamW(other.parameters(), 1e-3);
        c.restore(f, other, opt);
        for (int j = 0; j < params.size(); j++) {
            int n = net.parameters().get(j).data().length;
            assertThat(other.parameters().get(j).data()).containsExactly(net.parameters().get(j).data());
            assertThat(opt.firstMoment(j)).containsExactly(filled(n, 0.125f * j));
            assertThat(opt.secondMoment(j)).containsExactly(filled(n, 0.5f + j));
            assertThat(opt.stepCount(j)).isEqualTo(100 + j);
        }
        assertThatThrownBy(() -> c.restoreAverageWeights(f, other)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("v1.ckpt").hasMessageContaining("holds no weight average");
    }

    /** A checksum-valid checkpoint whose weights hold a NaN is refused before anything is copied, naming where. */
    @Test
    void nonFiniteWeightsAreRefusedNamingTheParameter(@TempDir Path dir) throws Exception {
        IPDnet2 net = new IPDnet2(IPDnet2Config.tiny(), 3);
        String name = net.namedParameters().keySet().stream().skip(3).findFirst().orElseThrow();
        net.namedParameters().get(name).data()[7] = Float.NaN;
        Path f = dir.resolve("nan.ckpt");
        Checkpoint.save(f, net, new AdamW(net.parameters(), 1e-3), Map.of());
        IPDnet2 into = new IPDnet2(IPDnet2Config.tiny(), 99);
        float[] before = into.namedParameters().get(name).data().clone();
        Checkpoint c = Checkpoint.read(f);
        assertThatThrownBy(() -> c.restoreWeights(f, into)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("nan.ckpt").hasMessageContaining("parameter '" + name + "' holds NaN at index 7");
        assertThat(into.namedParameters().get(name).data()).containsExactly(before);
    }

    @Test
    void modelMismatchIsReported(@TempDir Path dir) throws Exception {
        IPDnet2 net = new IPDnet2(IPDnet2Config.tiny(), 3);
        Path f = dir.resolve("c.ckpt");
        Checkpoint.save(f, net, new AdamW(net.parameters(), 1e-3), Map.of());
        // Small has Tiny's parameter names but twice the hidden size: the first parameter whose
        // size depends on it is reported with both sizes
        IPDnet2 small = new IPDnet2(IPDnet2Config.small(), 3);
        String firstDiffering = null;
        int stored = 0, expected = 0;
        for (int i = 0; i < net.parameters().size() && firstDiffering == null; i++) {
            if (net.parameters().get(i).data().length != small.parameters().get(i).data().length) {
                firstDiffering = net.namedParameters().keySet().toArray(new String[0])[i];
                stored = net.parameters().get(i).data().length;
                expected = small.parameters().get(i).data().length;
            }
        }
        assertThat(firstDiffering).isNotNull();
        assertThatThrownBy(() -> Checkpoint.read(f).restore(f, small, new AdamW(small.parameters(), 1e-3)))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("c.ckpt")
                .hasMessageContaining("parameter '" + firstDiffering + "' has " + stored
                        + " values, the model expects " + expected);
        // one layer fewer: the parameter lists differ in length
        IPDnet2Config t = IPDnet2Config.tiny();
        IPDnet2Config shallower = new IPDnet2Config(t.mics(), t.hidden(), t.layers() - 1, t.squeeze(), t.freqs(),
                t.freqCompression(), t.timePoolRatio(), t.timePoolLayer(), t.dState(), t.dConv(), t.expand(),
                t.freqKernel(), t.convGroups(), t.encoderKernel(), t.tracks());
        IPDnet2 shallow = new IPDnet2(shallower, 3);
        int held = net.namedParameters().size(), has = shallow.namedParameters().size();
        assertThat(has).isLessThan(held);
        assertThatThrownBy(() -> Checkpoint.read(f).restoreWeights(f, shallow))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("c.ckpt")
                .hasMessageContaining("holds " + held + " parameters, the model has " + has);
    }

    /** {@code body} followed by its CRC-32 as a big-endian long, as the format ends. */
    private static byte[] withCrc(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array();
    }

    /** The documented array record: length, then big-endian floats. */
    private static void writeFloats(DataOutputStream out, float[] x) throws IOException {
        out.writeInt(x.length);
        for (float f : x) out.writeFloat(f);
    }

    private static float[] filled(int n, float value) {
        float[] x = new float[n];
        Arrays.fill(x, value);
        return x;
    }
}
