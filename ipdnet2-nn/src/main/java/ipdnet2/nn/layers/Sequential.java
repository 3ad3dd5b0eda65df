package ipdnet2.nn.layers;

import ipdnet2.nn.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Layers applied one after another, indexed from 0 like a PyTorch {@code nn.Sequential}: a
 * module at index i is registered as child "i", so {@code fconv1.1.weight} is the weight of the
 * second entry of {@code fconv1}. Parameter-free steps (e.g. {@code Pointwise::silu}) take an
 * index too, as they do in PyTorch.
 */
public final class Sequential extends Module implements Layer {
    private final List<Layer> steps = new ArrayList<>();

    /** Appends a step; returns this for chaining. */
    public Sequential add(Layer step) {
        if (step instanceof Module) addModule(Integer.toString(steps.size()), (Module) step);
        steps.add(step);
        return this;
    }

    /** The step at {@code index}. */
    public Layer get(int index) {
        return steps.get(index);
    }

    public int size() {
        return steps.size();
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Layer s : steps) x = s.forward(x);
        return x;
    }
}
