package ipdnet2.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    /** The file layout by hand: 8-byte little-endian header length, header, data. */
    static byte[] file(String header, int... data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = h.length;
        for (int i = 0; i < 8; i++) {
            out.write((int) (n >>> (8 * i)) & 0xFF);
        }
        out.writeBytes(h);
        for (int b : data) {
            out.write(b);
        }
        return out.toByteArray();
    }

    private Path save(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void readsHandBuiltF32File() throws IOException {
        // 1.0 = 0x3F800000, -2.5 = 0xC0200000, 0.15625 = 0x3E200000, 0.0 and -0.0 (0x80000000)
        byte[] bytes = file("{\"__metadata__\":{\"format\":\"pt\"},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[12,16]},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[1,3],\"data_offsets\":[0,12]},"
                        + "\"z\":{\"dtype\":\"F32\",\"shape\":[0,4],\"data_offsets\":[16,16]}}   ",
                0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0, 0x00, 0x00, 0x20, 0x3E,
                0x00, 0x00, 0x00, 0x80);
        WeightSet w = WeightFiles.read(save("hand.safetensors", bytes));
        assertThat(w.tensors().keySet()).containsExactly("b", "a", "z");
        assertThat(w.tensor("a").shape()).containsExactly(1, 3);
        assertThat(w.tensor("a").data()).containsExactly(1.0f, -2.5f, 0.15625f);
        assertThat(w.tensor("b").shape()).isEmpty();
        assertThat(Float.floatToRawIntBits(w.tensor("b").data()[0])).isEqualTo(0x80000000);
        assertThat(w.tensor("z").numel()).isZero();
        assertThat(w.metadata()).containsExactly(Map.entry("format", "pt"));
        assertThat(w.parameterCount()).isEqualTo(4);
    }

    @Test
    void convertsHalfPrecisionExactly() throws IOException {
        // binary16: 1 sign, 5 exponent (bias 15), 10 fraction bits; little-endian pairs
        int[] halves = {0x3C00, 0xC000, 0x7BFF, 0x0001, 0x0400, 0x3555, 0x7C00, 0xFC00, 0x8000, 0x03FF};
        float[] expected = {1f, -2f, 65504f, 0x1p-24f, 0x1p-14f, 0.333251953125f, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, -0f, 1023 * 0x1p-24f};
        int[] data = new int[halves.length * 2 + 2];
        for (int i = 0; i < halves.length; i++) {
            data[2 * i] = halves[i] & 0xFF;
            data[2 * i + 1] = halves[i] >>> 8;
        }
        data[halves.length * 2] = 0x00; // 0x7E00: a quiet NaN
        data[halves.length * 2 + 1] = 0x7E;
        WeightSet w = WeightFiles.read(save("half.safetensors",
                file("{\"h\":{\"dtype\":\"F16\",\"shape\":[11],\"data_offsets\":[0,22]}}", data)));
        float[] got = w.tensor("h").data();
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToRawIntBits(got[i])).as("half 0x%04x", halves[i])
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
        assertThat(got[10]).isNaN();
    }

    @Test
    void convertsBfloat16AndFloat64() throws IOException {
        // bfloat16 0x3F80 = 1, 0xC0A0 = -5, 0x3EAB = 1.3359375 / 4 = 0.333984375, 0x0001 = 2^-133
        // float64 LE: 0.1 (0x3FB999999999999A) rounds to the float 0.1f; 1e-50 (0x358DEE7A4AD4B81F)
        // underflows to 0;
        // -3.5 (0xC00C000000000000) is exact.
        byte[] bytes = file("{\"b\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
                        + "\"d\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[8,32]}}",
                0x80, 0x3F, 0xA0, 0xC0, 0xAB, 0x3E, 0x01, 0x00,
                0x9A, 0x99, 0x99, 0x99, 0x99, 0x99, 0xB9, 0x3F,
                0x1F, 0xB8, 0xD4, 0x4A, 0x7A, 0xEE, 0x8D, 0x35,
                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0xC0);
        WeightSet w = WeightFiles.read(save("mixed.safetensors", bytes));
        assertThat(w.tensor("b").data()).containsExactly(1f, -5f, 0.333984375f, 0x1p-133f);
        assertThat(w.tensor("d").data()).containsExactly(0.1f, 0f, -3.5f);
    }

    @Test
    void roundTripsTensorsAndMetadataBitForBit() throws IOException {
        SplittableRandom rng = new SplittableRandom(7);
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        float[] big = new float[3 * 7 * 11 * 13]; // more than one 64 KiB write chunk
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) rng.nextGaussian();
        }
        tensors.put("layers.0.mhsa.A_log", new TensorData(new int[] {3, 7, 11, 13}, big));
        tensors.put("scalar", new TensorData(new int[0], new float[] {-0f}));
        tensors.put("empty", new TensorData(new int[] {4, 0}, new float[0]));
        tensors.put("special", new TensorData(new int[] {4},
                new float[] {Float.intBitsToFloat(0x7FC00001), Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY}));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("config", "{\"dim_hidden\": 48}");
        meta.put("épocha", "3");
        WeightSet written = new WeightSet(tensors, meta);
        Path p = dir.resolve("round.safetensors");
        WeightFiles.writeSafetensors(p, written);

        WeightSet read = WeightFiles.read(p);
        assertThat(read).isEqualTo(written); // TensorData equality is bit equality
        assertThat(read.tensors().keySet()).containsExactlyElementsOf(tensors.keySet());
        assertThat(read.metadata()).containsExactlyEntriesOf(meta);

        // The layout itself: data starts 8-byte aligned, first tensor's first float little-endian.
        byte[] raw = Files.readAllBytes(p);
        long headerLength = 0;
        for (int i = 7; i >= 0; i--) {
            headerLength = (headerLength << 8) | (raw[i] & 0xFF);
        }
        assertThat((8 + headerLength) % 8).isZero();
        assertThat(raw.length).isEqualTo(8 + headerLength + 4L * (big.length + 1 + 4));
        int bits = Float.floatToRawIntBits(big[0]);
        int at = (int) (8 + headerLength);
        assertThat(new int[] {raw[at] & 0xFF, raw[at + 1] & 0xFF, raw[at + 2] & 0xFF, raw[at + 3] & 0xFF})
                .containsExactly(bits & 0xFF, (bits >>> 8) & 0xFF, (bits >>> 16) & 0xFF, bits >>> 24);
        String header = new String(raw, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{\"__metadata__\":{\"config\":\"{\\\"dim_hidden\\\": 48}\"");
        assertThat(header).contains("\"layers.0.mhsa.A_log\":{\"dtype\":\"F32\",\"shape\":[3,7,11,13],\"data_offsets\":[0,12012]}");
    }

    @Test
    void writingReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path p = dir.resolve("w.safetensors");
        WeightSet first = new WeightSet(Map.of("a", new TensorData(new int[] {2}, new float[] {1, 2})));
        WeightFiles.writeSafetensors(p, first);
        WeightSet second = new WeightSet(Map.of("a", new TensorData(new int[] {1}, new float[] {5})));
        WeightFiles.writeSafetensors(p, second);
        assertThat(WeightFiles.read(p)).isEqualTo(second);

        WeightSet bad = new WeightSet(Map.of("__metadata__", new TensorData(new int[] {1}, new float[] {9})));
        assertThatThrownBy(() -> WeightFiles.writeSafetensors(p, bad))
                .isInstanceOf(WeightFileException.class).hasMessageContaining("w.safetensors").hasMessageContaining("reserved");
        assertThat(WeightFiles.read(p)).isEqualTo(second);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("w.safetensors");
        }
        assertThatThrownBy(() -> WeightFiles.writeSafetensors(dir.resolve("no/such/dir/x.safetensors"), second))
                .isInstanceOf(WeightFileException.class).hasMessageContaining("does not exist");
    }

    @Test
    void writingThroughASymlinkReplacesItsTargetAndKeepsTheLink() throws IOException {
        WeightSet w = new WeightSet(Map.of("a", new TensorData(new int[] {2}, new float[] {1, 2})));
        Path sub = Files.createDirectory(dir.resolve("real"));
        Path target = sub.resolve("t.safetensors");
        Files.writeString(target, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.safetensors"), Path.of("real/t.safetensors"));
        WeightFiles.writeSafetensors(link, w);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(WeightFiles.read(target)).isEqualTo(w);
        // A dangling link creates its target.
        Path dangling = Files.createSymbolicLink(dir.resolve("new.safetensors"), sub.resolve("n.safetensors"));
        WeightFiles.writeSafetensors(dangling, w);
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(WeightFiles.read(sub.resolve("n.safetensors"))).isEqualTo(w);
        try (Stream<Path> files = Files.list(sub)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("t.safetensors", "n.safetensors");
        }
    }

    @Test
    void writingToAFifoStreamsIntoItInsteadOfReplacingIt() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException noMkfifo) {
            return;
        }
        if (mk.waitFor() != 0) return;
        WeightSet w = new WeightSet(Map.of("a", new TensorData(new int[] {2}, new float[] {1, 2})));
        java.util.concurrent.CompletableFuture<byte[]> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        WeightFiles.writeSafetensors(fifo, w);
        byte[] bytes = read.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Files.isRegularFile(fifo, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(WeightFiles.read(save("copy.safetensors", bytes))).isEqualTo(w);
    }

    @Test
    void unwritableTargetsNameTheFileNotTheTemporaryOne() throws IOException {
        WeightSet w = new WeightSet(Map.of("a", new TensorData(new int[] {1}, new float[] {1})));
        Path d = Files.createDirectory(dir.resolve("d.safetensors"));
        assertThatThrownBy(() -> WeightFiles.writeSafetensors(d, w))
                .isInstanceOf(WeightFileException.class).hasMessage(d + ": cannot be written: is a directory");
        Path file = save("plain", new byte[] {1});
        assertThatThrownBy(() -> WeightFiles.writeSafetensors(file.resolve("x.safetensors"), w))
                .hasMessageContaining("x.safetensors").hasMessageContaining("is a file, not a folder");
        assertThatThrownBy(() -> WeightFiles.writeSafetensors(Path.of("/proc/x.safetensors"), w))
                .hasMessageStartingWith("/proc/x.safetensors: cannot be written: ")
                .hasMessageNotContaining(".tmp").hasMessageNotContaining("Exception");
    }

    @Test
    void truncationAnywhereGivesAClearError() throws IOException {
        Path whole = dir.resolve("whole.safetensors");
        WeightFiles.writeSafetensors(whole, new WeightSet(Map.of(
                "a", new TensorData(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
                "b", new TensorData(new int[] {5}, new float[] {1, 2, 3, 4, 5}))));
        byte[] raw = Files.readAllBytes(whole);
        int headerEnd = raw.length - 44;
        for (int cut : new int[] {0, 3, 8, 9, headerEnd / 2, headerEnd - 1, headerEnd, headerEnd + 5, raw.length - 1}) {
            Path p = save("cut" + cut + ".safetensors", Arrays.copyOf(raw, cut));
            assertThatThrownBy(() -> WeightFiles.read(p)).as("cut at %d", cut)
                    .isInstanceOf(WeightFileException.class)
                    .hasMessageStartingWith(p.toString())
                    .hasMessageMatching("(?s).*(truncated|outside the data section).*");
        }
    }

    @Test
    void corruptHeadersAreRejectedWithTheProblemNamed() throws IOException {
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]", 0, 0, 0, 0, 0, 0, 0, 0),
                "corrupt safetensors header: invalid JSON");
        assertError(file("{not json at all}"), "corrupt safetensors header");
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 0, 0, 0, 0, 0, 0, 0, 0),
                "spanning 4 bytes, but 2 F32 elements need 8");
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 0, 0, 0, 0),
                "outside the data section of 4 bytes");
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 0, 0, 0, 0),
                "outside the data section");
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 0, 0, 0, 0),
                "not a non-negative integer");
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 0, 0, 0, 0),
                "data_offsets is missing or not an array of 2 integers");
        assertError(file("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 0, 0, 0, 0, 0, 0, 0, 0),
                "dtype I64, which is not supported");
        assertError(file("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 0, 0, 0, 0), "has no dtype");
        assertError(file("{\"a\":[]}"), "entry 'a' is not an object");
        assertError(file("{\"__metadata__\":{\"epoch\":3}}"), "metadata 'epoch' is not a string");
        byte[] notUtf8 = file("{\"\u00e9\":1}");
        notUtf8[10] = (byte) 0xFF;
        assertError(notUtf8, "not UTF-8");
        byte[] hugeLength = file("{}");
        hugeLength[7] = 0x7F;
        assertError(hugeLength, "corrupt safetensors header length");
        assertError(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "neither a safetensors file");
    }

    @Test
    void missingFileAndDirectoryAreNamed() {
        Path missing = dir.resolve("missing.safetensors");
        assertThatThrownBy(() -> WeightFiles.read(missing)).isInstanceOf(WeightFileException.class)
                .hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> WeightFiles.read(dir)).hasMessageContaining("is a directory");
    }

    @Test
    void tensorDataAndWeightSetValidateTheirInput() {
        assertThatThrownBy(() -> new TensorData(new int[] {2, 3}, new float[5])).hasMessageContaining("holds 6 elements but the data has 5");
        assertThatThrownBy(() -> new TensorData(new int[] {-1}, new float[0])).hasMessageContaining("negative dimension");
        assertThatThrownBy(() -> new TensorData(new int[] {1 << 16, 1 << 16}, new float[0])).hasMessageContaining("too large");
        assertThatThrownBy(() -> new WeightSet(Map.of()).tensor("x")).hasMessageContaining("no tensor named 'x'");
        Map<String, TensorData> m = new LinkedHashMap<>();
        m.put("x", null);
        assertThatThrownBy(() -> new WeightSet(m)).hasMessageContaining("null");
        assertThat(new TensorData(new int[] {1}, new float[] {Float.NaN}))
                .isEqualTo(new TensorData(new int[] {1}, new float[] {Float.NaN}))
                .isNotEqualTo(new TensorData(new int[] {1}, new float[] {0f}));
        assertThat(new WeightSet(Map.of("k", new TensorData(new int[0], new float[1]))).tensors()).hasSize(1);
        assertThat(List.of(new TensorData(new int[] {0}, new float[0]).toString())).containsExactly("TensorData[0]");
    }

    private void assertError(byte[] bytes, String problem) throws IOException {
        Path p = save("bad" + Math.abs(problem.hashCode()) + ".safetensors", bytes);
        assertThatThrownBy(() -> WeightFiles.read(p)).isInstanceOf(WeightFileException.class)
                .hasMessageStartingWith(p + ": ").hasMessageContaining(problem);
    }
}
