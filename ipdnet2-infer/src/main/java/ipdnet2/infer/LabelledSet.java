package ipdnet2.infer;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.AudioFiles;
import ipdnet2.dsp.label.FrameLabels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A directory of labelled multichannel clips, in the layout of the simulated sets:
 * <ul>
 *   <li>{@code manifest.csv}: a header row, then one row per clip; the columns are found by name:
 *       {@code clip_id}, {@code audio_file}, {@code labels_file} (paths relative to the directory)
 *       are required; {@code rt60_s} and {@code snr_db}, when present, allow banded results.
 *       Other columns are ignored.</li>
 *   <li>per clip, the audio (WAV or FLAC, one channel per mic in array order, mic 0 the reference)
 *       and a labels CSV: header {@code frame,time_s} then {@code azimuth_deg_s,distance_m_s,active_s}
 *       per talker s; one row per 100-ms frame i (covering [0.1·i, 0.1·(i+1)) s), frames in order,
 *       azimuth in degrees counter-clockwise from the array's +x axis, active 1 or 0.</li>
 *   <li>optionally {@code array.csv}: header {@code mic,x_m,y_m,z_m}, the mic positions in metres.</li>
 * </ul>
 * Numbers use a dot as decimal separator. Errors name the file and line.
 */
public final class LabelledSet {
    /** One manifest row; {@code rt60S} and {@code snrDb} are NaN when the manifest lacks them. */
    public record Clip(String id, Path audio, Path labels, double rt60S, double snrDb) {
    }

    private final Path dir;
    private final List<Clip> clips;
    private final ArrayGeometry array;

    private LabelledSet(Path dir, List<Clip> clips, ArrayGeometry array) {
        this.dir = dir;
        this.clips = clips;
        this.array = array;
    }

    /** Opens the set in {@code dir}, reading its manifest (and array file, if any). */
    public static LabelledSet open(Path dir) throws IOException {
        Path manifest = dir.resolve("manifest.csv");
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": no such directory");
        if (!Files.isRegularFile(manifest)) throw new IOException(dir + " is not a labelled set: manifest.csv is missing");
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        if (lines.isEmpty()) throw new IOException(manifest + " is empty");
        List<String> header = Arrays.asList(lines.get(0).trim().split(",", -1));
        int id = column(header, "clip_id", manifest), audio = column(header, "audio_file", manifest),
                labels = column(header, "labels_file", manifest);
        int rt60 = header.indexOf("rt60_s"), snr = header.indexOf("snr_db");
        List<Clip> clips = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] f = lines.get(i).trim().split(",", -1);
            if (f.length != header.size()) {
                throw new IOException(manifest + " line " + (i + 1) + ": expected " + header.size() + " fields, got " + f.length);
            }
            clips.add(new Clip(f[id], dir.resolve(f[audio]), dir.resolve(f[labels]),
                    number(f, rt60, manifest, i), number(f, snr, manifest, i)));
        }
        Path arrayFile = dir.resolve("array.csv");
        return new LabelledSet(dir, List.copyOf(clips), Files.isRegularFile(arrayFile) ? readArray(arrayFile) : null);
    }

    public Path directory() {
        return dir;
    }

    public List<Clip> clips() {
        return clips;
    }

    /** The set's array from {@code array.csv}, or null when the set has none. */
    public ArrayGeometry array() {
        return array;
    }

    /** Whether every clip has an RT60 and an SNR. */
    public boolean hasAcoustics() {
        for (Clip c : clips) if (Double.isNaN(c.rt60S()) || Double.isNaN(c.snrDb())) return false;
        return !clips.isEmpty();
    }

    /** Reads a clip's audio. */
    public static AudioData audio(Clip clip) throws IOException {
        if (!Files.isRegularFile(clip.audio())) throw new IOException(clip.audio() + ": no such file");
        return AudioFiles.read(clip.audio());
    }

    /** Reads a labels CSV (format: class description). */
    public static FrameLabels readLabels(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) throw new IOException(file + " is empty");
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
                for (int s = 0; s < sources; s++) {
                    az[r][s] = Double.parseDouble(f[2 + 3 * s]);
                    dist[r][s] = Double.parseDouble(f[3 + 3 * s]);
                    String a = f[4 + 3 * s];
                    if (!a.equals("0") && !a.equals("1")) throw new IOException(at + ": active must be 0 or 1, got '" + a + "'");
                    active[r][s] = a.equals("1");
                }
            } catch (NumberFormatException e) {
                throw new IOException(at + ": bad number (" + e.getMessage() + ")");
            }
        }
        return new FrameLabels(az, dist, active);
    }

    private static int column(List<String> header, String name, Path manifest) throws IOException {
        int i = header.indexOf(name);
        if (i < 0) throw new IOException(manifest + ": the header lacks column '" + name + "'");
        return i;
    }

    private static double number(String[] f, int col, Path manifest, int line) throws IOException {
        if (col < 0) return Double.NaN;
        try {
            return Double.parseDouble(f[col]);
        } catch (NumberFormatException e) {
            throw new IOException(String.format(Locale.ROOT, "%s line %d: bad number '%s'", manifest, line + 1, f[col]));
        }
    }

    private static ArrayGeometry readArray(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
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
                throw new IOException(file + " line " + (i + 1) + ": bad number (" + e.getMessage() + ")");
            }
        }
        try {
            return new ArrayGeometry(mics.toArray(new double[0][]));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
