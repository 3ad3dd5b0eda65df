package ipdnet2.nn.optim;

import ipdnet2.nn.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OptimTest {
    private static Tensor param(float... values) {
        Tensor p = Tensor.parameter(values.length);
        System.arraycopy(values, 0, p.data(), 0, values.length);
        return p;
    }

    private static void setGrad(Tensor p, float... g) {
        // produce the grad buffer through a real backward: L = Σ g·p
        ipdnet2.nn.Reduce.sum(ipdnet2.nn.Pointwise.mul(p, Tensor.of(g.clone(), g.length))).backward();
    }

    @Test
    void firstStepMovesEachWeightByAboutLrAgainstItsGradientSign() {
        // t = 1: m = 0.1g, v = 0.001g², √v/√0.001 = |g|, step size lr/0.1 → p·(1 − lr·wd) − lr·g/(|g| + ε)
        Tensor p = param(1f, -2f);
        AdamW opt = new AdamW(List.of(p), 0.1);
        setGrad(p, 0.5f, -0.1f);
        opt.step();
        assertThat(p.data()[0]).isCloseTo((float) (0.999 - 0.1 * 0.5 / (0.5 + 1e-8)), within(1e-6f));
        assertThat(p.data()[1]).isCloseTo((float) (-2 * 0.999 + 0.1 * 0.1 / (0.1 + 1e-8)), within(1e-6f));
        assertThat(opt.stepCount(0)).isEqualTo(1);
    }

    @Test
    void threeStepsMatchTheUpdateWrittenOut() {
        double lr = 0.05, b1 = 0.8, b2 = 0.9, eps = 1e-3, wd = 0.1;
        Tensor p = param(0.7f);
        AdamW opt = new AdamW(List.of(p), lr, b1, b2, eps, wd);
        double w = 0.7, m = 0, v = 0;
        float[] grads = {0.3f, -1.2f, 0.05f};
        for (int t = 1; t <= 3; t++) {
            opt.zeroGrad();
            setGrad(p, grads[t - 1]);
            opt.step();
            double g = grads[t - 1];
            w -= lr * wd * w;
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double denom = Math.sqrt(v) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
            w -= lr / (1 - Math.pow(b1, t)) * m / denom;
            assertThat(p.data()[0]).as("step %d", t).isCloseTo((float) w, within(1e-6f));
            assertThat(opt.firstMoment(0)[0]).isCloseTo((float) m, within(1e-7f));
            assertThat(opt.secondMoment(0)[0]).isCloseTo((float) v, within(1e-7f));
        }
    }

    @Test
    void stateRestoredIntoANewOptimiserContinuesIdentically() {
        Tensor a = param(0.5f, -0.25f), b = param(0.5f, -0.25f);
        AdamW oa = new AdamW(List.of(a), 0.01);
        for (int t = 0; t < 2; t++) {
            oa.zeroGrad();
            setGrad(a, 0.2f, 0.4f);
            oa.step();
        }
        System.arraycopy(a.data(), 0, b.data(), 0, 2);
        AdamW ob = new AdamW(List.of(b), 0.01);
        ob.setStepCount(0, oa.stepCount(0));
        System.arraycopy(oa.firstMoment(0), 0, ob.firstMoment(0), 0, 2);
        System.arraycopy(oa.secondMoment(0), 0, ob.secondMoment(0), 0, 2);
        oa.zeroGrad();
        setGrad(a, -0.3f, 0.1f);
        oa.step();
        setGrad(b, -0.3f, 0.1f);
        ob.step();
        assertThat(b.data()).containsExactly(a.data());
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        Tensor p = param(1f);
        AdamW opt = new AdamW(List.of(p), 0.1);
        opt.step();
        assertThat(p.data()[0]).isEqualTo(1f);
        assertThat(opt.stepCount(0)).isZero();
    }

    @Test
    void exponentialDecayMultipliesTheRateEachEpoch() {
        AdamW opt = new AdamW(List.of(param(1f)), 5e-4);
        ExponentialDecay sched = new ExponentialDecay(opt, 0.975);
        sched.epochEnd();
        sched.epochEnd();
        assertThat(opt.learningRate()).isCloseTo(5e-4 * 0.975 * 0.975, within(1e-15));
        assertThat(sched.epoch()).isEqualTo(2);
    }

    @Test
    void clippingScalesByMaxOverNormOnlyAboveTheLimit() {
        Tensor a = param(0f, 0f), b = param(0f), none = param(0f);
        setGrad(a, 3f, 4f);
        setGrad(b, 12f);
        // norm √(9 + 16 + 144) = 13
        double norm = GradClip.clipGradNorm(List.of(a, b, none), 6.5);
        assertThat(norm).isCloseTo(13.0, within(1e-9));
        float c = (float) (6.5 / (13 + 1e-6));
        assertThat(a.grad()).containsExactly(3 * c, 4 * c);
        assertThat(b.grad()).containsExactly(12 * c);
        assertThat(none.grad()).isNull();
        // below the limit: untouched
        double again = GradClip.clipGradNorm(List.of(a, b), 100);
        assertThat(again).isCloseTo(6.5, within(1e-5));
        assertThat(b.grad()).containsExactly(12 * c);
    }

    @Test
    void badHyperParametersAreRejected() {
        assertThatThrownBy(() -> new AdamW(List.of(param(1f)), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lr=-1");
        assertThatThrownBy(() -> new AdamW(List.of(Tensor.zeros(1)), 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a trainable");
        assertThatThrownBy(() -> GradClip.clipGradNorm(List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
