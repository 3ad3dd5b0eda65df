package ipdnet2.nn.io;

import static ipdnet2.nn.io.PickleBytes.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchArchiveTest {

    @TempDir
    Path dir;

    private static final int[] NONE = {};

    /** A state_dict whose tensors exercise strides, offsets, shared storages and each float type. */
    private static PickleBytes.Archive stateDict() {
        PickleBytes p = new PickleBytes().proto().op('}').mark();
        // storage 0 holds a 3×2 matrix row by row; "w" is its transpose, a non-contiguous view
        p.str("w").tensor("FloatStorage", "0", 6, 0, new int[] {2, 3}, new int[] {1, 2});
        p.str("v").tensor("FloatStorage", "1", 10, 4, new int[] {3}, new int[] {2});
        p.str("rows").tensor("FloatStorage", "0", 6, 2, new int[] {2, 2}, new int[] {2, 1});
        p.str("d").tensor("DoubleStorage", "2", 2, 0, new int[] {2}, new int[] {1});
        p.str("h").tensor("HalfStorage", "3", 2, 1, new int[] {1}, new int[] {1});
        p.str("bf").tensor("BFloat16Storage", "4", 1, 0, NONE, NONE);
        p.str("empty").tensor("FloatStorage", "1", 10, 0, new int[] {0, 5}, new int[] {5, 1});
        p.op('u', '.');
        return new PickleBytes.Archive(p.bytes())
                .storage("0", floats(0, 1, 2, 3, 4, 5))
                .storage("1", floats(10, 11, 12, 13, 14, 15, 16, 17, 18, 19))
                // 0.5 = 0x3FE0000000000000, -1.25 = 0xBFF4000000000000, little-endian
                .storage("2", bytes(0, 0, 0, 0, 0, 0, 0xE0, 0x3F, 0, 0, 0, 0, 0, 0, 0xF4, 0xBF))
                // half 0x3C00 = 1, 0xC100 = -2.5
                .storage("3", bytes(0x00, 0x3C, 0x00, 0xC1))
                // bfloat16 0x4049 = 0x40490000 as float = 3.140625
                .storage("4", bytes(0x49, 0x40));
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void readsStridedOffsetSharedAndConvertedTensors() throws IOException {
        for (boolean compressed : new boolean[] {false, true}) {
            PickleBytes.Archive a = stateDict();
            a.compressed = compressed;
            WeightSet w = WeightFiles.read(a.write(dir.resolve("sd" + compressed + ".pt")));
            assertThat(w.tensors().keySet()).containsExactly("w", "v", "rows", "d", "h", "bf", "empty");
            assertThat(w.tensor("w").shape()).containsExactly(2, 3);
            assertThat(w.tensor("w").data()).containsExactly(0, 2, 4, 1, 3, 5);
            assertThat(w.tensor("v").data()).containsExactly(14, 16, 18);
            assertThat(w.tensor("rows").data()).containsExactly(2, 3, 4, 5);
            assertThat(w.tensor("d").data()).containsExactly(0.5f, -1.25f);
            assertThat(w.tensor("h").data()).containsExactly(-2.5f);
            assertThat(w.tensor("bf").shape()).isEmpty();
            assertThat(w.tensor("bf").data()).containsExactly(3.140625f);
            assertThat(w.tensor("empty").shape()).containsExactly(0, 5);
            assertThat(w.metadata()).isEmpty();
        }
    }

    @Test
    void honoursABigEndianByteOrderEntry() throws IOException {
        PickleBytes p = new PickleBytes().proto().op('}').mark();
        p.str("x").tensor("FloatStorage", "0", 2, 0, new int[] {2}, new int[] {1}).op('u', '.');
        Path f = new PickleBytes.Archive(p.bytes())
                .entry("archive/byteorder", "big".getBytes(StandardCharsets.US_ASCII))
                .storage("0", bytes(0x3F, 0x80, 0, 0, 0xC0, 0x20, 0, 0)) // 1.0, -2.5 big-endian
                .write(dir.resolve("be.pt"));
        assertThat(WeightFiles.read(f).tensor("x").data()).containsExactly(1f, -2.5f);
    }

    @Test
    void readsTheNetworkOutOfATrainingCheckpointAndSkipsEverythingElse() throws IOException {
        PickleBytes p = new PickleBytes().proto().op('}').mark();
        p.str("state_dict").global("collections", "OrderedDict").op(')', 'R').mark();
        p.str("arch.encoder.weight").tensor("FloatStorage", "0", 2, 0, new int[] {2}, new int[] {1});
        p.str("arch.layers.0.mhsa.A_log").tensor("FloatStorage", "1", 1, 0, new int[] {1, 1}, new int[] {1, 1});
        // a buffer of another part of the training module, of a type the network never uses
        p.str("loss.count").tensor("LongStorage", "8", 1, 0, NONE, NONE);
        p.op('u');
        // the state_dict's _metadata attribute, as torch pickles it
        p.op('}').str("_metadata").op('}', 's', 'b');
        p.str("epoch").integer(3);
        p.str("global_step").integer(42);
        p.str("pytorch-lightning_version").str("2.1.0");
        p.str("hyper_parameters").global("lightning.fabric.utilities.data", "AttributeDict").op(')', 0x81);
        p.mark().str("lr").op('G', 0x3F, 0x50, 0x62, 0x4D, 0xD2, 0xF1, 0xA9, 0xFC).op('u');
        p.str("callbacks").global("training.callbacks", "Checkpointing").mark().integer(1).op('t', 'R');
        p.op('}').str("best").integer(7).op('s', 'b');
        // optimiser state with a tensor whose storage is not even in the archive: never read
        p.str("optimizer_states").op(']').mark()
                .tensor("LongStorage", "9", 1, 0, NONE, NONE)
                .tensor("FloatStorage", "10", 100, 0, new int[] {100}, new int[] {1}).op('e');
        p.op('u', '.');
        Path f = new PickleBytes.Archive(p.bytes())
                .storage("0", floats(0.25f, -0.75f))
                .storage("1", floats(-1.5f))
                .write(dir.resolve("run.ckpt"));
        WeightSet w = WeightFiles.read(f);
        assertThat(w.tensors().keySet()).containsExactly("encoder.weight", "layers.0.mhsa.A_log");
        assertThat(w.tensor("encoder.weight").data()).containsExactly(0.25f, -0.75f);
        assertThat(w.tensor("layers.0.mhsa.A_log").shape()).containsExactly(1, 1);
        assertThat(w.metadata()).containsExactly(Map.entry("epoch", "3"), Map.entry("global_step", "42"),
                Map.entry("pytorch-lightning_version", "2.1.0"));
    }

    @Test
    void storageOutOfRangeIsRefused() throws IOException {
        PickleBytes p = new PickleBytes().proto().op('}').mark();
        p.str("x").tensor("FloatStorage", "0", 4, 2, new int[] {3}, new int[] {1}).op('u', '.');
        Path f = new PickleBytes.Archive(p.bytes()).storage("0", floats(1, 2, 3, 4)).write(dir.resolve("range.pt"));
        assertThatThrownBy(() -> WeightFiles.read(f)).isInstanceOf(WeightFileException.class)
                .hasMessage(f + ": tensor 'x' reaches storage element 4 of storage '0', which holds only 4 elements (corrupt file)");

        PickleBytes q = new PickleBytes().proto().op('}').mark();
        q.str("x").tensor("FloatStorage", "0", 4, 0, new int[] {2, 2}, new int[] {3, 1}).op('u', '.');
        Path g = new PickleBytes.Archive(q.bytes()).storage("0", floats(1, 2, 3, 4)).write(dir.resolve("stride.pt"));
        assertThatThrownBy(() -> WeightFiles.read(g)).hasMessageContaining("reaches storage element 4");
    }

    @Test
    void shortOrMissingStoragesAreRefused() throws IOException {
        PickleBytes p = new PickleBytes().proto().op('}').mark();
        p.str("x").tensor("FloatStorage", "0", 4, 0, new int[] {4}, new int[] {1}).op('u', '.');
        Path shortFile = new PickleBytes.Archive(p.bytes()).storage("0", floats(1, 2, 3)).write(dir.resolve("short.pt"));
        assertThatThrownBy(() -> WeightFiles.read(shortFile))
                .hasMessage(shortFile + ": storage '0' holds 12 bytes but its 4 elements need 16 (truncated or corrupt archive)");
        Path missing = new PickleBytes.Archive(p.bytes()).write(dir.resolve("missing.pt"));
        assertThatThrownBy(() -> WeightFiles.read(missing))
                .hasMessageContaining("storage '0' is missing from the archive (no archive/data/0)");
    }

    @Test
    void unsupportedContentIsNamed() throws IOException {
        PickleBytes ints = new PickleBytes().proto().op('}').mark();
        ints.str("count").tensor("LongStorage", "0", 1, 0, NONE, NONE).op('u', '.');
        assertThatThrownBy(() -> read(ints, "long.pt"))
                .hasMessageContaining("tensor 'count' is stored as torch.LongStorage, which is not supported");

        PickleBytes notTensor = new PickleBytes().proto().op('}').mark().str("n").integer(5).op('u', '.');
        assertThatThrownBy(() -> read(notTensor, "int.pt")).hasMessageContaining("state_dict entry 'n' is a Long, not a tensor");

        PickleBytes model = new PickleBytes().proto().global("ipdnet2.model", "Network").op(')', 0x81, '.');
        assertThatThrownBy(() -> read(model, "model.pt"))
                .hasMessageContaining("holds a pickled ipdnet2.model.Network object, not a state_dict");

        PickleBytes badOp = new PickleBytes().proto().op('}', 0xFE);
        Path f = dir.resolve("op.pt");
        assertThatThrownBy(() -> read(badOp, "op.pt"))
                .hasMessage(f + ": archive/data.pkl at byte 3: unsupported pickle opcode 0xfe");

        PickleBytes badId = new PickleBytes().proto().op('}').mark().str("x").str("weird").op('Q', 'u', '.');
        assertThatThrownBy(() -> read(badId, "pid.pt")).hasMessageContaining("unsupported persistent id weird");

        PickleBytes ok = new PickleBytes().proto().op('}', '.');
        Path order = new PickleBytes.Archive(ok.bytes()).entry("archive/byteorder", "middle".getBytes(StandardCharsets.US_ASCII))
                .write(dir.resolve("order.pt"));
        assertThatThrownBy(() -> WeightFiles.read(order)).hasMessageContaining("unknown byteorder 'middle'");

        Path emptyDict = new PickleBytes.Archive(ok.bytes()).write(dir.resolve("empty.pt"));
        PickleBytes.Archive renamed = new PickleBytes.Archive(ok.bytes());
        renamed.entries.clear();
        renamed.entry("model/weights.bin", new byte[4]);
        Path other = renamed.write(dir.resolve("other.zip"));
        assertThat(WeightFiles.read(emptyDict).tensors()).isEmpty();
        assertThatThrownBy(() -> WeightFiles.read(other)).hasMessageContaining("has no data.pkl: not a PyTorch file");
    }

    @Test
    void truncatedArchivesAndPicklesGiveClearErrors() throws IOException {
        byte[] whole = Files.readAllBytes(stateDict().write(dir.resolve("whole.pt")));
        for (int cut : new int[] {0, 1, 2, 30, whole.length / 2, whole.length - 23, whole.length - 1}) {
            Path p = dir.resolve("cut" + cut + ".pt");
            Files.write(p, Arrays.copyOf(whole, cut));
            assertThatThrownBy(() -> WeightFiles.read(p)).as("cut at %d", cut)
                    .isInstanceOf(WeightFileException.class)
                    .hasMessageStartingWith(p + ": ")
                    .hasMessageMatching("(?s).*(truncated|corrupt).*");
        }
        PickleBytes.Archive a = stateDict();
        byte[] pkl = a.entries.get("archive/data.pkl");
        a.entries.put("archive/data.pkl", Arrays.copyOf(pkl, pkl.length - 5));
        Path cutPickle = a.write(dir.resolve("cutpkl.pt"));
        assertThatThrownBy(() -> WeightFiles.read(cutPickle)).hasMessageContaining("pickle ends unexpectedly");

        Path legacy = dir.resolve("legacy.pt");
        Files.write(legacy, bytes(0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20));
        assertThatThrownBy(() -> WeightFiles.read(legacy)).hasMessageContaining("bare pickle stream");
    }

    private WeightSet read(PickleBytes p, String name) throws IOException {
        return WeightFiles.read(new PickleBytes.Archive(p.bytes()).write(dir.resolve(name)));
    }
}
