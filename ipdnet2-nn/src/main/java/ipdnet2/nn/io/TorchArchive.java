package ipdnet2.nn.io;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The PyTorch zip serialisation ({@code torch.save} since 1.6): a zip archive with one top folder
 * holding {@code data.pkl} (the pickled object, tensors replaced by persistent ids), {@code
 * data/<key>} (each storage's raw bytes), {@code version}, and optionally {@code byteorder}.
 *
 * <p>The object is either a {@code state_dict} (a dict of name → tensor) or a training
 * checkpoint: a dict whose {@code state_dict} entry holds the weights. In a checkpoint the
 * network's parameters are those prefixed {@value #NETWORK_PREFIX} (the attribute holding the
 * network in the training module): if any key has that prefix, only those keys are kept, with
 * the prefix removed. The checkpoint's other top-level entries that are plain numbers, strings
 * or booleans (epoch, global_step, ...) become metadata.
 */
final class TorchArchive {

    /** The prefix of the network's parameters inside a training checkpoint's state_dict. */
    static final String NETWORK_PREFIX = "arch.";

    /** The largest pickle accepted: far above any state_dict's, below memory trouble. */
    private static final int MAX_PICKLE_BYTES = 1 << 30;

    /** A storage as named by a persistent id: ('storage', type, key, location, numel). */
    record StorageRef(String typeName, DType dtype, String key, long numel) {
    }

