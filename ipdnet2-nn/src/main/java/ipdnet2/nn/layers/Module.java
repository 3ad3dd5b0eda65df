package ipdnet2.nn.layers;

import ipdnet2.nn.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A node of a model: named parameters and named child modules, so that every parameter has a
 * hierarchical name equal to its PyTorch {@code state_dict} key ({@code layers.0.mhsa.A_log},
 * {@code encoder.weight}, ...). A plain {@code Module} is a container; layers subclass it.
 *
 * <p>{@link #namedParameters()} lists a module's own parameters (in registration order) before
 * those of its children (in registration order, recursively), which is the order of a PyTorch
 * {@code state_dict}.
 */
public class Module {
    private final LinkedHashMap<String, Tensor> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();

    /** Registers a trainable parameter under {@code name}; returns it. */
    protected final Tensor addParameter(String name, Tensor parameter) {
        checkName(name);
        if (!parameter.requiresGrad()) {
            throw new IllegalArgumentException("parameter '" + name + "' must be created with Tensor.parameter");
        }
        parameters.put(name, parameter);
        return parameter;
    }

    /** Registers {@code child} under {@code name} (e.g. "encoder", "0"); returns it. */
    public final <M extends Module> M addModule(String name, M child) {
        checkName(name);
        if (child == this) throw new IllegalArgumentException("a module cannot contain itself");
        children.put(name, child);
        return child;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module/parameter name '" + name + "' must be non-empty and contain no '.'");
        }
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("name '" + name + "' is already registered in " + getClass().getSimpleName());
        }
    }

    /** The child registered under {@code name}. */
    public final Module child(String name) {
        Module m = children.get(name);
        if (m == null) throw new IllegalArgumentException("no child module '" + name + "' in " + getClass().getSimpleName());
        return m;
    }

    /** Every parameter of this subtree under its {@code state_dict} key, in {@code state_dict} order. */
    public final Map<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collect("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Tensor> out) {
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (Map.Entry<String, Module> e : children.entrySet()) e.getValue().collect(prefix + e.getKey() + ".", out);
    }

    /** The parameters of {@link #namedParameters()} in the same order. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Total number of trainable scalars. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor t : namedParameters().values()) n += t.numel();
        return n;
    }

    /** Zeroes the gradients of all parameters. */
    public final void zeroGrad() {
        for (Tensor t : namedParameters().values()) t.zeroGrad();
    }

    /**
     * Deterministic training-from-scratch initialisation (ARCHITECTURE.md §3 "Initialisation"):
     * one random stream seeded with {@code seed} is consumed by the subtree in a fixed order.
     */
    public final void initialize(long seed) {
        initialize(new SplittableRandom(seed));
    }

    /** Initialises the children (in registration order) and then this module's own parameters. */
    public final void initialize(SplittableRandom rng) {
        for (Module m : children.values()) m.initialize(rng);
        resetParameters(rng);
    }

    /**
     * Draws this module's own initial values (PyTorch defaults); may also override a child's,
     * since it runs after the children. Does nothing in a plain container.
     */
    protected void resetParameters(SplittableRandom rng) {}

    /** Fills {@code t} with U(−bound, bound). */
    protected static void uniform(Tensor t, double bound, SplittableRandom rng) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
    }

    /** Fills {@code t} with {@code value}. */
    protected static void fill(Tensor t, float value) {
        java.util.Arrays.fill(t.data(), value);
    }
}
