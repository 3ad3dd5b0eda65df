package ipdnet2.train.realman;

import ipdnet2.dsp.io.IoErrors;

import ipdnet2.dsp.audio.AudioFiles;
import ipdnet2.train.data.DataException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The index of one RealMAN split ({@code train}, {@code val} or {@code test}) in the dataset's own
 * layout:
 * <pre>
 *   ROOT/SPLIT/SPLIT_{static,moving}_source_location.csv   columns filename, angle(°), distance, ele
 *   ROOT/SPLIT/ma_speech/SCENE/{static,moving}/SPEAKER/STEM_CH{n}.flac   one file per channel
 *   ROOT/SPLIT/dp_speech/SCENE/{static,moving}/SPEAKER/STEM.flac         direct path, one channel
 *   ROOT/SPLIT/ma_noise/SCENE/.../STEM_CH{n}.flac                        multichannel noise
 * </pre>
 * {@code filename} names a recording relative to ROOT (or to ROOT/SPLIT), with or without the
 * {@code .flac} extension, without the {@code _CH{n}} suffix. A static row holds one angle and
 * distance, a moving row a comma-separated 10-Hz series (one quoted field).
 *
 * <p>Loading checks everything training needs before it starts: the folders, non-empty tables,
 * every requested channel file and the direct-path file of every row, and at least one noise
 * recording with all channels; problems are reported together in one {@link DataException}.
 */
public final class RealmanSplit {
    private static final Pattern CHANNEL_SUFFIX = Pattern.compile("_CH\\d+$");
    private static final int MAX_REPORTED = 5;

    private final Path root;
    private final String split;
    private final int[] channels;
    private final List<RealmanRecording> recordings;
    private final List<RealmanNoise> noises;

    private RealmanSplit(Path root, String split, int[] channels, List<RealmanRecording> recordings,
                         List<RealmanNoise> noises) {
        this.root = root;
        this.split = split;
        this.channels = channels.clone();
        this.recordings = Collections.unmodifiableList(recordings);
        this.noises = Collections.unmodifiableList(noises);
    }

    /** Indexes and checks {@code ROOT/split} for the given array channels. */
    public static RealmanSplit load(Path root, String split, int[] channels) {
        if (!Files.isDirectory(root)) {
            throw new DataException("RealMAN folder " + root + (Files.exists(root) ? " is a file, not a folder" : " does not exist"));
        }
        Path dir = root.resolve(split);
        if (!Files.isDirectory(dir)) throw new DataException("RealMAN split folder " + dir + " does not exist");
        if (channels.length < 2) throw new DataException("at least two channels are needed, got " + channels.length);
        List<RealmanRecording> recordings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int tables = 0;
        for (String kind : new String[] {"static", "moving"}) {
            Path csv = dir.resolve(split + "_" + kind + "_source_location.csv");
            if (!Files.isRegularFile(csv)) continue;
            tables++;
            readTable(root, dir, Csv.read(csv), kind.equals("moving"), channels, recordings, problems);
        }
        if (tables == 0) {
            throw new DataException("RealMAN split " + dir + " has neither " + split + "_static_source_location.csv nor "
                    + split + "_moving_source_location.csv");
        }
        if (recordings.isEmpty() && problems.isEmpty()) {
            throw new DataException("RealMAN split " + dir + ": the source-location tables list no recordings");
        }
        List<RealmanNoise> noises = scanNoise(dir.resolve("ma_noise"), channels, problems);
        if (!problems.isEmpty()) {
            StringBuilder sb = new StringBuilder("RealMAN split " + dir + " is incomplete (" + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + "):");
            for (int i = 0; i < Math.min(MAX_REPORTED, problems.size()); i++) sb.append("\n  ").append(problems.get(i));
            if (problems.size() > MAX_REPORTED) sb.append("\n  ... and ").append(problems.size() - MAX_REPORTED).append(" more");
            throw new DataException(sb.toString());
        }
        return new RealmanSplit(root, split, channels, recordings, noises);
    }

