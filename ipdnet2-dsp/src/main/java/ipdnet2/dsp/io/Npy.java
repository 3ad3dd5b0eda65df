package ipdnet2.dsp.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files holding little-endian float32 ({@code <f4}) or
 * float64 ({@code <f8}) arrays of any rank in C order (format versions 1, 2 and 3 are read;
 * version 1 is written, or 2 if the header needs it).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Reads a {@code .npy} file. */
    public static NpyArray read(Path file) throws IOException {
        IoErrors.requireReadable(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads a {@code .npy} stream; {@code name} identifies it in error messages (e.g. a file name
     * or classpath resource).
     */
    public static NpyArray read(InputStream stream, String name) throws IOException {
        if (stream == null) throw new IOException(name + ": not found");
        DataInputStream in = new DataInputStream(stream);
        try {
            byte[] magic = new byte[6];
            in.readFully(magic);
            for (int i = 0; i < 6; i++) {
                if (magic[i] != MAGIC[i]) throw new IOException(name + ": not a .npy file (bad magic)");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long headerLen;
            if (major == 1) {
                headerLen = in.readUnsignedByte() | (in.readUnsignedByte() << 8);
            } else if (major == 2 || major == 3) {
                headerLen = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            } else {
                throw new IOException(name + ": unsupported .npy format version " + major);
            }
            if (headerLen > 1 << 20) throw new IOException(name + ": implausible .npy header length " + headerLen);
            byte[] hb = new byte[(int) headerLen];
            in.readFully(hb);
            String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            String descr = group(DESCR, header, name, "descr");
            if (group(FORTRAN, header, name, "fortran_order").equals("True")) {
                throw new IOException(name + ": Fortran-order arrays are not supported");
            }
            int[] shape = parseShape(group(SHAPE, header, name, "shape"), name);
            long count = 1;
            for (int d : shape) count *= d;
            if (count > Integer.MAX_VALUE - 8) throw new IOException(name + ": array too large (" + count + " values)");
            int n = (int) count;
            switch (descr) {
                case "<f4": {
                    byte[] raw = readBytes(in, 4L * n, name);
                    float[] f = new float[n];
                    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
                    return new NpyArray(shape, f, null);
                }
                case "<f8": {
                    byte[] raw = readBytes(in, 8L * n, name);
                    double[] d = new double[n];
                    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(d);
                    return new NpyArray(shape, null, d);
                }
                default:
                    throw new IOException(name + ": unsupported dtype '" + descr
                            + "' (only little-endian float32 '<f4' and float64 '<f8')");
            }
        } catch (EOFException e) {
            throw new IOException(name + ": truncated .npy file", e);
        }
    }

    /** Writes a float32 array of the given shape (C order) atomically. */
    public static void write(Path file, int[] shape, float[] data) throws IOException {
        checkSize(file, shape, data.length);
        ByteBuffer bb = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(data);
        writeRaw(file, "<f4", shape, bb.array());
    }

    /** Writes a float64 array of the given shape (C order) atomically. */
    public static void write(Path file, int[] shape, double[] data) throws IOException {
        checkSize(file, shape, data.length);
        ByteBuffer bb = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.asDoubleBuffer().put(data);
        writeRaw(file, "<f8", shape, bb.array());
    }

    private static void writeRaw(Path file, String descr, int[] shape, byte[] body) throws IOException {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr)
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) sb.append(shape.length == 1 ? "," : ", ");
        }
        sb.append("), }");
        // Pad with spaces so that the data starts on a 64-byte boundary, header ends with '\n'.
        int prefix = 10;
        int total = prefix + sb.length() + 1;
        boolean v2 = total + 63 > 65535 + prefix;
        if (v2) {
            prefix = 12;
            total = prefix + sb.length() + 1;
        }
        int pad = (64 - total % 64) % 64;
        for (int i = 0; i < pad; i++) sb.append(' ');
        sb.append('\n');
        byte[] header = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(MAGIC);
        head.write(v2 ? 2 : 1);
        head.write(0);
        head.write(header.length & 0xff);
        head.write((header.length >>> 8) & 0xff);
        if (v2) {
            head.write((header.length >>> 16) & 0xff);
            head.write((header.length >>> 24) & 0xff);
        }
        head.write(header);
        AtomicFiles.write(file, out -> {
            head.writeTo(out);
            out.write(body);
        });
    }

    private static void checkSize(Path file, int[] shape, int length) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException(file + ": negative dimension in shape");
            count *= d;
        }
        if (count != length) {
            throw new IllegalArgumentException(file + ": shape holds " + count + " values but data has " + length);
        }
    }

    private static String group(Pattern p, String header, String name, String key) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new IOException(name + ": .npy header has no valid '" + key + "' entry");
        return m.group(1);
    }

    private static int[] parseShape(String s, String name) throws IOException {
        String[] parts = s.split(",");
        int n = 0;
        int[] tmp = new int[parts.length];
        for (String part : parts) {
            String t = part.trim();
            if (t.isEmpty()) continue;
            if (t.endsWith("L")) t = t.substring(0, t.length() - 1);
            try {
                long v = Long.parseLong(t);
                if (v < 0 || v > Integer.MAX_VALUE) throw new NumberFormatException();
                tmp[n++] = (int) v;
            } catch (NumberFormatException e) {
                throw new IOException(name + ": bad .npy shape '(" + s + ")'");
            }
        }
        return java.util.Arrays.copyOf(tmp, n);
    }

    private static byte[] readBytes(DataInputStream in, long len, String name) throws IOException {
        byte[] b = new byte[(int) len];
        int got = in.readNBytes(b, 0, b.length);
        if (got < b.length) {
            throw new IOException(name + ": truncated .npy file (data needs " + len + " bytes, found " + got + ")");
        }
        return b;
    }
}
