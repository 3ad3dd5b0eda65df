package ipdnet2.nn;

import ipdnet2.nn.Conv1dOp.Padding;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TensorTest {
    @Test
    void gradientsAccumulateOverBackwardCallsUntilZeroed() {
        Tensor w = Tensor.parameter(2);
        w.data()[0] = 2;
        w.data()[1] = 3;
        Tensor x = Tensor.of(new float[] {5, 7}, 2);
        Reduce.sum(Pointwise.mul(w, x)).backward();
        assertThat(w.grad()).containsExactly(5f, 7f);
        Reduce.sum(Pointwise.mul(w, x)).backward();
        assertThat(w.grad()).containsExactly(10f, 14f);
        w.zeroGrad();
        assertThat(w.grad()).containsExactly(0f, 0f);
    }

    @Test
    void aTensorUsedTwiceReceivesBothContributions() {
        // L = Σ (w·w + w) → dL/dw = 2w + 1 (a diamond in the graph)
        Tensor w = Tensor.parameter(3);
        w.data()[0] = -1;
        w.data()[1] = 0.5f;
        w.data()[2] = 4;
        Tensor s = Pointwise.mul(w, w);
        Reduce.sum(Pointwise.add(s, w)).backward();
        assertThat(w.grad()).containsExactly(-1f, 2f, 9f);
    }

    @Test
    void chainRuleThroughSeveralOpsByHand() {
        // L = mean(tanh(2w)) over one element: dL/dw = 2(1 - tanh²(2w))
        Tensor w = Tensor.parameter(1);
        w.data()[0] = 0.3f;
        Reduce.mean(Pointwise.tanh(Pointwise.scale(w, 2f))).backward();
        double t = Math.tanh(0.6);
        assertThat(w.grad()[0]).isCloseTo((float) (2 * (1 - t * t)), within(1e-6f));
    }

    @Test
    void noGradRecordsNothingAndNests() {
        Tensor w = Tensor.parameter(2);
        assertThat(NoGrad.recording()).isTrue();
        try (NoGrad outer = NoGrad.enter()) {
            try (NoGrad inner = NoGrad.enter()) {
                assertThat(NoGrad.recording()).isFalse();
            }
            assertThat(NoGrad.recording()).isFalse();
            Tensor y = Pointwise.silu(w);
            assertThat(y.requiresGrad()).isFalse();
            assertThat(y.node).isNull();
            assertThatThrownBy(() -> Reduce.sum(y).backward())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("NoGrad");
        }
        assertThat(NoGrad.recording()).isTrue();
        assertThat(Pointwise.silu(w).requiresGrad()).isTrue();
    }

    @Test
    void backwardReleasesTheGraphAndIntermediateGradients() {
        Tensor w = Tensor.parameter(2);
        Tensor mid = Pointwise.exp(w);
        Tensor loss = Reduce.sum(mid);
        loss.backward();
        assertThat(mid.node.inputs).isNull();
        assertThat(mid.grad()).isNull();
        assertThat(w.grad()).containsExactly(1f, 1f); // exp(0) = 1
    }

    @Test
    void badArgumentsAreRejectedWithClearMessages() {
        assertThatThrownBy(() -> Tensor.of(new float[3], 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match shape");
        assertThatThrownBy(() -> Tensor.parameter(2).backward())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("one-element");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).get(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void theRecordedGraphHoldsNoTensorsOnlyWhatTheBackwardsNeed() {
        // Every op result below is dropped by the caller; the graph must not keep the tensor
        // objects alive (backward functions capture gradient nodes and the arrays they need).
        Tensor w = Tensor.parameter(3, 4);
        Tensor cw = Tensor.parameter(3, 3, 2);
        Tensor g = Tensor.parameter(3);
        Tensor bt = Tensor.parameter(3);
        Tensor slope = Tensor.parameter(3);
        Tensor aScan = Tensor.parameter(3, 2);
        Tensor dScan = Tensor.parameter(3);
        for (int i = 0; i < 12; i++) w.data()[i] = 0.1f * i;
        List<WeakReference<Tensor>> refs = new ArrayList<>();
        Tensor x = Tensor.of(new float[2 * 5 * 4], 2, 5, 4);
        Tensor h = track(refs, LinearOp.apply(x, w, null));
        h = track(refs, Conv1dOp.apply(h, cw, null, 1, 1, Padding.CAUSAL));
        h = track(refs, LayerNormOp.apply(h, g, bt, 1e-5f));
        h = track(refs, Pointwise.prelu(h, slope));
        h = track(refs, Pointwise.add(h, Pointwise.silu(h)));
        h = track(refs, Layout.permute(h, 1, 0, 2));
        h = track(refs, Layout.reshape(h, 5, 2, 3));
        Tensor[] parts = Layout.split(h, -1, 1, 2);
        h = track(refs, Layout.concat(-1, parts[1], parts[0]));
        parts = null;
        Tensor bc = track(refs, Pointwise.tanh(Layout.split(h, -1, 2, 1)[0]));
        h = track(refs, ScanOp.apply(h, Pointwise.softplus(h), aScan, bc, bc, dScan));
        h = track(refs, PoolOp.avg(h, 0, 2));
        Tensor loss = Reduce.mse(h, Tensor.zeros(h.shape()));
        h = null;
        bc = null;
        System.gc();
        for (int i = 0; i < refs.size(); i++) {
            assertThat(refs.get(i).get()).as("intermediate %d is still referenced by the graph", i).isNull();
        }
        loss.backward();
        assertThat(w.grad()).isNotNull();
        assertThat(dScan.grad()).isNotNull();
    }

    private static Tensor track(List<WeakReference<Tensor>> refs, Tensor t) {
        refs.add(new WeakReference<>(t));
        return t;
    }

    @Test
    void gradientsHandedOverBySumsAndReshapesStayCorrectWhenAResultFeedsSeveralOps() {
        // h feeds a sum, a product and a reshape; sums and reshapes pass their output gradient
        // array on to an input that has none yet, which must not disturb the other paths
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        Tensor x = GradCheck.param(rng, -1, 1, 3, 4);
        Tensor c = GradCheck.param(rng, -1, 1, 3, 4);
        GradCheck.check("shared intermediate", in -> {
            Tensor h = Pointwise.scale(in[0], 2f);
            Tensor s = Pointwise.add(h, in[1]);
            Tensor p = Pointwise.mul(s, h);
            Tensor r = Layout.reshape(Pointwise.add(h, h), 4, 3);
            return Pointwise.add(Pointwise.add(p, Layout.reshape(r, 3, 4)), s);
        }, x, c);
    }

    @Test
    void recycledGradientBuffersGiveTheSameGradients() {
        // arrays large enough to be recycled; the second backward runs on recycled buffers
        java.util.SplittableRandom rng = new java.util.SplittableRandom(6);
        Tensor x = GradCheck.param(rng, -1, 1, 40, 512);
        Tensor c = GradCheck.param(rng, -1, 1, 40, 512);
        java.util.function.Function<Tensor[], Tensor> f = in -> {
            Tensor h = Pointwise.silu(Pointwise.scale(in[0], 2f));
            Tensor s = Pointwise.add(h, in[1]);
            Tensor p = Pointwise.mul(s, Pointwise.tanh(h));
            return Pointwise.add(Layout.reshape(p, 80, 256), Layout.reshape(Pointwise.mul(s, s), 80, 256));
        };
        float[][] first = new float[2][];
        for (int run = 0; run < 2; run++) {
            x.zeroGrad();
            c.zeroGrad();
            Reduce.sum(f.apply(new Tensor[] {x, c})).backward();
            if (run == 0) first = new float[][] {x.grad().clone(), c.grad().clone()};
        }
        assertThat(x.grad()).containsExactly(first[0]);
        assertThat(c.grad()).containsExactly(first[1]);
        GradCheck.check("recycled buffers", f, new Tensor[] {x, c}, 3e-3, 1e-2, 20, 3);
    }
}
