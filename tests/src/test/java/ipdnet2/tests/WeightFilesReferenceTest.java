package ipdnet2.tests;

import static org.assertj.core.api.Assertions.assertThat;

import ipdnet2.nn.io.Json;
import ipdnet2.nn.io.TensorData;
import ipdnet2.nn.io.WeightFiles;
import ipdnet2.nn.io.WeightSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same IPDnet2-Tiny parameters saved by the published implementation in three formats
 * (safetensors, {@code torch.save(state_dict)}, a Lightning checkpoint) must load to the same
 * names, shapes and bit patterns, matching the configuration in {@code tiny.json}.
 */
class WeightFilesReferenceTest {

    @TempDir
    static Path dir;

    static Map<String, Object> config;
    static WeightSet safetensors;
    static WeightSet stateDict;
    static WeightSet checkpoint;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = resource("tiny.json")) {
            config = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        safetensors = WeightFiles.read(copy("tiny.weights.safetensors"));
        stateDict = WeightFiles.read(copy("tiny.state_dict.pt"));
        checkpoint = WeightFiles.read(copy("tiny.lightning.ckpt"));
    }

    private static InputStream resource(String name) {
        InputStream in = WeightFilesReferenceTest.class.getResourceAsStream("/reference/" + name);
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

    @Test
    void allThreeFormatsHoldTheSameNamesShapesAndBits() {
        assertThat(safetensors.tensors()).hasSize(326);
        for (WeightSet other : new WeightSet[] {stateDict, checkpoint}) {
            assertThat(other.tensors().keySet()).isEqualTo(safetensors.tensors().keySet());
            for (Map.Entry<String, TensorData> e : safetensors.tensors().entrySet()) {
                TensorData a = e.getValue();
                TensorData b = other.tensor(e.getKey());
                assertThat(b.shape()).as(e.getKey()).containsExactly(a.shape());
                for (int i = 0; i < a.numel(); i++) {
                    if (Float.floatToRawIntBits(a.data()[i]) != Float.floatToRawIntBits(b.data()[i])) {
                        throw new AssertionError(e.getKey() + "[" + i + "]: " + a.data()[i] + " != " + b.data()[i]);
                    }
                }
            }
        }
    }

    @Test
    void namesAndShapesFollowTheConfiguration() {
        int hidden = number("dim_hidden");
        assertThat(safetensors.tensor("encoder.weight").shape())
                .containsExactly(hidden, number("dim_input"), number("encoder_kernel_size"));
        // Mamba: A_log is [expand × hidden, d_state]
        assertThat(safetensors.tensor("layers.0.mhsa.A_log").shape())
                .containsExactly(number("expand") * hidden, number("d_state"));
        assertThat(safetensors.tensors()).containsKey("layers." + (number("num_layers") - 1) + ".tconvffn.out_proj.weight");
        assertThat(safetensors.parameterCount()).isEqualTo(number("params")).isEqualTo(383_568);
        // every parameter was perturbed, so none is all zeros and none is NaN
        for (Map.Entry<String, TensorData> e : stateDict.tensors().entrySet()) {
            float[] d = e.getValue().data();
            boolean nonZero = false;
            for (float v : d) {
                assertThat(Float.isNaN(v)).as(e.getKey()).isFalse();
                nonZero |= v != 0;
            }
            assertThat(nonZero).as(e.getKey()).isTrue();
        }
    }

    @Test
    void checkpointExposesTrainingProgress() {
        assertThat(checkpoint.metadata()).containsEntry("epoch", "3").containsEntry("global_step", "42");
        assertThat(stateDict.metadata()).isEmpty();
    }

    @Test
    void gradientFileHasTheParameterLayout() throws IOException {
        WeightSet grads = WeightFiles.read(copy("tiny.grads.safetensors"));
        assertThat(grads.tensors().keySet()).containsExactlyElementsOf(safetensors.tensors().keySet());
        for (String name : grads.tensors().keySet()) {
            assertThat(grads.tensor(name).shape()).as(name).containsExactly(safetensors.tensor(name).shape());
        }
    }

    @Test
    void rewritingAsSafetensorsPreservesEverything() throws IOException {
        Path out = dir.resolve("rewritten.safetensors");
        WeightFiles.writeSafetensors(out, checkpoint);
        WeightSet back = WeightFiles.read(out);
        assertThat(back).isEqualTo(checkpoint);
        assertThat(back.tensors().keySet()).containsExactlyElementsOf(checkpoint.tensors().keySet());
    }

    private static int number(String key) {
        return ((Double) config.get(key)).intValue();
    }
}
