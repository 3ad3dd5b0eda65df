package ipdnet2.train.sim;

import ipdnet2.dsp.label.FrameLabels;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** File names and the labels CSV text of a simulated set (format: package documentation). */
final class SetFormat {
    static final String MANIFEST = "manifest.csv";
    static final String ARRAY = "array.csv";

    private SetFormat() {}

    static String clipId(int index) {
        return String.format(Locale.ROOT, "clip-%06d", index);
    }

    static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String labelsCsv(FrameLabels labels) {
        StringBuilder sb = new StringBuilder("frame,time_s");
        for (int s = 0; s < labels.sources(); s++) {
            sb.append(",azimuth_deg_").append(s).append(",distance_m_").append(s).append(",active_").append(s);
        }
        sb.append('\n');
        for (int f = 0; f < labels.frames(); f++) {
            sb.append(f).append(',').append(num(f * FrameLabels.FRAME_SECONDS, 1));
            for (int s = 0; s < labels.sources(); s++) {
                sb.append(',').append(num(labels.azimuthDeg(f, s), 3))
                        .append(',').append(num(labels.distanceM(f, s), 4))
                        .append(',').append(labels.active(f, s) ? '1' : '0');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static FrameLabels parseLabels(List<String> lines, String where) {
        if (lines.isEmpty()) throw new IllegalArgumentException(where + " is empty");
        String[] header = lines.get(0).split(",", -1);
        if (header.length < 2 || (header.length - 2) % 3 != 0 || !header[0].equals("frame")) {
            throw new IllegalArgumentException(where + ": header must be frame,time_s then 3 columns per source, got '"
                    + lines.get(0) + "'");
        }
        int sources = (header.length - 2) / 3;
        List<String> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) rows.add(lines.get(i));
        }
        double[][] az = new double[rows.size()][sources];
        double[][] dist = new double[rows.size()][sources];
        boolean[][] active = new boolean[rows.size()][sources];
        for (int r = 0; r < rows.size(); r++) {
            String[] f = rows.get(r).split(",", -1);
            String at = where + " line " + (r + 2);
            if (f.length != header.length) {
                throw new IllegalArgumentException(at + ": expected " + header.length + " fields, got " + f.length);
            }
            try {
                if (Integer.parseInt(f[0]) != r) throw new IllegalArgumentException(at + ": frame " + f[0] + " out of order");
                Double.parseDouble(f[1]);
                for (int s = 0; s < sources; s++) {
                    az[r][s] = Double.parseDouble(f[2 + 3 * s]);
                    dist[r][s] = Double.parseDouble(f[3 + 3 * s]);
                    String a = f[4 + 3 * s];
                    if (!a.equals("0") && !a.equals("1")) throw new IllegalArgumentException(at + ": active must be 0 or 1");
                    active[r][s] = a.equals("1");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(at + ": bad number (" + e.getMessage() + ")");
            }
        }
        return new FrameLabels(az, dist, active);
    }
}
