package ipdnet2.train.cli;

import ipdnet2.nn.io.Json;
import ipdnet2.train.Command;
import ipdnet2.train.CommandLine;
import ipdnet2.train.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code log}: a run's {@code train.jsonl} as a Markdown table, one row per epoch: training loss,
 * the validation figures of the raw weights, those of the weight average when the run keeps one,
 * and optionally the per-pair target errors. The model card's progress tables are printed by it.
 *
 * <p>An epoch logged twice (a run stopped between its epoch record and its checkpoint, then
 * resumed, repeats the epoch) shows its last record. A figure the record lacks shows as "–".
 */
public final class TrainLogCommand implements Command {
    private static final Set<String> VALUED = Set.of("run", "from", "to", "every");
    private static final Set<String> BARE = Set.of("pairs");
    /** Pairs whose own and reflected errors never differ by more than this have no distinct reflection. */
    private static final double SAME = 1e-9;
    private static final String MISSING = "–";

    @Override
    public String name() {
        return "log";
    }

    @Override
    public String summary() {
        return "print a run's per-epoch log (train.jsonl) as a table";
    }

    @Override
    public String help() {
        return String.join("\n",
                "usage: log --run DIR|FILE [--from E] [--to E] [--every N] [--pairs]",
                "",
                "Prints the epoch records of a run's train.jsonl as a Markdown table: epoch, steps, training",
                "loss, then the raw weights' validation loss, MDR, FAR and MAE, and the same for the weight",
                "average in the epochs that have one.",
                "",
                "  --run DIR|FILE       the run's output directory (its train.jsonl) or the log file itself",
                "  --from E, --to E     first and last epoch shown (default: all)",
                "  --every N            only epochs that are multiples of N (default 1)",
                "  --pairs              add the per-pair target errors of the raw weights: own / reflected for",
                "                       the pairs with a distinct reflection, own alone for the others",
                "");
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        CommandLine cl = new CommandLine(args, VALUED, BARE);
        Path file = Path.of(cl.required("run"));
        if (Files.isDirectory(file)) {
            Path log = file.resolve("train.jsonl");
            if (!Files.exists(log)) throw new UsageException("--run " + file + " is not a run folder: no train.jsonl");
            file = log;
        }
        if (!Files.exists(file)) throw new UsageException("--run: " + file + " does not exist");
        if (!Files.isRegularFile(file)) throw new UsageException("--run: " + file + " is not a file");
        int from = cl.integer("from", 0, 0), to = cl.integer("to", Integer.MAX_VALUE, 0),
                every = cl.integer("every", 1, 1);
        if (from > to) throw new UsageException("--from " + from + " is after --to " + to + ": no epochs to show");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UsageException("--run " + file + " is not a training log (train.jsonl): it is not UTF-8 text");
        }
        TreeMap<Integer, Map<String, Object>> byEpoch = new TreeMap<>();
        List<String> lines = text.lines().toList();
        int last = lines.size() - 1;
        while (last >= 0 && lines.get(last).isBlank()) last--;
        // only a last line without its line end can be one cut off by a run killed while appending
        boolean cutOff = !text.endsWith("\n") && last == lines.size() - 1;
        for (int i = 0; i <= last; i++) {
            if (lines.get(i).isBlank()) continue;
            Map<String, Object> r;
            try {
                r = Json.parseObject(lines.get(i));
            } catch (IllegalArgumentException e) {
                if (i == last && cutOff && i > 0) {
                    err.println("note: skipped the incomplete last line of " + file);
                    break;
                }
                throw new IOException(file + " line " + (i + 1) + " is not a log record: " + e.getMessage());
            }
            if (!"epoch".equals(r.get("type"))) continue;
            int epoch = (int) number(r, "epoch", file, i);
            if (epoch >= from && epoch <= to && epoch % every == 0) byEpoch.put(epoch, r);
        }
        List<Map<String, Object>> rows = new ArrayList<>(byEpoch.values());
        if (rows.isEmpty()) {
            err.println("error: no epoch records in " + file + (from > 0 || to < Integer.MAX_VALUE || every > 1
                    ? " in the epochs asked for" : ""));
            return 1;
        }
        boolean average = false;
        for (Map<String, Object> r : rows) average |= r.containsKey("avg_val_loss");
        int pairs = cl.flag("pairs") ? pairCount(rows) : 0;
        boolean[] distinct = distinctPairs(rows, pairs);

