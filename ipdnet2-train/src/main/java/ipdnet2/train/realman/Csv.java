package ipdnet2.train.realman;

import ipdnet2.train.data.DataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A comma-separated table with a header row, as the RealMAN location files are written: fields
 * may be double-quoted (a moving source's angle series is one quoted field holding commas), a
 * doubled quote inside quotes is a literal quote.
 */
final class Csv {
    final Path file;
    final List<String> header;
    final List<List<String>> rows;

    private Csv(Path file, List<String> header, List<List<String>> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    static Csv read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        List<List<String>> records = parse(file, text);
        if (records.isEmpty()) throw new DataException(file + ": empty table (no header row)");
        List<String> header = records.get(0);
        List<List<String>> rows = new ArrayList<>(records.subList(1, records.size()));
        return new Csv(file, header, rows);
    }

    /**
     * Index of the column whose name equals {@code name} or, when {@code prefix} is set, starts
     * with it (the degree sign of "angle(°)" may come in another encoding); -1 if absent.
     */
    int column(String name, boolean prefix) {
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).trim();
            if (h.equalsIgnoreCase(name) || (prefix && h.toLowerCase().startsWith(name.toLowerCase()))) return i;
        }
        return -1;
    }

    static List<List<String>> parse(Path file, String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false, fieldStarted = false;
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                if (fieldStarted || field.length() > 0 || !row.isEmpty()) {
                    row.add(field.toString());
                    out.add(row);
                }
                row = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
                line++;
            } else {
                field.append(c);
                fieldStarted = true;
            }
        }
        if (quoted) throw new DataException(file + ": unterminated quoted field at line " + line);
        if (fieldStarted || field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            out.add(row);
        }
        return out;
    }
}
