package ipdnet2.train.loop;

import ipdnet2.dsp.io.AtomicFiles;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.io.Json;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.optim.AdamW;
import ipdnet2.nn.optim.WeightAverage;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Everything a training run needs to continue exactly where it stopped: string metadata (model
 * configuration, epoch, step, learning rate, schedule, seed and data cursor, best validation
 * loss) and, per parameter in {@link IPDnet2#namedParameters()} order, its values and AdamW state
 * (step count, m, v), and the moving average of the weights when the run keeps one
 * ({@link WeightAverage}).
 *
 * <p>File layout: magic {@code IPD2CKPT}, format version, the metadata as a JSON object, the
 * parameter records, (version 2) the weight average (its decay, or 0 for none, then one array per
 * parameter), then a CRC-32 of all preceding bytes. Version 1 files (no average) are read too.
 * Files are written through a temporary file and a rename, so an interrupted write leaves the
 * previous checkpoint intact; a truncated or altered file is rejected with a
 * {@link CheckpointException} naming it.
 */
public final class Checkpoint {
    private static final long MAGIC = 0x49504432434B5054L; // "IPD2CKPT"
    private static final int VERSION = 2;

    private final Map<String, String> meta;
    private final List<String> names;
    private final List<float[]> values, m, v;
    private final long[] steps;
    private final double averageDecay;
    private final List<float[]> averages;

    private Checkpoint(Map<String, String> meta, List<String> names, List<float[]> values, List<float[]> m,
                       List<float[]> v, long[] steps, double averageDecay, List<float[]> averages) {
        this.meta = meta;
        this.names = names;
        this.values = values;
        this.m = m;
        this.v = v;
        this.steps = steps;
        this.averageDecay = averageDecay;
        this.averages = averages;
    }

    /** The decay of the stored weight average, or 0 if the run kept none. */
    public double averageDecay() {
        return averageDecay;
    }

    /** The metadata stored with the state. */
    public Map<String, String> meta() {
        return meta;
    }

    /**
     * Writes the network's parameters and the optimiser's state (whose parameter list must be
     * {@code net.parameters()} in order) with {@code meta} to {@code file}, atomically.
     */
    public static void save(Path file, IPDnet2 net, AdamW opt, Map<String, String> meta) throws IOException {
        save(file, net, opt, null, meta);
    }

    /**
     * {@link #save(Path, IPDnet2, AdamW, Map)} with the weight average {@code average} (of
     * {@code net.parameters()}, in order; null: none).
     */
    public static void save(Path file, IPDnet2 net, AdamW opt, WeightAverage average, Map<String, String> meta)
            throws IOException {
        Map<String, Tensor> params = net.namedParameters();
        List<Tensor> optParams = opt.parameters();
        AtomicFiles.write(file, os -> {
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new java.util.zip.CheckedOutputStream(os, crc));
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            Map<String, Object> json = new LinkedHashMap<>(meta);
            byte[] header = Json.write(json).getBytes(StandardCharsets.UTF_8);
            out.writeInt(header.length);
            out.write(header);
            out.writeInt(params.size());
            int i = 0;
            for (Map.Entry<String, Tensor> e : params.entrySet()) {
                if (optParams.get(i) != e.getValue()) {
                    throw new IllegalStateException("optimiser parameter " + i + " is not " + e.getKey());
                }
                out.writeUTF(e.getKey());
                out.writeLong(opt.stepCount(i));
                writeFloats(out, e.getValue().data());
                writeFloats(out, opt.firstMoment(i));
                writeFloats(out, opt.secondMoment(i));
                i++;
            }
            out.writeDouble(average == null ? 0 : average.decay());
            if (average != null) {
                for (int j = 0; j < average.size(); j++) writeFloats(out, average.average(j));
            }
            out.flush();
            new DataOutputStream(os).writeLong(crc.getValue());
        });
    }

    /** Reads and verifies a checkpoint file. */
    public static Checkpoint read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "no such checkpoint file");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage());
        }
        if (bytes.length < 8 + 4 + 8) throw new CheckpointException(file, "too short (" + bytes.length + " bytes) to be a checkpoint");
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        try (InputStream raw = new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 8)) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(raw));
            if (in.readLong() != MAGIC) throw new CheckpointException(file, "not a training checkpoint (bad magic)");
            if (stored != crc.getValue()) {
                throw new CheckpointException(file, "checksum mismatch: the file is corrupt or was cut short");
            }
            int version = in.readInt();
            if (version != 1 && version != VERSION) throw new CheckpointException(file, "unsupported checkpoint version " + version);
            byte[] header = new byte[in.readInt()];
            in.readFully(header);
            Map<String, String> meta = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : Json.parseObject(new String(header, StandardCharsets.UTF_8)).entrySet()) {
                meta.put(e.getKey(), String.valueOf(e.getValue()));
            }
            int n = in.readInt();
            List<String> names = new ArrayList<>(n);
            List<float[]> values = new ArrayList<>(n), m = new ArrayList<>(n), v = new ArrayList<>(n);
            long[] steps = new long[n];
            for (int i = 0; i < n; i++) {
                names.add(in.readUTF());
                steps[i] = in.readLong();
                values.add(readFloats(in));
                m.add(readFloats(in));
                v.add(readFloats(in));
            }
            double averageDecay = version >= 2 ? in.readDouble() : 0;
            List<float[]> averages = new ArrayList<>();
            if (averageDecay != 0) {
                for (int i = 0; i < n; i++) averages.add(readFloats(in));
            }
            return new Checkpoint(meta, names, values, m, v, steps, averageDecay, averages);
        } catch (EOFException e) {
            throw new CheckpointException(file, "truncated");
        } catch (IOException | RuntimeException e) {
            if (e instanceof CheckpointException c) throw c;
            throw new CheckpointException(file, "unreadable: " + e.getMessage());
        }
    }

    /** Copies the stored parameters and optimiser state into {@code net} and {@code opt}. */
    public void restore(Path file, IPDnet2 net, AdamW opt) {
        restoreWeights(file, net);
        for (int i = 0; i < names.size(); i++) {
            System.arraycopy(m.get(i), 0, opt.firstMoment(i), 0, m.get(i).length);
            System.arraycopy(v.get(i), 0, opt.secondMoment(i), 0, v.get(i).length);
            opt.setStepCount(i, steps[i]);
        }
    }

    /** Copies the checkpoint's parameters (not the optimiser's state) into {@code net}. */
    public void restoreWeights(Path file, IPDnet2 net) {
        copyInto(file, net, values);
    }

    /** Copies the checkpoint's weight average, instead of its parameters, into {@code net}. */
    public void restoreAverageWeights(Path file, IPDnet2 net) {
        if (averageDecay == 0) throw new CheckpointException(file, "holds no weight average");
        copyInto(file, net, averages);
    }

    /** Copies {@code source} (one array per stored parameter, in stored order) into {@code net}'s parameters. */
    private void copyInto(Path file, IPDnet2 net, List<float[]> source) {
        Map<String, Tensor> params = net.namedParameters();
        if (params.size() != names.size()) {
            throw new CheckpointException(file, "holds " + names.size() + " parameters, the model has " + params.size());
        }
        int i = 0;
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            if (!e.getKey().equals(names.get(i))) {
                throw new CheckpointException(file, "parameter " + i + " is '" + names.get(i) + "', the model expects '" + e.getKey() + "'");
            }
            if (e.getValue().data().length != values.get(i).length) {
                throw new CheckpointException(file, "parameter '" + e.getKey() + "' has " + values.get(i).length
                        + " values, the model expects " + e.getValue().data().length);
            }
            // A NaN or infinity (a checksum covers the bytes, not their sense) would turn every
            // output and the next update into NaN: name the first one.
            float[] d = source.get(i);
            for (int j = 0; j < d.length; j++) {
                if (!Float.isFinite(d[j])) {
                    throw new CheckpointException(file, (source == averages ? "weight average of parameter '" : "parameter '")
                            + e.getKey() + "' holds " + d[j] + " at index " + j);
                }
            }
            i++;
        }
        i = 0;
        for (Tensor t : params.values()) {
            System.arraycopy(source.get(i), 0, t.data(), 0, t.data().length);
            i++;
        }
    }

    /** Copies the stored weight average into {@code average} (of the same model's parameters). */
    public void restoreAverage(Path file, WeightAverage average) {
        if (averageDecay == 0) throw new CheckpointException(file, "holds no weight average");
        try {
            average.load(averages);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, "weight average does not fit the model: " + e.getMessage());
        }
    }

    private static void writeFloats(DataOutputStream out, float[] x) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(x.length * 4).order(ByteOrder.BIG_ENDIAN);
        buf.asFloatBuffer().put(x);
        out.writeInt(x.length);
        out.write(buf.array());
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 500_000_000) throw new IOException("corrupt array length " + n);
        byte[] b = new byte[n * 4];
        in.readFully(b);
        float[] x = new float[n];
        ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(x);
        return x;
    }
}
