package ipdnet2.dsp.label;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.AudioFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A directory of labelled multichannel clips: the one statement of the labelled-set format,
 * read here for training, validation and evaluation alike (simulated sets are written in it too).
 * <ul>
 *   <li>{@code manifest.csv}: a header row, then one row per clip; columns are found by name, in
 *       any order: {@code clip_id}, {@code audio_file}, {@code labels_file} (paths relative to the
 *       directory) are required; {@code rt60_s} (s) and {@code snr_db} (dB), when present, allow
 *       results banded by acoustics; {@code sources}, when present, is checked against the labels.
 *       Other columns are kept as text ({@link Clip#column}).</li>
 *   <li>per clip, the audio (WAV or FLAC, one channel per mic in array order, mic 0 the reference)
 *       and a labels CSV: header {@code frame,time_s} then {@code azimuth_deg_s,distance_m_s,active_s}
 *       per talker s = 0, 1, ...; one row per 100-ms frame i (covering [0.1·i, 0.1·(i+1)) s;
 *       floor(samples / 1600) frames at 16 kHz), frames in order: frame index, frame start time,
 *       then per talker the azimuth in degrees counter-clockwise from the array's +x axis and the
 *       distance in metres from the array centre, both at the frame centre, and 1/0 for voice
 *       activity.</li>
 *   <li>optionally {@code array.csv}: header {@code mic,x_m,y_m,z_m}, one row per mic in mic order,
 *       the positions in metres; when present, every clip must have one channel per mic.</li>
 * </ul>
 * Numbers use a dot as decimal separator. Errors name the file and line. The two CSV files are
 * read and written by {@link LabelFiles}.
 */
public final class LabelledSet {
    /** Name of the manifest in a set directory. */
    public static final String MANIFEST = "manifest.csv";
    /** Name of the optional array file in a set directory. */
    public static final String ARRAY = "array.csv";

    /**
     * One manifest row; {@code rt60S} and {@code snrDb} are NaN when the manifest lacks them.
     * {@code columns} holds every field of the row by column name.
     */
    public record Clip(String id, Path audio, Path labels, double rt60S, double snrDb, Map<String, String> columns) {
        public Clip {
            columns = Map.copyOf(columns);
        }

        /** The row's field in column {@code name}, or null when the manifest has no such column. */
        public String column(String name) {
            return columns.get(name);
        }
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
        Path manifest = dir.resolve(MANIFEST);
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IOException(dir + " is a file, not a set folder");
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": no such directory");
        if (!Files.isRegularFile(manifest)) throw new IOException(dir + " is not a labelled set: " + MANIFEST + " is missing");
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
            Map<String, String> columns = new HashMap<>();
            for (int c = 0; c < f.length; c++) columns.put(header.get(c), f[c]);
            clips.add(new Clip(f[id], dir.resolve(f[audio]), dir.resolve(f[labels]),
                    number(f, rt60, manifest, i), number(f, snr, manifest, i), columns));
        }
        Path arrayFile = dir.resolve(ARRAY);
        return new LabelledSet(dir, List.copyOf(clips), Files.isRegularFile(arrayFile) ? LabelFiles.readArray(arrayFile) : null);
    }

    public Path directory() {
        return dir;
    }

    /** The manifest rows, in manifest order. */
    public List<Clip> clips() {
        return clips;
    }

    public int size() {
        return clips.size();
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

    /**
     * Reads a clip's audio and labels, checking the channel count against the set's array (when
     * it has one) and the talker count against the manifest's {@code sources} (when it has one).
     */
    public LabelledClip read(Clip clip) throws IOException {
        if (!Files.isRegularFile(clip.audio())) throw new IOException(clip.audio() + ": no such file");
        AudioData audio = AudioFiles.read(clip.audio());
        if (array != null && audio.channelCount() != array.mics()) {
            throw new IOException(clip.audio() + " has " + audio.channelCount() + " channels, the array has "
                    + array.mics() + " mics");
        }
        FrameLabels labels = LabelFiles.readLabels(clip.labels());
        String sources = clip.column("sources");
        if (sources != null && !sources.equals(Integer.toString(labels.sources()))) {
            throw new IOException(clip.labels() + " has " + labels.sources() + " sources, the manifest says " + sources);
        }
        return new LabelledClip(clip, audio, labels);
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
}