        StringBuilder head = new StringBuilder("| epoch | steps | train loss | val loss | val MDR % | val FAR % | val MAE ° |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|---|---|---|");
        if (average) {
            head.append(" average: val loss | MDR % | FAR % | MAE ° |");
            rule.append("---|---|---|---|");
        }
        for (int p = 0; p < pairs; p++) {
            head.append(" pair 0-").append(p + 1).append(distinct[p] ? " own / reflected |" : " |");
            rule.append("---|");
        }
        out.println(head);
        out.println(rule);
        for (Map<String, Object> r : rows) {
            StringBuilder row = new StringBuilder();
            double step = value(r, "step");
            row.append("| ").append((long) value(r, "epoch")).append(" | ")
                    .append(Double.isNaN(step) ? MISSING : String.format(Locale.ROOT, "%,d", (long) step))
                    .append(" | ").append(format("%.4f", value(r, "train_loss"))).append(" |");
            appendValidation(row, r, "val_");
            if (average) {
                if (r.containsKey("avg_val_loss")) appendValidation(row, r, "avg_val_");
                else row.append(" | | | |");
            }
            for (int p = 0; p < pairs; p++) {
                double own = pair(r, "val_pair_own", p), reflected = pair(r, "val_pair_reflected", p);
                row.append(' ').append(format("%.3f", own));
                if (distinct[p]) row.append(" / ").append(format("%.3f", reflected));
                row.append(" |");
            }
            out.println(row);
        }
        return 0;
    }

    /** " loss | MDR | FAR | MAE |" of the validation under {@code prefix} (val_ or avg_val_). */
    private static void appendValidation(StringBuilder row, Map<String, Object> r, String prefix) {
        row.append(' ').append(format("%.4f", value(r, prefix + "loss")))
                .append(" | ").append(format("%.1f", 100 * value(r, prefix + "mdr")))
                .append(" | ").append(format("%.1f", 100 * value(r, prefix + "far")))
                .append(" | ").append(format("%.2f", value(r, prefix + "mae"))).append(" |");
    }

    /** The value in {@code pattern}, or "–" for a figure the record lacks (NaN). */
    private static String format(String pattern, double v) {
        return Double.isNaN(v) ? MISSING : String.format(Locale.ROOT, pattern, v);
    }

    private static double value(Map<String, Object> r, String key) {
        Object v = r.get(key);
        return v instanceof Double ? (Double) v : Double.NaN;
    }

    private static double number(Map<String, Object> r, String key, Path file, int line) throws IOException {
        Object v = r.get(key);
        if (!(v instanceof Double)) throw new IOException(file + " line " + (line + 1) + ": no number '" + key + "'");
        return (Double) v;
    }

    private static double pair(Map<String, Object> r, String key, int p) {
        Object v = r.get(key);
        if (!(v instanceof List) || ((List<?>) v).size() <= p || !(((List<?>) v).get(p) instanceof Double)) return Double.NaN;
        return (Double) ((List<?>) v).get(p);
    }

    /** The most pairs any shown row has (rows of older logs have none). */
    private static int pairCount(List<Map<String, Object>> rows) {
        int n = 0;
        for (Map<String, Object> r : rows) {
            Object own = r.get("val_pair_own");
            if (own instanceof List) n = Math.max(n, ((List<?>) own).size());
        }
        return n;
    }

    /** Whether each pair's reflected error differs from its own error in some shown row. */
    private static boolean[] distinctPairs(List<Map<String, Object>> rows, int pairs) {
        boolean[] distinct = new boolean[pairs];
        for (Map<String, Object> r : rows) {
            for (int p = 0; p < pairs; p++) {
                // NaN (a row without pairs) compares false: it marks no pair as distinct
                distinct[p] |= Math.abs(pair(r, "val_pair_own", p) - pair(r, "val_pair_reflected", p)) > SAME;
            }
        }
        return distinct;
    }
}
