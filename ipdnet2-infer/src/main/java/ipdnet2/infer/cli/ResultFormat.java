package ipdnet2.infer.cli;

import ipdnet2.infer.LocalizationFrame;
import ipdnet2.infer.SourceEstimate;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Text forms of localisation results.
 * <ul>
 *   <li>csv: header {@code frame,time_s,silent,azimuth_deg_0,score_0,detected_0,azimuth_deg_1,...},
 *       one row per 100-ms frame (time_s its start), 1/0 flags, one column group per track.</li>
 *   <li>json: {@code {"recording": ..., "frame_seconds": 0.1, "threshold": ..., "frames": [{"frame",
 *       "time_s", "silent", "sources": [{"track", "azimuth_deg", "score", "detected"}]}]}}.</li>
 * </ul>
 */
enum ResultFormat {
    CSV, JSON;

    static ResultFormat parse(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "csv": return CSV;
            case "json": return JSON;
            default: throw new CliException("--format must be csv or json, got '" + s + "'");
        }
    }

    void write(PrintWriter w, String recording, double threshold, List<LocalizationFrame> frames) {
        if (this == CSV) writeCsv(w, frames);
        else writeJson(w, recording, threshold, frames);
        w.flush();
    }

    private static void writeCsv(PrintWriter w, List<LocalizationFrame> frames) {
        w.println(csvHeader(frames.isEmpty() ? 2 : frames.get(0).sources().size()));
        for (LocalizationFrame f : frames) w.println(csvRow(f));
    }

    /** The CSV header for {@code tracks} tracks. */
    static String csvHeader(int tracks) {
        StringBuilder h = new StringBuilder("frame,time_s,silent");
        for (int k = 0; k < tracks; k++) h.append(",azimuth_deg_").append(k).append(",score_").append(k).append(",detected_").append(k);
        return h.toString();
    }

    /** One frame's CSV row. */
    static String csvRow(LocalizationFrame f) {
        StringBuilder r = new StringBuilder();
        r.append(f.index()).append(',').append(String.format(Locale.ROOT, "%.1f", f.startSeconds()))
                .append(',').append(f.silent() ? 1 : 0);
        for (SourceEstimate s : f.sources()) {
            r.append(',').append(String.format(Locale.ROOT, "%.1f,%.4f,%d", s.azimuthDeg(), s.score(), s.detected() ? 1 : 0));
        }
        return r.toString();
    }

    private static void writeJson(PrintWriter w, String recording, double threshold, List<LocalizationFrame> frames) {
        w.printf(Locale.ROOT, "{\"recording\": %s, \"frame_seconds\": 0.1, \"threshold\": %s, \"frames\": [",
                quote(recording), Double.toString(threshold));
        for (int i = 0; i < frames.size(); i++) {
            w.printf("%s%n  %s", i == 0 ? "" : ",", jsonFrame(frames.get(i)));
        }
        w.println(frames.isEmpty() ? "]}" : "\n]}");
    }

    /** One frame as a JSON object: an element of the JSON form's "frames", or a line of JSON Lines. */
    static String jsonFrame(LocalizationFrame f) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "{\"frame\": %d, \"time_s\": %.1f, \"silent\": %b, \"sources\": [", f.index(), f.startSeconds(), f.silent()));
        for (int k = 0; k < f.sources().size(); k++) {
            SourceEstimate s = f.sources().get(k);
            b.append(String.format(Locale.ROOT, "%s{\"track\": %d, \"azimuth_deg\": %.1f, \"score\": %.4f, \"detected\": %b}",
                    k == 0 ? "" : ", ", s.track(), s.azimuthDeg(), s.score(), s.detected()));
        }
        return b.append("]}").toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
