package ipdnet2.nn.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes pickle opcodes by hand, laid out as {@code torch.save} lays out a state_dict (the
 * opcode sequence read from the reference archives with a disassembler), and packs them with
 * raw storages into a zip archive like a {@code torch.save} file.
 */
final class PickleBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleBytes op(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    PickleBytes proto() {
        return op(0x80, 2);
    }

    PickleBytes mark() {
        return op('(');
    }

    PickleBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X', b.length & 0xFF, (b.length >>> 8) & 0xFF, (b.length >>> 16) & 0xFF, b.length >>> 24);
        out.writeBytes(b);
        return this;
    }

    PickleBytes global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** BININT1 or BININT2, as the pickler chooses for small non-negative ints. */
    PickleBytes integer(int v) {
        return v < 256 ? op('K', v) : op('M', v & 0xFF, v >>> 8);
    }

    PickleBytes tuple(int... values) {
        mark();
        for (int v : values) {
            integer(v);
        }
        return op('t');
    }

    /**
     * {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}
     * with the storage as persistent id {@code ('storage', torch.<type>, key, 'cpu', numel)}.
     */
    PickleBytes tensor(String storageType, String key, int numel, int offset, int[] size, int[] stride) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(numel).op('t');
        op('Q'); // BINPERSID
        integer(offset);
        tuple(size);
        tuple(stride);
        op(0x89); // NEWFALSE
        global("collections", "OrderedDict").op(')', 'R');
        op('t', 'R');
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** Little-endian float32 bytes. */
    static byte[] floats(float... values) {
        byte[] b = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToRawIntBits(values[i]);
            for (int k = 0; k < 4; k++) {
                b[4 * i + k] = (byte) (bits >>> (8 * k));
            }
        }
        return b;
    }

    /** A zip archive laid out as torch.save writes it: archive/data.pkl, archive/data/KEY, archive/version. */
    static final class Archive {
        final Map<String, byte[]> entries = new LinkedHashMap<>();
        boolean compressed;

        Archive(byte[] pickle) {
            entries.put("archive/data.pkl", pickle);
        }

        Archive storage(String key, byte[] bytes) {
            entries.put("archive/data/" + key, bytes);
            return this;
        }

        Archive entry(String name, byte[] bytes) {
            entries.put(name, bytes);
            return this;
        }

        Path write(Path file) throws IOException {
            entries.putIfAbsent("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    ZipEntry z = new ZipEntry(e.getKey());
                    if (!compressed) {
                        CRC32 crc = new CRC32();
                        crc.update(e.getValue());
                        z.setMethod(ZipEntry.STORED);
                        z.setSize(e.getValue().length);
                        z.setCrc(crc.getValue());
                    }
                    zip.putNextEntry(z);
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
            return file;
        }
    }
}
