package ipdnet2.nn;

import ipdnet2.nn.Conv1dOp.Padding;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

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
        // Every op result inside graph() is dropped when it returns; the graph must not keep the
        // tensor objects alive (backward functions capture gradient nodes and the arrays they need).
        SplittableRandom rng = new SplittableRandom(11);
        Tensor x = GradCheck.constant(rng, -1, 1, 2, 5, 4);
        Tensor[] p = {
            GradCheck.param(rng, -0.5, 0.5, 3, 4),     // linear weight
            GradCheck.param(rng, -0.5, 0.5, 3, 3, 2),  // conv weight
            GradCheck.param(rng, 0.5, 1.5, 3),         // layer-norm gain
            GradCheck.param(rng, -0.2, 0.2, 3),        // layer-norm bias
            GradCheck.param(rng, 0.05, 0.3, 3),        // PReLU slope
            GradCheck.param(rng, -1.5, -0.3, 3, 2),    // scan A (negative)
            GradCheck.param(rng, 0.5, 1.5, 3),         // scan D
        };
        List<WeakReference<Tensor>> refs = new ArrayList<>();
        Tensor loss = graph(x, p, refs);
        // a collection may leave weakly reachable objects for a later one: collect, with garbage
        // in between, until every reference is cleared or a generous number of tries has passed
        for (int attempt = 0; attempt < 100 && refs.stream().anyMatch(r -> r.get() != null); attempt++) {
            byte[][] garbage = new byte[64][];
            for (int i = 0; i < garbage.length; i++) garbage[i] = new byte[1 << 16];
            System.gc();
        }
        for (int i = 0; i < refs.size(); i++) {
            assertThat(refs.get(i).get()).as("intermediate %d is still referenced by the graph", i).isNull();
        }
        loss.backward();
        // the backward through the pruned graph gives the gradients of the loss: every element of
        // the first op's weight and of the scan's last parameter, against central differences
        // (tolerance as GradCheck's: float32 rounding and the h² truncation error)
        for (int k : new int[] {0, 6}) {
            Tensor t = p[k];
            assertThat(t.grad()).as("gradient of parameter %d", k).isNotNull();
            float[] analytic = t.grad().clone();
            for (int i = 0; i < t.numel(); i++) {
                float orig = t.data()[i];
                float up = (float) (orig + GradCheck.H), down = (float) (orig - GradCheck.H);
                t.data()[i] = up;
                double lUp = lossValue(x, p);
                t.data()[i] = down;
                double lDown = lossValue(x, p);
                t.data()[i] = orig;
                double numeric = (lUp - lDown) / ((double) up - (double) down);
                assertThat(Math.abs(analytic[i] - numeric))
                        .as("d loss / d p%d[%d]: analytic %.6g vs numeric %.6g", k, i, analytic[i], numeric)
                        .isLessThanOrEqualTo(2e-3 + 1e-2 * Math.max(Math.abs(analytic[i]), Math.abs(numeric)));
            }
            double norm = 0;
            for (float a : analytic) norm += Math.abs(a);
            assertThat(norm).as("gradient of parameter %d is not all zero", k).isGreaterThan(1e-3);
        }
    }

    /** A chain of the engine's ops on x ending in an MSE loss; every intermediate is added to refs. */
    private static Tensor graph(Tensor x, Tensor[] p, List<WeakReference<Tensor>> refs) {
        Tensor h = track(refs, LinearOp.apply(x, p[0], null));
        h = track(refs, Conv1dOp.apply(h, p[1], null, 1, 1, Padding.CAUSAL));
        h = track(refs, LayerNormOp.apply(h, p[2], p[3], 1e-5f));
        h = track(refs, Pointwise.prelu(h, p[4]));
        h = track(refs, Pointwise.add(h, Pointwise.silu(h)));
        h = track(refs, Layout.permute(h, 1, 0, 2));
        h = track(refs, Layout.reshape(h, 5, 2, 3));
        Tensor[] parts = Layout.split(h, -1, 1, 2);
        h = track(refs, Layout.concat(-1, parts[1], parts[0]));
        Tensor bc = track(refs, Pointwise.tanh(Layout.split(h, -1, 2, 1)[0]));
        h = track(refs, ScanOp.apply(h, Pointwise.softplus(h), p[5], bc, bc, p[6]));
        h = track(refs, PoolOp.avg(h, 0, 2));
        return Reduce.mse(h, Tensor.zeros(h.shape()));
    }

    private static double lossValue(Tensor x, Tensor[] p) {
        try (NoGrad scope = NoGrad.enter()) {
            return graph(x, p, new ArrayList<>()).data()[0];
        }
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
