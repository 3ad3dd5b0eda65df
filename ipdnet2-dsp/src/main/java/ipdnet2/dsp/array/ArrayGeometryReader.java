package ipdnet2.dsp.array;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a user's microphone array from a text file: one mic per line as {@code x y z} in metres
 * (whitespace or commas between them), array centre at the origin, the first mic the reference;
 * {@code #} starts a comment; blank lines are ignored (ARCHITECTURE.md §1: other arrays must be
 * describable by the user).
 */
public final class ArrayGeometryReader {
    /** Coordinates beyond this many metres are taken as a unit mistake (millimetres, say). */
    private static final double MAX_METRES = 10.0;

    private ArrayGeometryReader() {
    }

    /** Reads the file; errors name the file, the line and the problem. */
    public static ArrayGeometry read(Path file) throws IOException {
        String text;
        if (Files.isDirectory(file)) throw new IOException(file + " is a directory, not an array file");
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such array file", e);
        }
        try {
            return parse(text, file.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Parses the text of an array file; {@code name} identifies it in error messages.
     *
     * @throws IllegalArgumentException naming the source, line and problem
     */
    public static ArrayGeometry parse(String text, String name) {
        List<double[]> mics = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln];
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            line = line.trim();
            if (line.isEmpty()) continue;
            String[] f = line.split("[\\s,]+");
            String where = name + " line " + (ln + 1) + ": ";
            if (f.length != 3) {
                throw new IllegalArgumentException(where + "expected 3 coordinates 'x y z' in metres, found " + f.length);
            }
            double[] p = new double[3];
            for (int i = 0; i < 3; i++) {
                try {
                    p[i] = Double.parseDouble(f[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + "'" + f[i] + "' is not a number");
                }
                if (!Double.isFinite(p[i])) throw new IllegalArgumentException(where + "coordinate '" + f[i] + "' is not finite");
                if (Math.abs(p[i]) > MAX_METRES) {
                    throw new IllegalArgumentException(where + "coordinate " + f[i] + " is over " + MAX_METRES
                            + " m from the centre; coordinates are in metres");
                }
            }
            for (int j = 0; j < mics.size(); j++) {
                double[] q = mics.get(j);
                if (q[0] == p[0] && q[1] == p[1] && q[2] == p[2]) {
                    throw new IllegalArgumentException(where + "mic " + mics.size() + " is at the same position as mic " + j);
                }
            }
            mics.add(p);
        }
        if (mics.size() < 2) {
            throw new IllegalArgumentException(name + ": an array needs at least 2 mics, found " + mics.size());
        }
        return new ArrayGeometry(mics.toArray(new double[0][]));
    }
}
