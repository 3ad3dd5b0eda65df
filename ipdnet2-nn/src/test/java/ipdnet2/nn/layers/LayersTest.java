package ipdnet2.nn.layers;

import ipdnet2.nn.Conv1dOp.Padding;
import ipdnet2.nn.LayerNormOp;
import ipdnet2.nn.NoGrad;
import ipdnet2.nn.Pointwise;
import ipdnet2.nn.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LayersTest {
    @Test
    void mambaParameterNamesAndShapesAreTheReferenceStateDictKeys() {
        // keys and shapes of layers.0.mhsa in the reference Tiny checkpoint (H = 48)
        Map<String, Tensor> p = new Mamba(48).namedParameters();
        List<String> shapes = new ArrayList<>();
        p.forEach((k, v) -> shapes.add(k + java.util.Arrays.toString(v.shape())));
        assertThat(shapes).containsExactly(
                "A_log[96, 16]", "D[96]", "in_proj.weight[192, 48]", "conv1d.weight[96, 1, 4]",
                "conv1d.bias[96]", "x_proj.weight[35, 96]", "dt_proj.weight[96, 3]", "dt_proj.bias[96]",
                "out_proj.weight[48, 96]");
        assertThat(new Mamba(48).parameterCount()).isEqualTo(19680);
    }

    @Test
    void sequentialAndNestedModulesNameParametersLikeAStateDict() {
        Module layer = new Module();
        Sequential fconv1 = layer.addModule("fconv1", new Sequential()
                .add(new LayerNorm(48))
                .add(new Conv1d(48, 48, 5, 8, Padding.SAME, true, 1))
                .add(new PReLU(48)));
        Sequential squeeze = layer.addModule("squeeze", new Sequential()
                .add(new Conv1d(48, 8, 1, 1, Padding.SAME, true, 1)).add(Pointwise::silu));
        Module root = new Module();
        root.addModule("layers", new Module()).addModule("0", layer);
        assertThat(root.namedParameters().keySet()).containsExactly(
                "layers.0.fconv1.0.weight", "layers.0.fconv1.0.bias", "layers.0.fconv1.1.weight",
                "layers.0.fconv1.1.bias", "layers.0.fconv1.2.weight", "layers.0.squeeze.0.weight",
                "layers.0.squeeze.0.bias");
        assertThat(root.namedParameters().get("layers.0.fconv1.1.weight").shape()).containsExactly(48, 6, 5);
        assertThat(fconv1.size()).isEqualTo(3);
        assertThat(squeeze.size()).isEqualTo(2);
        assertThatThrownBy(() -> layer.addModule("fconv1", new Module()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
        assertThatThrownBy(() -> layer.addModule("a.b", new Module()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sequentialAppliesStepsInOrder() {
        Sequential s = new Sequential().add(x -> Pointwise.scale(x, 2f)).add(Pointwise::exp);
        assertThat(s.forward(Tensor.of(new float[] {0.5f}, 1)).item()).isCloseTo((float) Math.E, within(1e-6f));
    }

    @Test
    void initialisationIsDeterministicAndFollowsThePyTorchDefaults() {
        Mamba a = new Mamba(48), b = new Mamba(48), c = new Mamba(48);
        a.initialize(3);
        b.initialize(3);
        c.initialize(4);
        for (String k : a.namedParameters().keySet()) {
            assertThat(a.namedParameters().get(k).data()).as(k).containsExactly(b.namedParameters().get(k).data());
        }
        assertThat(a.namedParameters().get("in_proj.weight").data())
                .isNotEqualTo(c.namedParameters().get("in_proj.weight").data());
        Map<String, Tensor> p = a.namedParameters();
        assertBounded(p.get("in_proj.weight"), 1 / Math.sqrt(48));
        assertBounded(p.get("x_proj.weight"), 1 / Math.sqrt(96));
        assertBounded(p.get("out_proj.weight"), 1 / Math.sqrt(96));
        assertBounded(p.get("conv1d.weight"), 1 / Math.sqrt(4)); // fan_in = 1·4 (depthwise)
        assertBounded(p.get("conv1d.bias"), 1 / Math.sqrt(4));
        assertBounded(p.get("dt_proj.weight"), 1 / Math.sqrt(3));
        for (float bias : p.get("dt_proj.bias").data()) {
            double dt = Math.log1p(Math.exp(bias)); // softplus(bias) = Δ₀ ∈ [0.001, 0.1]
            assertThat(dt).isBetween(0.001 - 1e-7, 0.1 + 1e-7);
        }
        assertThat(p.get("A_log").get(5, 0)).isEqualTo(0f);
        assertThat(p.get("A_log").get(5, 15)).isCloseTo((float) Math.log(16), within(1e-6f));
        assertThat(p.get("D").data()).containsOnly(1f);
        LayerNorm ln = new LayerNorm(4);
        ln.initialize(1);
        assertThat(ln.namedParameters().get("weight").data()).containsOnly(1f);
        assertThat(ln.namedParameters().get("bias").data()).containsOnly(0f);
        PReLU pr = new PReLU(3);
        assertThat(pr.namedParameters().get("weight").data()).containsOnly(0.25f);
        Conv1d grouped = new Conv1d(48, 48, 5, 8, Padding.SAME, true, 1);
        grouped.initialize(2);
        assertBounded(grouped.weight(), 1 / Math.sqrt(6 * 5));
    }

    /** All values inside ±bound and spread over it (max |value| above 90 % of the bound). */
    private static void assertBounded(Tensor t, double bound) {
        double max = 0;
        for (float v : t.data()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).isGreaterThan(0.9 * bound);
    }

    @Test
    void layerModulesComputeTheirOps() {
        LayerNorm ln = new LayerNorm(4);
        Tensor x = Tensor.of(new float[] {1, 2, 3, 6}, 1, 4);
        assertThat(ln.forward(x).data()).containsExactly(
                LayerNormOp.apply(x, Tensor.of(new float[] {1, 1, 1, 1}, 4), Tensor.zeros(4), 1e-5f).data());
        Linear lin = new Linear(2, 1, true);
        lin.weight().data()[0] = 2;
        lin.weight().data()[1] = -1;
        lin.bias().data()[0] = 0.5f;
        assertThat(lin.forward(Tensor.of(new float[] {3, 4}, 2)).item()).isEqualTo(2.5f);
    }

    @Test
    void mambaInferenceModeGivesTheSameOutputAsTrainingMode() {
        // Inference fuses the element-wise stages (its own kernels): equal to rounding. d_model 20
        // gives E = 40 (vectors and a tail); T = 2 is shorter than the convolution's taps.
        for (int t : new int[] {12, 2}) {
            Mamba m = new Mamba(20);
            m.initialize(9);
            SplittableRandom rng = new SplittableRandom(1);
            for (Tensor p : m.parameters()) {
                for (int i = 0; i < p.numel(); i++) p.data()[i] += (float) (0.05 * rng.nextGaussian());
            }
            Tensor h = Tensor.zeros(2, 3, t, 20);
            for (int i = 0; i < h.numel(); i++) h.data()[i] = (float) rng.nextGaussian();
            float[] train = m.forward(h).data();
            float[] infer;
            try (NoGrad scope = NoGrad.enter()) {
                infer = m.forward(h).data();
            }
            assertThat(infer).hasSameSizeAs(train);
            double scale = 0;
            for (float v : train) scale = Math.max(scale, Math.abs(v));
            assertThat(scale).isGreaterThan(0.05);
            for (int i = 0; i < train.length; i++) {
                assertThat((double) infer[i]).as("T %d element %d", t, i).isCloseTo(train[i], within(2e-6 * scale));
            }
        }
    }

    @Test
    void mambaStreamingFrameByFrameEqualsTheWholeSequence() {
        Mamba m = new Mamba(16);
        m.initialize(5);
        SplittableRandom rng = new SplittableRandom(8);
        for (Tensor p : m.parameters()) {
            for (int i = 0; i < p.numel(); i++) p.data()[i] += (float) (0.05 * rng.nextGaussian());
        }
        int b = 2, f = 3, t = 9, hd = 16;
        Tensor h = Tensor.zeros(b, f, t, hd);
        for (int i = 0; i < h.numel(); i++) h.data()[i] = (float) rng.nextGaussian();
        float[] whole = m.forward(h).data();
        Mamba.Stream stream = m.newStream(b * f);
        for (int k = 0; k < t; k++) {
            Tensor frame = Tensor.zeros(b, f, hd);
            for (int s = 0; s < b * f; s++) System.arraycopy(h.data(), (s * t + k) * hd, frame.data(), s * hd, hd);
            Tensor out = m.step(frame, stream);
            assertThat(out.shape()).containsExactly(b, f, hd);
            for (int s = 0; s < b * f; s++) {
                for (int c = 0; c < hd; c++) {
                    assertThat(out.data()[s * hd + c]).as("seq %d frame %d channel %d", s, k, c)
                            .isCloseTo(whole[(s * t + k) * hd + c], within(2e-5f));
                }
            }
        }
        assertThatThrownBy(() -> m.step(Tensor.zeros(4, hd), stream))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 sequences");
    }
}
