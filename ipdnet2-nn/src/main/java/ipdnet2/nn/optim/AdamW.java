package ipdnet2.nn.optim;

import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam with decoupled weight decay, exactly as PyTorch's {@code torch.optim.AdamW} (no amsgrad):
 * per parameter with a gradient, t ← t + 1 and
 * <pre>
 *   p ← p − lr·wd·p
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   p ← p − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 * Parameters whose gradient was never produced are skipped (their step count does not advance).
 * The state (step counts, m, v) is exposed so a trainer can save and restore it.
 */
public final class AdamW {
    private final List<Tensor> params;
    private final double beta1, beta2, eps, weightDecay;
    private double lr;
    private final long[] steps;
    private final float[][] m, v;

    /** PyTorch defaults for the rest: β = (0.9, 0.999), ε = 1e-8, weight decay 0.01. */
    public AdamW(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0.01);
    }

    public AdamW(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        if (!(lr >= 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("AdamW: invalid hyper-parameters lr=" + lr + " betas=(" + beta1 + ", "
                    + beta2 + ") eps=" + eps + " weight_decay=" + weightDecay);
        }
        this.params = new ArrayList<>(params);
        for (Tensor p : this.params) {
            if (!p.requiresGrad()) throw new IllegalArgumentException("AdamW: " + p + " is not a trainable parameter");
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        int n = this.params.size();
        steps = new long[n];
        m = new float[n][];
        v = new float[n][];
        for (int i = 0; i < n; i++) {
            m[i] = new float[this.params.get(i).numel()];
            v[i] = new float[this.params.get(i).numel()];
        }
    }

    /** One update of every parameter that has a gradient. */
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            float[] g = p.grad();
            if (g == null) continue;
            long t = ++steps[i];
            float[] w = p.data(), mi = m[i], vi = v[i];
            float decay = (float) (1 - lr * weightDecay);
            double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
            float stepSize = (float) (lr / bc1);
            float bc2Sqrt = (float) Math.sqrt(bc2);
            float b1 = (float) beta1, b2 = (float) beta2, e = (float) eps;
            float c1 = (float) (1 - beta1), c2 = (float) (1 - beta2);
            Parallel.forRange(w.length, 1 << 14, (from, to) -> {
                for (int j = from; j < to; j++) {
                    float gj = g[j];
                    w[j] *= decay;
                    mi[j] = b1 * mi[j] + c1 * gj;
                    vi[j] = b2 * vi[j] + c2 * gj * gj;
                    float denom = (float) Math.sqrt(vi[j]) / bc2Sqrt + e;
                    w[j] -= stepSize * mi[j] / denom;
                }
            });
        }
    }

    /** Zeroes every parameter's gradient. */
    public void zeroGrad() {
        for (Tensor p : params) p.zeroGrad();
    }

    public double learningRate() {
        return lr;
    }

    public void setLearningRate(double lr) {
        if (!(lr >= 0)) throw new IllegalArgumentException("AdamW: learning rate must be >= 0, got " + lr);
        this.lr = lr;
    }

    /** The parameters in the order given at construction (the index used by the state accessors). */
    public List<Tensor> parameters() {
        return List.copyOf(params);
    }

    /** Number of updates parameter {@code i} has received. */
    public long stepCount(int i) {
        return steps[i];
    }

    public void setStepCount(int i, long count) {
        if (count < 0) throw new IllegalArgumentException("AdamW: step count must be >= 0, got " + count);
        steps[i] = count;
    }

    /** The first-moment estimate m of parameter {@code i}: the live array (write to restore). */
    public float[] firstMoment(int i) {
        return m[i];
    }

    /** The second-moment estimate v of parameter {@code i}: the live array (write to restore). */
    public float[] secondMoment(int i) {
        return v[i];
    }
}