    private static void readTable(Path root, Path dir, Csv csv, boolean moving, int[] channels,
                                  List<RealmanRecording> out, List<String> problems) {
        if (csv.rows.isEmpty()) throw new DataException(csv.file + ": the table has a header but no rows");
        int cName = csv.column("filename", false);
        int cAngle = csv.column("angle", true);
        int cDist = csv.column("distance", false);
        if (cName < 0 || cAngle < 0 || cDist < 0) {
            throw new DataException(csv.file + ": needs columns filename, angle(°) and distance; header is " + csv.header);
        }
        for (int r = 0; r < csv.rows.size(); r++) {
            List<String> row = csv.rows.get(r);
            String where = csv.file.getFileName() + " row " + (r + 2);
            if (row.size() <= Math.max(cName, Math.max(cAngle, cDist))) {
                problems.add(where + ": has " + row.size() + " fields");
                continue;
            }
            double[] az, dist;
            try {
                az = series(row.get(cAngle));
                dist = series(row.get(cDist));
            } catch (NumberFormatException e) {
                problems.add(where + ": bad number in angle/distance: " + IoErrors.notANumber(e));
                continue;
            }
            String name = row.get(cName).trim();
            if (name.endsWith(".flac")) name = name.substring(0, name.length() - 5);
            name = CHANNEL_SUFFIX.matcher(name).replaceFirst("");
            Path base = root.resolve(name);
            if (!Files.isDirectory(base.getParent())) base = dir.resolve(name);
            Path recDir = base.getParent();
            String stem = base.getFileName().toString();
            Path direct = directPathOf(base);
            if (direct == null) {
                problems.add(where + ": " + name + " is not under a ma_speech folder");
                continue;
            }
            boolean ok = true;
            for (int ch : channels) {
                Path f = AudioFiles.channelFile(recDir, stem, ch);
                if (!Files.isRegularFile(f)) {
                    problems.add(where + ": missing channel file " + f);
                    ok = false;
                    break;
                }
            }
            if (!Files.isRegularFile(direct)) {
                problems.add(where + ": missing direct-path file " + direct);
                ok = false;
            }
            if (!ok) continue;
            Path speakerDir = recDir;
            Path kindDir = speakerDir.getParent();
            Path sceneDir = kindDir == null ? null : kindDir.getParent();
            String scene = sceneDir == null ? "" : sceneDir.getFileName().toString();
            out.add(new RealmanRecording(recDir, stem, direct, scene, speakerDir.getFileName().toString(), moving, az, dist));
        }
    }

    /** The direct-path file of a recording: the ma_speech folder replaced by dp_speech. */
    private static Path directPathOf(Path base) {
        Path p = base.getRoot() == null ? Path.of("") : base.getRoot();
        boolean found = false;
        for (Path part : base) {
            String s = part.toString();
            if (!found && s.equals("ma_speech")) {
                s = "dp_speech";
                found = true;
            }
            p = p.resolve(s);
        }
        return found ? p.resolveSibling(base.getFileName() + ".flac") : null;
    }

    /** Values of a static (one number) or moving (comma-separated series) annotation. */
    static double[] series(String field) {
        String[] parts = field.trim().replace("[", "").replace("]", "").split("[,\\s]+");
        List<Double> v = new ArrayList<>();
        for (String s : parts) if (!s.isEmpty()) v.add(Double.parseDouble(s));
        if (v.isEmpty()) throw new NumberFormatException("empty field");
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = v.get(i);
        return out;
    }

    private static List<RealmanNoise> scanNoise(Path noiseDir, int[] channels, List<String> problems) {
        List<RealmanNoise> out = new ArrayList<>();
        if (!Files.isDirectory(noiseDir)) {
            problems.add("missing noise folder " + noiseDir);
            return out;
        }
        String suffix = "_CH" + channels[0] + ".flac";
        List<Path> firsts;
        try (Stream<Path> walk = Files.walk(noiseDir)) {
            firsts = walk.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new DataException(noiseDir + ": cannot list noise recordings: " + e.getMessage(), e);
        }
        for (Path f : firsts) {
            String name = f.getFileName().toString();
            String stem = name.substring(0, name.length() - suffix.length());
            boolean ok = true;
            for (int ch : channels) {
                Path c = AudioFiles.channelFile(f.getParent(), stem, ch);
                if (!Files.isRegularFile(c)) {
                    problems.add("noise " + f.getParent().resolve(stem) + ": missing channel file " + c);
                    ok = false;
                    break;
                }
            }
            if (!ok) continue;
            Path rel = noiseDir.relativize(f);
            String scene = rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
            out.add(new RealmanNoise(f.getParent(), stem, scene));
        }
        if (out.isEmpty() && problems.isEmpty()) problems.add("no noise recordings (*" + suffix + ") under " + noiseDir);
        return out;
    }

    public Path root() {
        return root;
    }

    public String split() {
        return split;
    }

    public int[] channels() {
        return channels.clone();
    }

    public List<RealmanRecording> recordings() {
        return recordings;
    }

    public List<RealmanNoise> noises() {
        return noises;
    }
}
