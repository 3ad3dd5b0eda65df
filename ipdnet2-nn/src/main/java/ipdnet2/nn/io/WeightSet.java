package ipdnet2.nn.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named set of tensors, as in a PyTorch {@code state_dict}, with string metadata.
 *
 * <p>Both maps are copied into unmodifiable maps that keep the order in which the entries were
 * given (the order of the file they were read from).
 *
 * @param tensors  tensors by parameter name, e.g. {@code encoder.weight}
 * @param metadata free string key/value pairs (a safetensors {@code __metadata__} map, or the epoch
 *                 and step of a training checkpoint)
 */
public record WeightSet(Map<String, TensorData> tensors, Map<String, String> metadata) {

    /** @throws IllegalArgumentException if a map, a key or a value is null */
    public WeightSet {
        tensors = orderedCopy(tensors, "tensors");
        metadata = orderedCopy(metadata, "metadata");
    }

    /**
     * A weight set without metadata.
     *
     * @param tensors tensors by parameter name
     */
    public WeightSet(Map<String, TensorData> tensors) {
        this(tensors, Map.of());
    }

    /**
     * @param name a parameter name
     * @return the tensor of that name
     * @throws IllegalArgumentException if there is none
     */
    public TensorData tensor(String name) {
        TensorData t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named '" + name + "' among " + tensors.size() + " tensors");
        }
        return t;
    }

    /** @return the total number of elements over all tensors (the parameter count) */
    public long parameterCount() {
        long n = 0;
        for (TensorData t : tensors.values()) {
            n += t.numel();
        }
        return n;
    }

    private static <V> Map<String, V> orderedCopy(Map<String, V> map, String what) {
        if (map == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        LinkedHashMap<String, V> copy = new LinkedHashMap<>();
        for (Map.Entry<String, V> e : map.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException(what + " must not hold null keys or values");
            }
            copy.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }
}
