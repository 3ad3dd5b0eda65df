package ipdnet2.dsp.label;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.io.AtomicFiles;
import ipdnet2.dsp.io.IoErrors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The two small CSV files of a labelled set (layout: {@link LabelledSet}): a clip's labels file
 * and the set's {@code array.csv}. Writing is atomic and byte-for-byte deterministic (fixed
 * decimals, dot separator, {@code \n} line ends); reading checks every field and names the file
 * and line of the first bad one.
 */
public final class LabelFiles {
    private LabelFiles() {
    }

    /**
     * Reads a labels CSV: header {@code frame,time_s} then {@code azimuth_deg_s,distance_m_s,active_s}
     * per talker s, one row per 100-ms frame with frames numbered 0, 1, ... in order.
     */
    public static FrameLabels readLabels(Path file) throws IOException {
        List<String> lines = lines(file);
        String[] header = lines.get(0).trim().split(",", -1);
        if (header.length < 5 || (header.length - 2) % 3 != 0 || !header[0].equals("frame") || !header[1].equals("time_s")) {
            throw new IOException(file + ": header must be frame,time_s then azimuth_deg_s,distance_m_s,active_s per talker, got '"
                    + lines.get(0) + "'");
        }
        int sources = (header.length - 2) / 3;
        List<String> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) if (!lines.get(i).isBlank()) rows.add(lines.get(i).trim());
        double[][] az = new double[rows.size()][sources];
        double[][] dist = new double[rows.size()][sources];
        boolean[][] active = new boolean[rows.size()][sources];
        for (int r = 0; r < rows.size(); r++) {
            String[] f = rows.get(r).split(",", -1);
            String at = file + " line " + (r + 2);
            if (f.length != header.length) throw new IOException(at + ": expected " + header.length + " fields, got " + f.length);
            try {
                if (Integer.parseInt(f[0]) != r) throw new IOException(at + ": frame " + f[0] + " out of order (expected " + r + ")");
                Double.parseDouble(f[1]);
                for (int s = 0; s < sources; s++) {
                    az[r][s] = Double.parseDouble(f[2 + 3 * s]);
                    dist[r][s] = Double.parseDouble(f[3 + 3 * s]);
                    String a = f[4 + 3 * s];
                    if (!a.equals("0") && !a.equals("1")) throw new IOException(at + ": active must be 0 or 1, got '" + a + "'");
                    active[r][s] = a.equals("1");
                }
            } catch (NumberFormatException e) {
                throw new IOException(at + ": bad number: " + IoErrors.notANumber(e));
            }
        }
        return new FrameLabels(az, dist, active);
    }

    /**
     * Writes a labels CSV: frame start time with 1 decimal, azimuth with 3, distance with 4,
     * activity as 1/0.
     */
    public static void writeLabels(Path file, FrameLabels labels) throws IOException {
        StringBuilder sb = new StringBuilder("frame,time_s");
        for (int s = 0; s < labels.sources(); s++) {
            sb.append(",azimuth_deg_").append(s).append(",distance_m_").append(s).append(",active_").append(s);
        }
        sb.append('\n');
        for (int f = 0; f < labels.frames(); f++) {
            sb.append(f).append(',').append(fixed(f * FrameLabels.FRAME_SECONDS, 1));
            for (int s = 0; s < labels.sources(); s++) {
                sb.append(',').append(fixed(labels.azimuthDeg(f, s), 3))
                        .append(',').append(fixed(labels.distanceM(f, s), 4))
                        .append(',').append(labels.active(f, s) ? '1' : '0');
            }
            sb.append('\n');
        }
        writeText(file, sb.toString());
    }

    /** Reads an array file: header {@code mic,x_m,y_m,z_m}, then one row per mic in mic order. */
    public static ArrayGeometry readArray(Path file) throws IOException {
        List<String> lines = lines(file);
        List<double[]> mics = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] f = lines.get(i).trim().split(",", -1);
            try {
                if (f.length != 4 || Integer.parseInt(f[0]) != mics.size()) {
                    throw new IOException(file + " line " + (i + 1) + ": expected mic,x_m,y_m,z_m in mic order");
                }
                mics.add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])});
            } catch (NumberFormatException e) {
                throw new IOException(file + " line " + (i + 1) + ": bad number: " + IoErrors.notANumber(e));
            }
        }
        try {
            return new ArrayGeometry(mics.toArray(new double[0][]));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes an array file with positions in metres to 6 decimals (micrometres). */
    public static void writeArray(Path file, ArrayGeometry array) throws IOException {
        StringBuilder sb = new StringBuilder("mic,x_m,y_m,z_m\n");
        for (int m = 0; m < array.mics(); m++) {
            double[] p = array.position(m);
            sb.append(m).append(',').append(fixed(p[0], 6)).append(',').append(fixed(p[1], 6))
                    .append(',').append(fixed(p[2], 6)).append('\n');
        }
        writeText(file, sb.toString());
    }

    /** {@code v} with {@code decimals} decimals and a dot, the number form of every set file. */
    public static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Writes UTF-8 text atomically. */
    public static void writeText(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private static List<String> lines(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new IOException(file + " is a directory, not a labels file");
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) throw new IOException(file + " is empty");
        return lines;
    }
}
