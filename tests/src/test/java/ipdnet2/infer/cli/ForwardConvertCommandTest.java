package ipdnet2.infer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ipdnet2.dsp.io.Npy;
import ipdnet2.dsp.io.NpyArray;
import ipdnet2.nn.io.TensorData;
import ipdnet2.nn.io.WeightFiles;
import ipdnet2.nn.io.WeightSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code forward} and {@code convert} commands against the tensors of the published
 * implementation (reference/README.md): the network output of the IPDnet2-Tiny reference weights,
 * and the same parameters in the PyTorch and safetensors formats.
 */
class ForwardConvertCommandTest {
    @TempDir
    static Path dir;
    static Path weights, stateDict, input, expected;
    /** The reference output of the cropped input: batch 1, output frames 0-4, as a flat array. */
    static float[] expectedOutput;

    /**
     * The reference input cropped to batch element 1 and its first 25 STFT frames (5 output
     * frames), so the forward stays short. The network is causal (convolutions and the selective
     * scan look only backwards in time, pooling groups 5 frames), so these are the first 5 output
     * frames of the full reference run.
     */
    @BeforeAll
    static void files() throws IOException {
        weights = copy("tiny.weights.safetensors");
        stateDict = copy("tiny.state_dict.pt");
        NpyArray x = read("tiny.input.npy");   // [2, 10, 256, 100]
        NpyArray y = read("tiny.output.npy");  // [2, 20, 512, 4, 2]
        assertThat(x.shape()).containsExactly(2, 10, 256, 100);
        assertThat(y.shape()).containsExactly(2, 20, 512, 4, 2);
        float[] xs = x.floats(), in = new float[10 * 256 * 25];
        for (int c = 0; c < 10 * 256; c++) System.arraycopy(xs, (10 * 256 + c) * 100, in, c * 25, 25);
        input = dir.resolve("input.npy");
        Npy.write(input, new int[] {1, 10, 256, 25}, in);
        int per = 512 * 4 * 2;
        expectedOutput = Arrays.copyOfRange(y.floats(), 20 * per, 20 * per + 5 * per);
        expected = dir.resolve("expected.npy");
        Npy.write(expected, new int[] {1, 5, 512, 4, 2}, expectedOutput);
    }

    private static NpyArray read(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return Npy.read(in, name);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = ForwardConvertCommandTest.class.getResourceAsStream("/reference/" + name);
        assertThat(in).as("test resource /reference/%s", name).isNotNull();
        return in;
    }

