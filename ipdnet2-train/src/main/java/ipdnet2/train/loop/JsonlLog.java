package ipdnet2.train.loop;

import ipdnet2.nn.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** Appends one JSON object per line to a log file (flushed at every line, so it can be followed live). */
final class JsonlLog {
    private final Path file;

    JsonlLog(Path file) {
        this.file = file;
    }

    /** Appends {@code record}; non-finite numbers (e.g. the MAE of a clip set with no hit) become null. */
    void append(Map<String, Object> record) {
        Map<String, Object> clean = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : record.entrySet()) {
            Object v = e.getValue();
            clean.put(e.getKey(), v instanceof Double d && !Double.isFinite(d) ? null : v);
        }
        try {
            Files.writeString(file, Json.write(clean) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to log " + file + ": " + e.getMessage(), e);
        }
    }
}
