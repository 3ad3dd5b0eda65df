package ipdnet2.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON mapping
 * each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative
 * to the data section) plus an optional {@code "__metadata__"} string-to-string map, then the
 * raw little-endian data.
 */
final class Safetensors {

    /** The header key holding free metadata rather than a tensor. */
    static final String METADATA_KEY = "__metadata__";

    /** Headers above this size are refused as corrupt (the format's own limit is 100 MB). */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private Safetensors() {
    }

    /** Reads every tensor (converted to float) and the metadata of a safetensors file. */
    static WeightSet read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new WeightFileException(file, "truncated safetensors file: " + size
                        + " bytes, shorter than the 8-byte header length");
            }
            long headerLength = readFully(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
                throw new WeightFileException(file, "corrupt safetensors header length " + Long.toUnsignedString(headerLength));
            }
            if (headerLength > size - 8) {
                throw new WeightFileException(file, "truncated safetensors file: header of " + headerLength
                        + " bytes announced but only " + (size - 8) + " bytes follow");
            }
            Map<String, Object> header = parseHeader(file, readFully(ch, 8, (int) headerLength));
            long dataLength = size - 8 - headerLength;
            if (dataLength > Integer.MAX_VALUE - 8) {
                throw new WeightFileException(file, "data section of " + dataLength + " bytes is too large to load");
            }
            byte[] data = new byte[(int) dataLength];
            readFully(ch, 8 + headerLength, (int) dataLength).get(data);
            return decode(file, header, data);
        }
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return buf.flip();
    }

    private static Map<String, Object> parseHeader(Path file, ByteBuffer bytes) throws WeightFileException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new WeightFileException(file, "corrupt safetensors header: not UTF-8 text", e);
        }
        try {
            return Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            throw new WeightFileException(file, "corrupt safetensors header: " + e.getMessage(), e);
        }
    }

    private static WeightSet decode(Path file, Map<String, Object> header, byte[] data) throws WeightFileException {
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            String name = e.getKey();
            if (name.equals(METADATA_KEY)) {
                readMetadata(file, e.getValue(), metadata);
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> info)) {
                throw new WeightFileException(file, "corrupt safetensors header: entry '" + name + "' is not an object");
            }
            Object dtypeName = info.get("dtype");
            if (!(dtypeName instanceof String)) {
                throw new WeightFileException(file, "corrupt safetensors header: tensor '" + name + "' has no dtype");
            }
            DType dtype = DType.ofSafetensorsName((String) dtypeName);
            if (dtype == null) {
                throw new WeightFileException(file, "tensor '" + name + "' has dtype " + dtypeName
                        + ", which is not supported (only F32, F64, F16 and BF16)");
            }
            long[] shapeL = integers(file, name, "shape", info.get("shape"), -1);
            long[] offsets = integers(file, name, "data_offsets", info.get("data_offsets"), 2);
            int[] shape = new int[shapeL.length];
            for (int i = 0; i < shape.length; i++) {
                if (shapeL[i] > Integer.MAX_VALUE) {
                    throw new WeightFileException(file, "tensor '" + name + "' has a dimension too large: " + shapeL[i]);
                }
                shape[i] = (int) shapeL[i];
            }
            long count;
            try {
                count = TensorData.elementCount(shape);
            } catch (IllegalArgumentException ex) {
                throw new WeightFileException(file, "tensor '" + name + "': " + ex.getMessage(), ex);
            }
            long begin = offsets[0];
            long end = offsets[1];
            if (begin > end || end > data.length) {
                throw new WeightFileException(file, "tensor '" + name + "' has data_offsets [" + begin + ", " + end
                        + "] outside the data section of " + data.length + " bytes (truncated or corrupt file)");
            }
            if (end - begin != count * dtype.size) {
                throw new WeightFileException(file, "tensor '" + name + "' has data_offsets [" + begin + ", " + end
                        + "] spanning " + (end - begin) + " bytes, but " + count + " " + dtype + " elements need "
                        + count * dtype.size);
            }
            float[] values = new float[(int) count];
            dtype.decode(data, (int) begin, (int) count, true, values, 0);
            tensors.put(name, new TensorData(shape, values));
        }
        return new WeightSet(tensors, metadata);
    }

    private static void readMetadata(Path file, Object value, Map<String, String> into) throws WeightFileException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new WeightFileException(file, "corrupt safetensors header: " + METADATA_KEY + " is not an object");
        }
        for (Map.Entry<?, ?> m : map.entrySet()) {
            if (!(m.getValue() instanceof String s)) {
                throw new WeightFileException(file, "corrupt safetensors header: metadata '" + m.getKey()
                        + "' is not a string");
            }
            into.put((String) m.getKey(), s);
        }
    }

    /** A JSON array of non-negative integers, of the given length unless that is negative. */
    private static long[] integers(Path file, String tensor, String field, Object value, int length)
            throws WeightFileException {
        String problem = "corrupt safetensors header: tensor '" + tensor + "' field " + field;
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new WeightFileException(file, problem + " is missing or not "
                    + (length >= 0 ? "an array of " + length + " integers" : "an array of integers"));
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = list.get(i);
            // Offsets up to 2^53 are exact in a double; anything larger cannot fit a loadable file.
            if (!(v instanceof Double d) || d < 0 || d != Math.rint(d) || d > 9007199254740992.0) {
                throw new WeightFileException(file, problem + " holds " + v + ", not a non-negative integer");
            }
            out[i] = d.longValue();
        }
        return out;
    }

    /**
     * Writes every tensor as F32 with the metadata, atomically: the bytes go to a temporary file
     * in the same directory which then replaces the target, so no half-written file is left.
     */
    static void write(Path file, WeightSet weights) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!weights.metadata().isEmpty()) {
            header.put(METADATA_KEY, weights.metadata());
        }
        long offset = 0;
        for (Map.Entry<String, TensorData> e : weights.tensors().entrySet()) {
            if (e.getKey().equals(METADATA_KEY)) {
                throw new WeightFileException(file, "tensor name '" + METADATA_KEY + "' is reserved by the format");
            }
            TensorData t = e.getValue();
            List<Object> shape = new ArrayList<>();
            for (int d : t.shape()) {
                shape.add(d);
            }
            long end = offset + 4L * t.numel();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", shape);
            info.put("data_offsets", List.of(offset, end));
            header.put(e.getKey(), info);
            offset = end;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        // Pad with spaces so that the data section starts 8-byte aligned, as the format recommends.
        int padded = (json.length + 7) & ~7;

        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new WeightFileException(file, "cannot be written: is a directory");
        }
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            // A device, FIFO or socket (possibly behind links such as /dev/stdout): stream into it
            // instead of replacing it.
            try (FileChannel ch = FileChannel.open(abs, StandardOpenOption.WRITE)) {
                writeContent(ch, head, weights);
            } catch (FileSystemException e) {
                throw new WeightFileException(file, "cannot be written: " + reason(e), e);
            }
            return;
        }
        Path target = linkTarget(file, abs);
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new WeightFileException(file, "cannot be written: folder " + dir
                    + (dir != null && Files.exists(dir) ? " is a file, not a folder" : " does not exist"));
        }
        // A fresh hidden name next to the target; created with the default permissions so that the
        // final file is as readable as any other file written there.
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeContent(ch, head, weights);
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (FileSystemException e) {
            // Reported against the file the caller named, never the temporary one.
            throw new WeightFileException(file, "cannot be written: " + reason(e), e);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static void writeContent(FileChannel ch, ByteBuffer head, WeightSet weights) throws IOException {
        writeAll(ch, head);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (TensorData t : weights.tensors().values()) {
            float[] d = t.data();
            for (float v : d) {
                if (!chunk.hasRemaining()) {
                    writeAll(ch, chunk.flip());
                    chunk.clear();
                }
                chunk.putFloat(v);
            }
        }
        writeAll(ch, chunk.flip());
    }

    /** The problem of a failed file operation in words, without the exception's class name. */
    static String reason(FileSystemException e) {
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof AccessDeniedException) return "permission denied";
        String r = e.getReason();
        if (r == null || r.isBlank()) return "input/output error";
        return r.length() > 1 && Character.isUpperCase(r.charAt(0)) && Character.isLowerCase(r.charAt(1))
                ? Character.toLowerCase(r.charAt(0)) + r.substring(1) : r;
    }

    /**
     * Where the bytes of {@code abs} finally go: the target of its symbolic links (followed one by
     * one, so a link to a file yet to be written works too), or {@code abs} itself.
     */
    private static Path linkTarget(Path given, Path abs) throws IOException {
        Path p = abs;
        for (int i = 0; Files.isSymbolicLink(p); i++) {
            if (i == 40) throw new WeightFileException(given, "cannot be written: too many levels of symbolic links");
            p = p.resolveSibling(Files.readSymbolicLink(p));
        }
        if (p != abs && Files.isDirectory(p)) {
            throw new WeightFileException(given, "cannot be written: is a link to a directory");
        }
        return p;
    }

    private static void writeAll(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
