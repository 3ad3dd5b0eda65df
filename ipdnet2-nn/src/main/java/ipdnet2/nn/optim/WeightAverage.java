package ipdnet2.nn.optim;

import ipdnet2.nn.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of a list of parameters, updated after every optimiser step:
 * <pre>
 *   avg ← avg + (1 − β)·(w − avg)        (= β·avg + (1 − β)·w)
 * </pre>
 * It starts from the parameters' values when it is created. With β close to 1 it averages the
 * weights over the last ~1/(1 − β) steps, which smooths out the step-to-step noise of stochastic
 * gradient descent: averaged weights usually score better than any single step's weights (the
 * idea of Polyak averaging and of stochastic weight averaging). Training keeps using the raw
 * weights; the average is what is validated and shipped.
 *
 * <p>Each update is one fused multiply-add per value in float, in parameter order, so it is
 * deterministic.
 */
public final class WeightAverage {
    private final List<Tensor> params;
    private final List<float[]> averages;
    private final double decay;
    private final float rate;

    /**
     * An average of {@code params} with per-step decay β = {@code decay} in (0, 1), starting at
     * their current values.
     */
    public WeightAverage(List<Tensor> params, double decay) {
        if (!(decay > 0 && decay < 1)) throw new IllegalArgumentException("weight-average decay must be in (0, 1), got " + decay);
        this.params = List.copyOf(params);
        this.decay = decay;
        this.rate = (float) (1 - decay);
        this.averages = new ArrayList<>(params.size());
        for (Tensor p : params) averages.add(p.data().clone());
    }

    /** β, the weight the average keeps per step. */
    public double decay() {
        return decay;
    }

    /** Folds the parameters' current values into the average. */
    public void update() {
        for (int i = 0; i < params.size(); i++) {
            float[] w = params.get(i).data(), a = averages.get(i);
            for (int j = 0; j < a.length; j++) a[j] = Math.fma(rate, w[j] - a[j], a[j]);
        }
    }

    /** The averaged values of parameter i (live: later updates change them). */
    public float[] average(int i) {
        return averages.get(i);
    }

    /** Number of parameters averaged. */
    public int size() {
        return averages.size();
    }

    /** Copies the averages into {@code dst}, a parameter list shaped as the averaged one. */
    public void copyTo(List<Tensor> dst) {
        if (dst.size() != averages.size()) {
            throw new IllegalArgumentException("weight average of " + averages.size() + " parameters copied to " + dst.size());
        }
        for (int i = 0; i < averages.size(); i++) {
            float[] a = averages.get(i), d = dst.get(i).data();
            if (d.length != a.length) {
                throw new IllegalArgumentException("parameter " + i + " has " + d.length + " values, its average " + a.length);
            }
            System.arraycopy(a, 0, d, 0, a.length);
        }
    }

    /** Replaces the averages by {@code values} (one array per parameter, e.g. from a checkpoint). */
    public void load(List<float[]> values) {
        if (values.size() != averages.size()) {
            throw new IllegalArgumentException("weight average of " + averages.size() + " parameters given " + values.size());
        }
        for (int i = 0; i < values.size(); i++) {
            float[] v = values.get(i), a = averages.get(i);
            if (v.length != a.length) {
                throw new IllegalArgumentException("parameter " + i + " has " + a.length + " values, given " + v.length);
            }
            System.arraycopy(v, 0, a, 0, a.length);
        }
    }
}