    private static Path copy(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = resource(name)) {
            Files.copy(in, p);
        }
        return p;
    }

    private static void assertOneLineError(CliRun r, String... expected) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").doesNotContain("\tat ");
        for (String e : expected) assertThat(r.err()).contains(e);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
    }

    // ---------------------------------------------------------------- forward

    @Test
    void forwardReproducesTheReferenceOutput() throws IOException {
        Path out = dir.resolve("out.npy");
        CliRun r = CliRun.of("forward", "--weights", weights.toString(), "--input", input.toString(), "--output",
                out.toString(), "--compare", expected.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        NpyArray y = Npy.read(out);
        assertThat(y.shape()).containsExactly(1, 5, 512, 4, 2);
        double max = 0;
        for (int i = 0; i < expectedOutput.length; i++) max = Math.max(max, Math.abs(y.floats()[i] - expectedOutput[i]));
        assertThat(max).as("the network reproduces the reference within 1e-6 (README); 1e-5 leaves room for the JIT").isLessThanOrEqualTo(1e-5);
        // the printed comparison is that same difference
        String line = r.out().lines().filter(l -> l.startsWith("max |output - expected.npy| = ")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(line.substring(line.indexOf("= ") + 2))).isCloseTo(max,
                org.assertj.core.data.Offset.offset(max * 1e-2 + 1e-12));
        assertThat(r.out()).startsWith("wrote " + out + " [1, 5, 512, 4, 2] (forward ");
    }

    @Test
    void forwardOnAnInputWithTheWrongChannelCount() throws IOException {
        Path eight = dir.resolve("eight.npy");
        Npy.write(eight, new int[] {1, 8, 256, 5}, new float[8 * 256 * 5]);
        Path out = dir.resolve("never.npy");
        assertOneLineError(CliRun.of("forward", "--weights", weights.toString(), "--input", eight.toString(), "--output",
                out.toString()), "eight.npy: ", "[1, 8, 256, 5] must be [B, 10, 256, T]");
        assertThat(out).doesNotExist();
    }

    @Test
    void forwardComparedWithATensorOfAnotherShape() throws IOException {
        Path wrong = dir.resolve("wrong.npy");
        Npy.write(wrong, new int[] {1, 5, 512, 4, 3}, new float[5 * 512 * 4 * 3]);
        Path out = dir.resolve("not-written.npy");
        assertOneLineError(CliRun.of("forward", "--weights", weights.toString(), "--input", input.toString(), "--output",
                out.toString(), "--compare", wrong.toString()),
                "wrong.npy: shape [1, 5, 512, 4, 3] differs from the output's [1, 5, 512, 4, 2]");
        assertThat(out).doesNotExist();
    }

    @Test
    void forwardWithCorruptWeights() throws IOException {
        Path junk = dir.resolve("junk.safetensors");
        Files.write(junk, "not a weights file at all".getBytes());
        assertOneLineError(CliRun.of("forward", "--weights", junk.toString(), "--input", input.toString(), "--output",
                dir.resolve("o1.npy").toString()), "junk.safetensors: is neither a safetensors file");
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(weights), 1000));
        assertOneLineError(CliRun.of("forward", "--weights", cut.toString(), "--input", input.toString(), "--output",
                dir.resolve("o2.npy").toString()), "cut.safetensors: truncated safetensors file");
    }

    // ---------------------------------------------------------------- convert

    @Test
    void convertWritesTheSameParametersWithTheConfiguration() throws IOException {
        Path out = dir.resolve("converted.safetensors");
        CliRun r = CliRun.of("convert", "--weights", stateDict.toString(), "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        // tiny.json: 383,568 parameters, hidden 48, time pooling after layer 0
        assertThat(r.out()).isEqualTo("wrote " + out + " (383568 parameters, hidden 48, time pooling after layer 0)"
                + System.lineSeparator());
        WeightSet converted = WeightFiles.read(out);
        WeightSet reference = WeightFiles.read(weights);
        assertThat(converted.tensors().keySet()).isEqualTo(reference.tensors().keySet());
        for (Map.Entry<String, TensorData> e : reference.tensors().entrySet()) {
            TensorData a = e.getValue(), b = converted.tensor(e.getKey());
            assertThat(b.shape()).as(e.getKey()).containsExactly(a.shape());
            for (int i = 0; i < a.numel(); i++) {
                if (Float.floatToRawIntBits(a.data()[i]) != Float.floatToRawIntBits(b.data()[i])) {
                    throw new AssertionError(e.getKey() + "[" + i + "]: " + a.data()[i] + " != " + b.data()[i]);
                }
            }
        }
        assertThat(converted.metadata()).containsEntry("dim_hidden", "48").containsEntry("converted_from", "tiny.state_dict.pt");
        // the converted file runs like the reference weights
        Path y = dir.resolve("converted-out.npy");
        CliRun f = CliRun.of("forward", "--weights", out.toString(), "--input", input.toString(), "--output", y.toString());
        assertThat(f.code()).as(f.err()).isZero();
        float[] got = Npy.read(y).floats();
        for (int i = 0; i < got.length; i++) {
            if (!(Math.abs(got[i] - expectedOutput[i]) <= 1e-5)) throw new AssertionError(i + ": " + got[i] + " vs " + expectedOutput[i]);
        }
    }

    @Test
    void convertOfACorruptFile() throws IOException {
        Path cut = dir.resolve("cut.pt");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(stateDict), 5000));
        Path out = dir.resolve("from-cut.safetensors");
        assertOneLineError(CliRun.of("convert", "--weights", cut.toString(), "--output", out.toString()),
                "cut.pt: corrupt or truncated zip archive");
        assertThat(out).doesNotExist();
        // a readable file that is not a complete IPDnet2
        WeightSet ref = WeightFiles.read(weights);
        java.util.Map<String, TensorData> fewer = new java.util.LinkedHashMap<>(ref.tensors());
        fewer.remove("layers.3.mhsa.A_log");
        Path partial = dir.resolve("partial.safetensors");
        WeightFiles.writeSafetensors(partial, new WeightSet(fewer, ref.metadata()));
        assertOneLineError(CliRun.of("convert", "--weights", partial.toString(), "--output", out.toString()),
                "partial.safetensors: ", "missing tensor 'layers.3.mhsa.A_log'");
        assertThat(out).doesNotExist();
    }
}
