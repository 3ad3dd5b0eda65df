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
        int tracks = frames.isEmpty() ? 2 : frames.get(0).sources().size();
        StringBuilder h = new StringBuilder("frame,time_s,silent");
        for (int k = 0; k < tracks; k++) h.append(",azimuth_deg_").append(k).append(",score_").append(k).append(",detected_").append(k);
        w.println(h);
        for (LocalizationFrame f : frames) {
            StringBuilder r = new StringBuilder();
            r.append(f.index()).append(',').append(String.format(Locale.ROOT, "%.1f", f.startSeconds()))
                    .append(',').append(f.silent() ? 1 : 0);
            for (SourceEstimate s : f.sources()) {
                r.append(',').append(String.format(Locale.ROOT, "%.1f,%.4f,%d", s.azimuthDeg(), s.score(), s.detected() ? 1 : 0));
            }
            w.println(r);
        }
    }

    private static void writeJson(PrintWriter w, String recording, double threshold, List<LocalizationFrame> frames) {
        w.printf(Locale.ROOT, "{\"recording\": %s, \"frame_seconds\": 0.1, \"threshold\": %s, \"frames\": [",
                quote(recording), Double.toString(threshold));
        for (int i = 0; i < frames.size(); i++) {
            LocalizationFrame f = frames.get(i);
            w.printf(Locale.ROOT, "%s%n  {\"frame\": %d, \"time_s\": %.1f, \"silent\": %b, \"sources\": [",
                    i == 0 ? "" : ",", f.index(), f.startSeconds(), f.silent());
            for (int k = 0; k < f.sources().size(); k++) {
                SourceEstimate s = f.sources().get(k);
                w.printf(Locale.ROOT, "%s{\"track\": %d, \"azimuth_deg\": %.1f, \"score\": %.4f, \"detected\": %b}",
                        k == 0 ? "" : ", ", s.track(), s.azimuthDeg(), s.score(), s.detected());
            }
            w.print("]}");
        }
        w.println(frames.isEmpty() ? "]}" : "\n]}");
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
