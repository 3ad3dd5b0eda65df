package ipdnet2.infer.cli;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.baseline.AzimuthEstimate;
import ipdnet2.dsp.baseline.BaselineLocalizer;
import ipdnet2.dsp.baseline.ThresholdCalibration;
import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.dsp.label.LabelledClip;
import ipdnet2.dsp.label.LabelledSet;
import ipdnet2.dsp.metrics.ClipScore;
import ipdnet2.dsp.metrics.LocalizationMetrics;
import ipdnet2.dsp.metrics.NearestErrors;
import ipdnet2.dsp.metrics.PairErrors;
import ipdnet2.dsp.target.DirectPathIpd;
import ipdnet2.infer.LocalizationFrame;
import ipdnet2.infer.Localizer;
import ipdnet2.infer.SourceEstimate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Localises every clip of one or more labelled sets ({@link LabelledSet}) and prints MDR, FAR,
 * MAE and ACC (ARCHITECTURE.md §4, per-clip values averaged over clips) per set, overall, and
 * banded by RT60 and SNR when the manifests give them, by the talkers' distance from the array,
 * and per overlap pattern, static or moving talkers and noise field when they describe the scenes
 * (as the simulator's sets do). With {@code --method srp-phat|music} a
 * classical baseline ({@link ipdnet2.dsp.baseline.BaselineLocalizer}) localises instead of the
 * network, scored frame for frame by the same metrics.
 */
final class EvaluateCommand implements Command {
    private static final double[] RT60_EDGES = {0.3, 0.6, 0.9};
    private static final double[] SNR_EDGES = {0, 5, 10};
    /**
     * Distance bands, m. Far talkers reach the array with less direct sound against the room's
     * reflections, so their estimates drift off (weights/README.md, "Test set and results").
     */
    private static final double[] DISTANCE_EDGES = {1, 2};
    /**
     * Manifest columns of the simulator's dataset writer that describe the scene: results are
     * also given per value of each, when the manifests have them.
     */
    private static final List<String> SCENE_COLUMNS = List.of("overlap", "moving", "noise");

    /** The row name of a scene value: the overlap pattern, static or moving talkers, the noise field. */
    static String sceneName(String column, String value) {
        switch (column) {
            case "moving":
                return value.equals("1") ? "moving talkers" : value.equals("0") ? "static talkers" : "moving " + value;
            case "noise":
                int slash = value.indexOf('/');
                return "noise " + (slash < 0 ? value : value.substring(0, slash));
            default:
                return column + " " + value;
        }
    }

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "MDR/FAR/MAE/ACC on labelled sets (manifest.csv + audio + labels CSV)";
    }

    @Override
    public String usage() {
        return "evaluate SET_DIR [SET_DIR ...] [options]\n"
                + "  Each SET_DIR holds manifest.csv (columns clip_id, audio_file, labels_file, and\n"
                + "  optionally rt60_s, snr_db for rows by RT60 and SNR band, and overlap, moving, noise for\n"
                + "  rows by scene), the clips' audio and labels CSVs, and optionally array.csv. Rows by\n"
                + "  distance band use the labels' talker distances (mean over the active talker-frames).\n"
                + ModelOptions.USAGE
                + BaselineOptions.USAGE
                + "  --tolerance DEG    largest azimuth error of a correct estimate (default 5)\n"
                + "  --errors           also print how far the nearest track and the nearest detected estimate\n"
                + "                     are from each active talker (bins of azimuth error, over all sets)\n"
                + "  --pairs            also print, per mic pair, the error of the network's output against the\n"
                + "                     active talkers' IPD targets and against those of their reflections across\n"
                + "                     the reference mic's axis (equal errors: the model ignores the mics off it)\n"
                + "When a set has its own array.csv, decoding uses that array (with a warning if it is not\n"
                + "the array the model was trained for).";
    }

    @Override
    public void run(Args args, PrintStream out) throws Exception {
        run(args, out, System.err);
    }

    @Override
    public Set<String> flags() {
        return ModelOptions.flags("calibrate", "errors", "pairs");
    }

    @Override
    public void run(Args args, PrintStream out, PrintStream err) throws Exception {
        BaselineOptions baseline = new BaselineOptions(args);
        if (baseline.isBaseline()) {
            for (String option : List.of("weights", "threshold", ModelOptions.SYMMETRY_AVERAGE)) {
                if (args.given(option)) {
                    throw new CliException("--" + option + " applies only to the network method (--method ipdnet2), not to --method "
                            + baseline.method);
                }
            }
        }
        ModelOptions model = baseline.isBaseline() ? null : new ModelOptions(args);
        double tolerance = args.number("tolerance", LocalizationMetrics.DEFAULT_TOLERANCE_DEG);
        boolean errors = args.flag("errors");
        boolean pairs = args.flag("pairs");
        List<String> dirs = args.positionals();
        args.finish();
        if (dirs.isEmpty()) throw new CliException("evaluate needs at least one set directory");
        List<LabelledSet> sets = new ArrayList<>();
        for (String d : dirs) {
            LabelledSet set = LabelledSet.open(Path.of(d));
            // Scores over no clips would be NaN: a set without clips is a mistake to report.
            if (set.clips().isEmpty()) {
                throw new CliException(set.directory().resolve(LabelledSet.MANIFEST) + " lists no clips");
            }
            sets.add(set);
        }
        Table table = new Table(tolerance, errors ? new NearestErrors() : null);
        if (pairs && baseline.isBaseline()) throw new CliException("--pairs applies to the network, not to --method");
        PairErrors pairErrors = null;
        if (baseline.isBaseline()) {
            runBaseline(baseline, sets, table, tolerance, out, err);
        } else {
            pairErrors = runNetwork(model, sets, table, tolerance, pairs, err);
        }
        table.print(out);
        if (pairErrors != null) out.print(pairErrors.format());
    }

    /**
     * An all-zero clip is scored (every labelled talker a miss), since a set is evaluated as it
     * is, but named: it is more likely a broken file than a test case.
     */
    private static void warnIfSilent(LabelledSet.Clip clip, List<LocalizationFrame> frames, PrintStream err) {
        for (LocalizationFrame f : frames) {
            if (!f.silent()) return;
        }
        err.println("warning: " + clip.audio() + " is silent (all samples are zero); its talkers count as missed");
    }

    /** Scores the network on the sets; with {@code pairs}, also returns its per-pair target errors. */
    private static PairErrors runNetwork(ModelOptions model, List<LabelledSet> sets, Table table, double tolerance,
                                         boolean pairs, PrintStream err) throws IOException {
        Localizer base = model.open(err);
        PairErrors pairErrors = pairs ? new PairErrors(new DirectPathIpd(base.geometry())) : null;
        for (LabelledSet set : sets) {
            Localizer loc = base;
            if (set.array() != null) {
                if (set.array().mics() != base.config().mics()) {
                    throw new CliException(set.directory() + "/array.csv has " + set.array().mics()
                            + " mics but the model expects " + base.config().mics());
                }
                if (!ModelOptions.sameArray(set.array(), base.geometry())) {
                    err.println("warning: " + set.directory() + " uses another array than the model was trained for; "
                            + "decoding with the set's array");
                    loc = base.withGeometry(set.array());
                }
            }
            if (pairs && loc != base) {
                throw new CliException("--pairs scores the targets of the model's own array; " + set.directory()
                        + " uses another");
            }
            table.startSet(set);
            for (LabelledSet.Clip clip : set.clips()) {
                LabelledClip read = set.read(clip);
                AudioData audio = read.audio();
                List<LocalizationFrame> frames;
                float[][] raw = new float[1][];
                try {
                    frames = pairs ? loc.localize(audio.channels(), audio.sampleRate(), r -> raw[0] = r)
                            : loc.localize(audio.channels(), audio.sampleRate());
                } catch (IllegalArgumentException e) {
                    throw new CliException(clip.audio() + ": " + e.getMessage(), e);
                }
                warnIfSilent(clip, frames, err);
                table.add(set, clip, frames, read.labels());
                if (pairs) pairErrors.add(raw[0], frames.size(), read.labels());
            }
        }
        return pairErrors;
    }

    /**
     * A classical baseline: spectra and peaks of every clip first, then (with --calibrate) the
     * thresholds chosen on these clips, then the decisions scored like the network's.
     */
    private static void runBaseline(BaselineOptions options, List<LabelledSet> sets, Table table, double tolerance,
                                    PrintStream out, PrintStream err) throws IOException {
        List<AzimuthEstimate[][]> peaks = new ArrayList<>();
        List<FrameLabels> labels = new ArrayList<>();
        List<BaselineLocalizer> localizers = new ArrayList<>();
        ThresholdCalibration calibration = new ThresholdCalibration(tolerance);
        for (LabelledSet set : sets) {
            BaselineLocalizer loc = options.open(set.array());
            if (set.array() != null && options.hasArray()) {
                err.println("warning: " + set.directory() + " has its own array.csv; using it instead of --array");
            }
            for (LabelledSet.Clip clip : set.clips()) {
                LabelledClip read = set.read(clip);
                AudioData audio = read.audio();
                AzimuthEstimate[][] p;
                try {
                    p = loc.peaks(loc.method().spectra(BaselineOptions.to16k(audio.channels(), audio.sampleRate())));
                } catch (IllegalArgumentException e) {
                    throw new CliException(clip.audio() + ": " + e.getMessage(), e);
                }
                FrameLabels l = read.labels();
                peaks.add(p);
                labels.add(l);
                localizers.add(loc);
                if (options.calibrate) calibration.add(p, l);
            }
        }
        ThresholdCalibration.Result chosen = null;
        if (options.calibrate) {
            chosen = calibration.best(ThresholdCalibration.grid(0.01, 0.99, 0.01));
            out.printf(Locale.ROOT, "calibrated %s: threshold %.2f, second-peak ratio %.2f (F1 %.4f on %d clips)%n",
                    options.method, chosen.firstThreshold(), chosen.secondRatio(), chosen.f1(),
                    chosen.clips());
        }
        int i = 0;
        for (LabelledSet set : sets) {
            table.startSet(set);
            for (LabelledSet.Clip clip : set.clips()) {
                BaselineLocalizer loc = localizers.get(i);
                if (chosen != null) loc = loc.withThresholds(chosen.firstThreshold(), chosen.secondRatio());
                List<LocalizationFrame> frames = BaselineOptions.frames(loc.decide(peaks.get(i)));
                table.add(set, clip, frames, labels.get(i));
                i++;
            }
        }
    }

    /** Metrics per set, overall, by RT60 and SNR band and by scene; and, when asked, the error bins. */
    private static final class Table {
        private final double tolerance;
        private final NearestErrors errors;
        private final Map<String, LocalizationMetrics> rows = new LinkedHashMap<>();
        private final LocalizationMetrics overall;
        /** RT60, SNR and distance bands in print order; a band no clip fell in is not printed. */
        private final Map<String, LocalizationMetrics> bands = new LinkedHashMap<>();
        /** Rows by scene, per manifest column in {@link #SCENE_COLUMNS} order, values sorted. */
        private final Map<String, TreeMap<String, LocalizationMetrics>> scenes = new LinkedHashMap<>();

        Table(double tolerance, NearestErrors errors) {
            this.tolerance = tolerance;
            this.errors = errors;
            overall = new LocalizationMetrics(tolerance);
            for (String b : bandNames("RT60", RT60_EDGES, "s")) bands.put(b, new LocalizationMetrics(tolerance));
            for (String b : bandNames("SNR", SNR_EDGES, "dB")) bands.put(b, new LocalizationMetrics(tolerance));
            for (String b : bandNames("distance", DISTANCE_EDGES, "m")) bands.put(b, new LocalizationMetrics(tolerance));
        }

        void startSet(LabelledSet set) {
            rows.put(set.directory().toString(), new LocalizationMetrics(tolerance));
        }

        void add(LabelledSet set, LabelledSet.Clip clip, List<LocalizationFrame> frames, FrameLabels labels) {
            int n = Math.min(frames.size(), labels.frames());
            double[][] az = new double[n][];
            boolean[][] det = new boolean[n][];
            tracks(frames, n, az, det);
            ClipScore s = score(az, det, labels, n, tolerance);
            if (errors != null) errors.add(labels, az, det);
            rows.get(set.directory().toString()).add(s);
            overall.add(s);
            if (set.hasAcoustics()) {
                bands.get(band("RT60", RT60_EDGES, "s", clip.rt60S())).add(s);
                bands.get(band("SNR", SNR_EDGES, "dB", clip.snrDb())).add(s);
            }
            double d = meanActiveDistance(labels, n);
            if (d > 0) bands.get(band("distance", DISTANCE_EDGES, "m", d)).add(s);
            for (String column : SCENE_COLUMNS) {
                String value = clip.column(column);
                if (value == null || value.isEmpty()) continue;
                scenes.computeIfAbsent(column, k -> new TreeMap<>())
                        .computeIfAbsent(sceneName(column, value), k -> new LocalizationMetrics(tolerance)).add(s);
            }
        }

        void print(PrintStream out) {
            out.printf(Locale.ROOT, "%-36s %6s %8s %8s %8s %8s%n", "set", "clips", "MDR(%)", "FAR(%)", "MAE(°)", "ACC(%)");
            for (Map.Entry<String, LocalizationMetrics> e : rows.entrySet()) EvaluateCommand.print(out, e.getKey(), e.getValue());
            if (rows.size() > 1) EvaluateCommand.print(out, "overall", overall);
            for (Map.Entry<String, LocalizationMetrics> e : bands.entrySet()) {
                if (e.getValue().clips() > 0) EvaluateCommand.print(out, e.getKey(), e.getValue());
            }
            for (TreeMap<String, LocalizationMetrics> rowsOfColumn : scenes.values()) {
                for (Map.Entry<String, LocalizationMetrics> e : rowsOfColumn.entrySet()) {
                    EvaluateCommand.print(out, e.getKey(), e.getValue());
                }
            }
            if (errors != null) out.print(errors.format());
        }
    }

    /**
     * Mean distance of the talkers over the active talker-frames among the first {@code n} frames:
     * the clip's distance band (exact for one talker; two talkers count by how long each talks).
     * NaN when no talker is active or the labels give no positive distance.
     */
    static double meanActiveDistance(FrameLabels labels, int n) {
        double sum = 0;
        int count = 0;
        for (int t = 0; t < Math.min(n, labels.frames()); t++) {
            for (int s = 0; s < labels.sources(); s++) {
                double d = labels.distanceM(t, s);
                if (labels.active(t, s) && d > 0) {
                    sum += d;
                    count++;
                }
            }
        }
        return count > 0 ? sum / count : Double.NaN;
    }

    /** The tracks' azimuths into {@code az} and detection flags into {@code det}, first n frames: [n][K]. */
    private static void tracks(List<LocalizationFrame> frames, int n, double[][] az, boolean[][] det) {
        for (int t = 0; t < n; t++) {
            List<SourceEstimate> src = frames.get(t).sources();
            az[t] = new double[src.size()];
            det[t] = new boolean[src.size()];
            for (int j = 0; j < src.size(); j++) {
                az[t][j] = src.get(j).azimuthDeg();
                det[t][j] = src.get(j).detected();
            }
        }
    }

    private static ClipScore score(double[][] az, boolean[][] det, FrameLabels labels, int n, double tolerance) {
        // Labels have ⌊n/1600⌋ frames, the network ⌊(⌊n/320⌋+1)/5⌋: score the frames both have.
        double[][] la = new double[n][], ld = new double[n][];
        boolean[][] lact = new boolean[n][];
        for (int t = 0; t < n; t++) {
            la[t] = new double[labels.sources()];
            ld[t] = new double[labels.sources()];
            lact[t] = new boolean[labels.sources()];
            for (int s = 0; s < labels.sources(); s++) {
                la[t][s] = labels.azimuthDeg(t, s);
                ld[t][s] = labels.distanceM(t, s);
                lact[t][s] = labels.active(t, s);
            }
        }
        return new LocalizationMetrics(tolerance).score(new FrameLabels(la, ld, lact), az, det);
    }

    private static void print(PrintStream out, String name, LocalizationMetrics m) {
        out.printf(Locale.ROOT, "%-36s %6d %8.1f %8.1f %8.2f %8.1f%n", name, m.clips(), 100 * m.mdr(), 100 * m.far(),
                m.mae(), 100 * m.acc());
    }

    static List<String> bandNames(String what, double[] edges, String unit) {
        List<String> names = new ArrayList<>();
        names.add(String.format(Locale.ROOT, "%s < %s %s", what, fmt(edges[0]), unit));
        for (int i = 1; i < edges.length; i++) {
            names.add(String.format(Locale.ROOT, "%s %s-%s %s", what, fmt(edges[i - 1]), fmt(edges[i]), unit));
        }
        names.add(String.format(Locale.ROOT, "%s >= %s %s", what, fmt(edges[edges.length - 1]), unit));
        return names;
    }

    static String band(String what, double[] edges, String unit, double v) {
        List<String> names = bandNames(what, edges, unit);
        for (int i = 0; i < edges.length; i++) if (v < edges[i]) return names.get(i);
        return names.get(edges.length);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
