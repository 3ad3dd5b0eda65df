package ipdnet2.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ipdnet2.dsp.io.Npy;
import ipdnet2.dsp.io.NpyArray;
import ipdnet2.nn.NoGrad;
import ipdnet2.nn.Reduce;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.io.TensorData;
import ipdnet2.nn.io.WeightFileException;
import ipdnet2.nn.io.WeightFiles;
import ipdnet2.nn.io.WeightSet;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.IPDnet2Config;
import ipdnet2.nn.model.Weights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java network against tensors produced by the published PyTorch implementation
 * (reference/README.md): same forward output within 1e-4 from each of the three weight formats,
 * and the same parameter gradients of mean((output − target)²).
 */
class NetworkReferenceTest {
    @TempDir
    static Path dir;
    static NpyArray input, output, target;

    @BeforeAll
    static void load() throws IOException {
        input = npy("tiny.input.npy");
        output = npy("tiny.output.npy");
        target = npy("tiny.target.npy");
    }

    static NpyArray npy(String name) throws IOException {
        try (InputStream in = NetworkReferenceTest.class.getResourceAsStream("/reference/" + name)) {
            assertThat(in).as("test resource /reference/%s", name).isNotNull();
            return Npy.read(in, name);
        }
    }

    static Path copy(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = NetworkReferenceTest.class.getResourceAsStream("/reference/" + name)) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny.weights.safetensors", "tiny.state_dict.pt", "tiny.lightning.ckpt"})
    void forwardMatchesTheReferenceFromEveryWeightFormat(String file) throws IOException {
        IPDnet2 net = Weights.load(copy(file), null);
        assertThat(net.config()).isEqualTo(IPDnet2Config.tiny());
        assertThat(net.parameterCount()).isEqualTo(383_568L);
        Tensor out;
        try (NoGrad g = NoGrad.enter()) {
            out = net.forward(Tensor.of(input.floats().clone(), input.shape()));
        }
        assertThat(out.shape()).containsExactly(output.shape());
        assertThat(maxAbsDiff(out.data(), output.floats())).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void gradientsOfTheMseLossMatchTheReference() throws IOException {
        IPDnet2 net = Weights.load(copy("tiny.weights.safetensors"), null);
        WeightSet refGrads = WeightFiles.read(copy("tiny.grads.safetensors"));
        Tensor out = net.forward(Tensor.of(input.floats().clone(), input.shape()));
        Tensor loss = Reduce.mse(out, Tensor.of(target.floats().clone(), target.shape()));
        assertThat((double) loss.item()).isCloseTo(0.5351746678352356, org.assertj.core.data.Offset.offset(1e-5));
        loss.backward();
        Map<String, Tensor> params = net.namedParameters();
        assertThat(refGrads.tensors().keySet()).containsExactlyInAnyOrderElementsOf(params.keySet());
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            float[] ref = refGrads.tensor(e.getKey()).data();
            float[] got = e.getValue().grad();
            assertThat(got).as("gradient of %s", e.getKey()).isNotNull();
            double err = 0, norm = 0;
            for (int i = 0; i < ref.length; i++) {
                err += (got[i] - ref[i]) * (double) (got[i] - ref[i]);
                norm += ref[i] * (double) ref[i];
            }
            assertThat(Math.sqrt(err)).as("gradient error norm of %s (reference norm %s)", e.getKey(), Math.sqrt(norm))
                    .isLessThanOrEqualTo(1e-3 * Math.sqrt(norm) + 1e-12);
        }
    }

    @Test
    void savedSafetensorsCarryTheConfigurationAndReloadIdentically() throws IOException {
        IPDnet2 net = Weights.load(copy("tiny.state_dict.pt"), null);
        Path out = dir.resolve("converted.safetensors");
        Weights.save(net, out, Map.of("source", "test"));
        WeightSet saved = WeightFiles.read(out);
        assertThat(saved.metadata()).containsEntry("dim_hidden", "48").containsEntry("source", "test");
        IPDnet2 again = Weights.load(out, null);
        for (Map.Entry<String, Tensor> e : net.namedParameters().entrySet()) {
            assertThat(again.namedParameters().get(e.getKey()).data()).isEqualTo(e.getValue().data());
        }
    }

    @Test
    void stateDictOrderAndNamesEqualTheReference() throws IOException {
        WeightSet ref = WeightFiles.read(copy("tiny.weights.safetensors"));
        IPDnet2 fresh = new IPDnet2(IPDnet2Config.tiny(), 1L);
        assertThat(fresh.namedParameters().keySet()).containsExactlyInAnyOrderElementsOf(ref.tensors().keySet());
        for (Map.Entry<String, TensorData> e : ref.tensors().entrySet()) {
            assertThat(fresh.namedParameters().get(e.getKey()).shape()).as(e.getKey()).containsExactly(e.getValue().shape());
        }
    }

    @Test
    void missingUnexpectedAndMisshapenTensorsAreNamed() throws IOException {
        WeightSet ref = WeightFiles.read(copy("tiny.weights.safetensors"));
        Map<String, TensorData> t = new LinkedHashMap<>(ref.tensors());
        t.remove("layers.3.mhsa.D");
        t.put("layers.0.extra", new TensorData(new int[] {1}, new float[1]));
        t.put("decoder.bias", new TensorData(new int[] {15}, new float[15]));
        Path bad = dir.resolve("bad.safetensors");
        WeightFiles.writeSafetensors(bad, new WeightSet(t));
        assertThatThrownBy(() -> Weights.load(bad, null)).isInstanceOf(WeightFileException.class)
                .hasMessageContaining("missing tensor 'layers.3.mhsa.D'")
                .hasMessageContaining("unexpected tensor 'layers.0.extra'")
                .hasMessageContaining("tensor 'decoder.bias' has shape [15]");
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a.length).isEqualTo(b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
            if (Float.isNaN(a[i])) return Double.NaN;
        }
        return m;
    }
}