    /** A tensor as built by torch._utils._rebuild_tensor_v2: a strided view of a storage. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
    }

    private final Path file;
    private final ZipFile zip;
    private final String root;
    private boolean littleEndian = true;
    private final Map<String, float[]> storages = new HashMap<>();

    private TorchArchive(Path file, ZipFile zip, String root) {
        this.file = file;
        this.zip = zip;
        this.root = root;
    }

    /** Reads the state_dict of a {@code torch.save} archive or a training checkpoint. */
    static WeightSet read(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new WeightFileException(file, "corrupt or truncated zip archive (" + e.getMessage() + ")", e);
        }
        try (zip) {
            TorchArchive archive = new TorchArchive(file, zip, findRoot(file, zip));
            return archive.load();
        } catch (ZipException e) {
            throw new WeightFileException(file, "corrupt zip archive (" + e.getMessage() + ")", e);
        }
    }

    /** The top folder of the archive, found as the one holding {@code data.pkl}. */
    private static String findRoot(Path file, ZipFile zip) throws WeightFileException {
        String root = null;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (name.endsWith("data.pkl")) {
                String prefix = name.substring(0, name.length() - "data.pkl".length());
                if (prefix.isEmpty() || (prefix.indexOf('/') == prefix.length() - 1)) {
                    if (root != null && !root.equals(prefix)) {
                        throw new WeightFileException(file, "zip archive holds more than one data.pkl");
                    }
                    root = prefix;
                }
            }
        }
        if (root == null) {
            throw new WeightFileException(file, "zip archive has no data.pkl: not a PyTorch file");
        }
        return root;
    }

    private WeightSet load() throws IOException {
        ZipEntry order = zip.getEntry(root + "byteorder");
        if (order != null) {
            String s = new String(readEntry(order, 16, "byteorder"), StandardCharsets.US_ASCII).trim();
            if (!s.equals("little") && !s.equals("big")) {
                throw new WeightFileException(file, "unknown byteorder '" + s + "'");
            }
            littleEndian = s.equals("little");
        }
        String pklName = root + "data.pkl";
        byte[] pickle = readEntry(zip.getEntry(pklName), MAX_PICKLE_BYTES, "data.pkl");
        Object top = new Unpickler(file, pklName, pickle, new Resolver()).load();

        if (!(top instanceof Map<?, ?> topMap)) {
            throw new WeightFileException(file, "holds a pickled " + Unpickler.describe(top)
                    + ", not a state_dict (save model.state_dict() instead of the model)");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<?, ?> stateDict = topMap;
        if (topMap.get("state_dict") instanceof Map<?, ?> inner) {
            stateDict = inner;
            for (Map.Entry<?, ?> e : topMap.entrySet()) {
                Object v = e.getValue();
                if (e.getKey() instanceof String key && (v instanceof Long || v instanceof BigInteger
                        || v instanceof Double || v instanceof String || v instanceof Boolean)) {
                    metadata.put(key, v.toString());
                }
            }
        }
        boolean prefixed = false;
        for (Object key : stateDict.keySet()) {
            if (!(key instanceof String)) {
                throw new WeightFileException(file, "state_dict key " + Unpickler.describe(key) + " is not a string");
            }
            prefixed |= ((String) key).startsWith(NETWORK_PREFIX);
        }
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : stateDict.entrySet()) {
            String key = (String) e.getKey();
            if (prefixed && !key.startsWith(NETWORK_PREFIX)) {
                continue; // belongs to another part of the training module, not the network
            }
            String name = prefixed ? key.substring(NETWORK_PREFIX.length()) : key;
            if (!(e.getValue() instanceof TensorRef ref)) {
                throw new WeightFileException(file, "state_dict entry '" + key + "' is a "
                        + Unpickler.describe(e.getValue()) + ", not a tensor");
            }
            tensors.put(name, materialise(key, ref));
        }
        return new WeightSet(tensors, metadata);
    }

    /** Copies a strided view of its storage into a dense C-order tensor, bounds-checked. */
    private TensorData materialise(String name, TensorRef ref) throws IOException {
        StorageRef s = ref.storage();
        if (s.dtype() == null) {
            throw new WeightFileException(file, "tensor '" + name + "' is stored as torch." + s.typeName()
                    + ", which is not supported (only Float, Double, Half and BFloat16 storages)");
        }
        int rank = ref.size().length;
        if (ref.stride().length != rank) {
            throw new WeightFileException(file, "tensor '" + name + "' has " + rank + " sizes but "
                    + ref.stride().length + " strides");
        }
        int[] shape = new int[rank];
        long last = ref.offset(); // storage index of the view's last element
        boolean empty = false;
        try {
            for (int d = 0; d < rank; d++) {
                long n = ref.size()[d];
                long st = ref.stride()[d];
                if (n < 0 || n > Integer.MAX_VALUE || st < 0) {
                    throw new WeightFileException(file, "tensor '" + name + "' has an invalid size or stride");
                }
                shape[d] = (int) n;
                empty |= n == 0;
                if (n > 0) {
                    last = Math.addExact(last, Math.multiplyExact(n - 1, st));
                }
            }
            TensorData.elementCount(shape);
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new WeightFileException(file, "tensor '" + name + "' is too large", e);
        }
        if (ref.offset() < 0 || (!empty && last >= s.numel()) || ref.offset() > s.numel()) {
            throw new WeightFileException(file, "tensor '" + name + "' reaches storage element "
                    + (empty ? ref.offset() : last) + " of storage '" + s.key() + "', which holds only "
                    + s.numel() + " elements (corrupt file)");
        }
        float[] storage = storage(s);
        float[] out = new float[(int) TensorData.elementCount(shape)];
        if (!empty) {
            gather(storage, ref.offset(), shape, ref.stride(), out);
        }
        return new TensorData(shape, out);
    }

    /** Visits the view's elements in C order, carrying an odometer over the dimensions. */
    private static void gather(float[] storage, long offset, int[] shape, long[] stride, float[] out) {
        int rank = shape.length;
        int[] index = new int[rank];
        long at = offset;
        for (int i = 0; i < out.length; i++) {
            out[i] = storage[(int) at];
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    at += stride[d];
                    break;
                }
                index[d] = 0;
                at -= stride[d] * (shape[d] - 1);
            }
        }
    }

    /** A storage's elements as floats, decoded once and shared by every view of it. */
    private float[] storage(StorageRef s) throws IOException {
        String cacheKey = s.key() + "/" + s.typeName();
        float[] cached = storages.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        long bytes = s.numel() * s.dtype().size;
        if (s.numel() > Integer.MAX_VALUE || bytes > Integer.MAX_VALUE - 8) {
            throw new WeightFileException(file, "storage '" + s.key() + "' of " + s.numel() + " elements is too large");
        }
        String entryName = root + "data/" + s.key();
        ZipEntry entry = zip.getEntry(entryName);
        if (entry == null) {
            throw new WeightFileException(file, "storage '" + s.key() + "' is missing from the archive (no " + entryName + ")");
        }
        byte[] raw = readEntry(entry, (int) bytes, entryName);
        if (raw.length < bytes) {
            throw new WeightFileException(file, "storage '" + s.key() + "' holds " + raw.length + " bytes but its "
                    + s.numel() + " elements need " + bytes + " (truncated or corrupt archive)");
        }
        float[] values = new float[(int) s.numel()];
        s.dtype().decode(raw, 0, values.length, littleEndian, values, 0);
        storages.put(cacheKey, values);
        return values;
    }

    /** Reads at most {@code limit} bytes of an entry, growing the buffer only as data arrives. */
    private byte[] readEntry(ZipEntry entry, int limit, String what) throws IOException {
        if (entry == null) {
            throw new WeightFileException(file, "zip archive has no " + what);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readNBytes(limit);
        } catch (ZipException e) {
            throw new WeightFileException(file, "cannot read " + what + " (" + e.getMessage() + ")", e);
        }
    }

    /** The torch side of unpickling: storages by persistent id, tensors and ordered dicts. */
    private final class Resolver implements Unpickler.Resolver {

        @Override
        public Object persistentLoad(Object pid) throws WeightFileException {
            if (!(pid instanceof List<?> t) || t.size() != 5 || !"storage".equals(t.get(0))
                    || !(t.get(1) instanceof Unpickler.Global type) || !(t.get(2) instanceof String key)
                    || !(t.get(4) instanceof Long numel) || numel < 0) {
                throw new WeightFileException(file, "unsupported persistent id " + (pid instanceof String ? pid : Unpickler.describe(pid))
                        + " (expected ('storage', type, key, location, numel))");
            }
            DType dtype = type.module().equals("torch") ? DType.ofTorchStorage(type.name()) : null;
            return new StorageRef(type.name(), dtype, key, numel);
        }

        @Override
        public Object call(Unpickler.Global callable, List<Object> args) throws WeightFileException {
            String name = callable.toString();
            switch (name) {
                case "torch._utils._rebuild_tensor_v2":
                case "torch._utils._rebuild_tensor":
                    return tensor(name, args);
                case "torch._utils._rebuild_parameter":
                case "torch._utils._rebuild_parameter_with_state":
                    // (data, requires_grad, backward_hooks[, state]): the parameter is its data
                    return args.isEmpty() ? new PickleObject(callable, args) : args.get(0);
                case "torch._tensor._rebuild_from_type_v2":
                    // (func, type, func_args, state): a tensor subclass; rebuild the plain tensor
                    if (args.size() >= 3 && args.get(0) instanceof Unpickler.Global func
                            && args.get(2) instanceof List<?> funcArgs) {
                        @SuppressWarnings("unchecked")
                        List<Object> a = (List<Object>) funcArgs;
                        return call(func, a);
                    }
                    return new PickleObject(callable, args);
                case "collections.OrderedDict":
                    return orderedDict(args);
                case "torch.Size":
                    return args.isEmpty() ? new ArrayList<>() : args.get(0);
                default:
                    return new PickleObject(callable, args);
            }
        }

        private Object tensor(String function, List<Object> args) throws WeightFileException {
            if (args.size() < 4 || !(args.get(0) instanceof StorageRef storage) || !(args.get(1) instanceof Long offset)
                    || !(args.get(2) instanceof List<?> size) || !(args.get(3) instanceof List<?> stride)) {
                throw new WeightFileException(file, "malformed arguments to " + function);
            }
            return new TensorRef(storage, offset, longs(function, size), longs(function, stride));
        }

        private long[] longs(String function, List<?> values) throws WeightFileException {
            long[] out = new long[values.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(values.get(i) instanceof Long v)) {
                    throw new WeightFileException(file, "malformed size or stride in " + function);
                }
                out[i] = v;
            }
            return out;
        }

        private Object orderedDict(List<Object> args) throws WeightFileException {
            LinkedHashMap<Object, Object> map = new LinkedHashMap<>();
            if (!args.isEmpty() && args.get(0) instanceof List<?> pairs) {
                for (Object p : pairs) {
                    if (!(p instanceof List<?> kv) || kv.size() != 2) {
                        throw new WeightFileException(file, "malformed OrderedDict items");
                    }
                    map.put(kv.get(0), kv.get(1));
                }
            }
            return map;
        }
    }
}
