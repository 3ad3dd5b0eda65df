package ipdnet2.infer.cli;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.dsp.metrics.ClipScore;
import ipdnet2.dsp.metrics.LocalizationMetrics;
import ipdnet2.infer.LabelledSet;
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

/**
 * Localises every clip of one or more labelled sets ({@link LabelledSet}) and prints MDR, FAR,
 * MAE and ACC (ARCHITECTURE.md §4, per-clip values averaged over clips) per set, overall, and
 * banded by RT60 and SNR when the manifests give them.
 */
final class EvaluateCommand implements Command {
    private static final double[] RT60_EDGES = {0.3, 0.6, 0.9};
    private static final double[] SNR_EDGES = {0, 5, 10};

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
                + "  optionally rt60_s, snr_db), the clips' audio and labels CSVs, and optionally array.csv.\n"
                + ModelOptions.USAGE
                + "  --tolerance DEG    largest azimuth error of a correct estimate (default 5)\n"
                + "When a set has its own array.csv, decoding uses that array (with a warning if it is not\n"
                + "the array the model was trained for).";
    }

    @Override
    public void run(Args args, PrintStream out) throws Exception {
        run(args, out, System.err);
    }

    @Override
    public void run(Args args, PrintStream out, PrintStream err) throws Exception {
        ModelOptions model = new ModelOptions(args);
        double tolerance = args.number("tolerance", LocalizationMetrics.DEFAULT_TOLERANCE_DEG);
        List<String> dirs = args.positionals();
        args.finish();
        if (dirs.isEmpty()) throw new CliException("evaluate needs at least one set directory");
        List<LabelledSet> sets = new ArrayList<>();
        for (String d : dirs) sets.add(LabelledSet.open(Path.of(d)));
        Localizer base = model.open(err);
        Map<String, LocalizationMetrics> rows = new LinkedHashMap<>();
        LocalizationMetrics overall = new LocalizationMetrics(tolerance);
        Map<String, LocalizationMetrics> bands = new LinkedHashMap<>();
        for (String b : bandNames("RT60", RT60_EDGES, "s")) bands.put(b, new LocalizationMetrics(tolerance));
        for (String b : bandNames("SNR", SNR_EDGES, "dB")) bands.put(b, new LocalizationMetrics(tolerance));
        boolean banded = false;
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
            LocalizationMetrics m = new LocalizationMetrics(tolerance);
            rows.put(set.directory().toString(), m);
            boolean acoustics = set.hasAcoustics();
            banded |= acoustics;
            for (LabelledSet.Clip clip : set.clips()) {
                ClipScore s = score(loc, clip, tolerance);
                m.add(s);
                overall.add(s);
                if (acoustics) {
                    bands.get(band("RT60", RT60_EDGES, "s", clip.rt60S())).add(s);
                    bands.get(band("SNR", SNR_EDGES, "dB", clip.snrDb())).add(s);
                }
            }
        }
        out.printf(Locale.ROOT, "%-36s %6s %8s %8s %8s %8s%n", "set", "clips", "MDR(%)", "FAR(%)", "MAE(°)", "ACC(%)");
        for (Map.Entry<String, LocalizationMetrics> e : rows.entrySet()) print(out, e.getKey(), e.getValue());
        if (rows.size() > 1) print(out, "overall", overall);
        if (banded) {
            for (Map.Entry<String, LocalizationMetrics> e : bands.entrySet()) {
                if (e.getValue().clips() > 0) print(out, e.getKey(), e.getValue());
            }
        }
    }

    private static ClipScore score(Localizer loc, LabelledSet.Clip clip, double tolerance) throws IOException {
        AudioData audio = LabelledSet.audio(clip);
        FrameLabels labels = LabelledSet.readLabels(clip.labels());
        List<LocalizationFrame> frames;
        try {
            frames = loc.localize(audio.channels(), audio.sampleRate());
        } catch (IllegalArgumentException e) {
            throw new CliException(clip.audio() + ": " + e.getMessage(), e);
        }
        // Labels have ⌊n/1600⌋ frames, the network ⌊(⌊n/320⌋+1)/5⌋: score the frames both have.
        int n = Math.min(frames.size(), labels.frames());
        int k = frames.isEmpty() ? 0 : frames.get(0).sources().size();
        double[][] az = new double[n][k];
        boolean[][] det = new boolean[n][k];
        double[][] la = new double[n][], ld = new double[n][];
        boolean[][] lact = new boolean[n][];
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < k; j++) {
                SourceEstimate e = frames.get(t).sources().get(j);
                az[t][j] = e.azimuthDeg();
                det[t][j] = e.detected();
            }
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
