package ipdnet2.nn.model;

import ipdnet2.nn.Tensor;
import ipdnet2.nn.io.TensorData;
import ipdnet2.nn.io.WeightFileException;
import ipdnet2.nn.io.WeightFiles;
import ipdnet2.nn.io.WeightSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IPDnet2 weights on disk: safetensors with the configuration in {@code __metadata__}, or the
 * published PyTorch files ({@code torch.save(state_dict)} archives and Lightning checkpoints).
 * A file without an embedded configuration has it inferred from the tensor shapes; the shapes
 * cannot tell the time-pooling layer, which the caller may supply (otherwise the published
 * preset with the same hidden size decides: layer 7 for H = 256, else layer 0).
 */
public final class Weights {
    private Weights() {}

    /** Loads a network from any supported file; {@code timePoolLayer} may be null. */
    public static IPDnet2 load(Path file, Integer timePoolLayer) throws WeightFileException {
        WeightSet set = WeightFiles.read(file);
        IPDnet2Config config;
        try {
            config = configOf(set, timePoolLayer);
        } catch (IllegalArgumentException e) {
            throw new WeightFileException(file, e.getMessage());
        }
        IPDnet2 net = new IPDnet2(config);
        try {
            copyInto(net, set);
        } catch (IllegalArgumentException e) {
            throw new WeightFileException(file, e.getMessage());
        }
        return net;
    }

    /** Writes {@code net} as safetensors with its configuration and {@code extra} metadata. */
    public static void save(IPDnet2 net, Path file, Map<String, String> extra) throws WeightFileException {
        WeightFiles.writeSafetensors(file, toWeightSet(net, extra));
    }

    /** The parameters under their state_dict names, with the configuration as metadata. */
    public static WeightSet toWeightSet(IPDnet2 net, Map<String, String> extra) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : net.namedParameters().entrySet()) {
            tensors.put(e.getKey(), new TensorData(e.getValue().shape(), e.getValue().data().clone()));
        }
        Map<String, String> meta = new LinkedHashMap<>(net.config().toMetadata());
        if (extra != null) meta.putAll(extra);
        return new WeightSet(tensors, meta);
    }

    /**
     * Copies every tensor of {@code set} into the network's parameter of the same name. A missing
     * tensor, an unexpected one, a wrong shape or a value that is NaN or infinite is an error
     * naming it (nothing is copied then).
     */
    public static void copyInto(IPDnet2 net, WeightSet set) {
        Map<String, Tensor> params = net.namedParameters();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            TensorData t = set.tensors().get(e.getKey());
            if (t == null) {
                problems.add("missing tensor '" + e.getKey() + "'");
            } else if (!Arrays.equals(t.shape(), e.getValue().shape())) {
                problems.add("tensor '" + e.getKey() + "' has shape " + Arrays.toString(t.shape())
                        + ", the model expects " + Arrays.toString(e.getValue().shape()));
            }
        }
        for (String name : set.tensors().keySet()) {
            if (!params.containsKey(name)) problems.add("unexpected tensor '" + name + "'");
        }
        if (problems.isEmpty()) {
            // A NaN or infinity would silently turn every output into NaN: name the first one.
            for (String name : params.keySet()) {
                float[] d = set.tensors().get(name).data();
                for (int i = 0; i < d.length; i++) {
                    if (!Float.isFinite(d[i])) {
                        problems.add("tensor " + name + " holds " + (Float.isNaN(d[i]) ? "NaN" : d[i] > 0 ? "+Infinity" : "-Infinity")
                                + " at index " + i);
                        break;
                    }
                }
                if (!problems.isEmpty()) break;
            }
        }
        if (!problems.isEmpty()) {
            int shown = Math.min(problems.size(), 5);
            throw new IllegalArgumentException(String.join("; ", problems.subList(0, shown))
                    + (problems.size() > shown ? "; and " + (problems.size() - shown) + " more problems" : ""));
        }
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            float[] src = set.tensors().get(e.getKey()).data();
            System.arraycopy(src, 0, e.getValue().data(), 0, src.length);
        }
    }

    /** The embedded configuration, or one inferred from the tensor shapes. */
    public static IPDnet2Config configOf(WeightSet set, Integer timePoolLayer) {
        Map<String, String> meta = set.metadata();
        if (meta.containsKey("dim_hidden")) {
            IPDnet2Config c = IPDnet2Config.fromMetadata(meta);
            return timePoolLayer == null ? c : withTimePoolLayer(c, timePoolLayer);
        }
        return inferConfig(set, timePoolLayer);
    }

    /** Reads the hyper-parameters off the shapes of a published state_dict. */
    static IPDnet2Config inferConfig(WeightSet set, Integer timePoolLayer) {
        int[] enc = shape(set, "encoder.weight", 3);                     // [H, 2M, k]
        int hidden = enc[0];
        if (enc[1] % 2 != 0) throw new IllegalArgumentException("encoder.weight has an odd input width " + enc[1]);
        int mics = enc[1] / 2;
        int layers = 0;
        while (set.tensors().containsKey("layers." + layers + ".norm_full.weight")) layers++;
        if (layers == 0) throw new IllegalArgumentException("no layers.N tensors: not an IPDnet2 state_dict");
        int[] fconv = shape(set, "layers.0.fconv1.1.weight", 3);        // [H, H/groups, k]
        int squeeze = shape(set, "layers.0.squeeze.0.weight", 3)[0];
        int freqs = 2 * shape(set, "layers.0.full.weight", 2)[0];
        int[] aLog = shape(set, "layers.0.mhsa.A_log", 2);               // [E, N]
        int dConv = shape(set, "layers.0.mhsa.conv1d.weight", 3)[2];
        int decoderDim = shape(set, "decoder.weight", 2)[0];
        int trans2 = shape(set, "freq_inverse.trans2.weight", 3)[0];     // N·D
        int compression = trans2 / decoderDim;
        int tracks = decoderDim / (2 * (mics - 1));
        int poolLayer = timePoolLayer != null ? timePoolLayer : (hidden >= 256 ? layers - 1 : 0);
        return new IPDnet2Config(mics, hidden, layers, squeeze, freqs, compression, 5, poolLayer,
                aLog[1], dConv, aLog[0] / hidden, fconv[2], hidden / fconv[1], enc[2], tracks);
    }

    private static int[] shape(WeightSet set, String name, int rank) {
        TensorData t = set.tensors().get(name);
        if (t == null) throw new IllegalArgumentException("missing tensor '" + name + "'");
        if (t.shape().length != rank) {
            throw new IllegalArgumentException("tensor '" + name + "' has rank " + t.shape().length + ", expected " + rank);
        }
        return t.shape();
    }

    private static IPDnet2Config withTimePoolLayer(IPDnet2Config c, int layer) {
        return new IPDnet2Config(c.mics(), c.hidden(), c.layers(), c.squeeze(), c.freqs(), c.freqCompression(),
                c.timePoolRatio(), layer, c.dState(), c.dConv(), c.expand(), c.freqKernel(), c.convGroups(),
                c.encoderKernel(), c.tracks());
    }
}
