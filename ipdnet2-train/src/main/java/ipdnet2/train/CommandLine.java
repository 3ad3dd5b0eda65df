package ipdnet2.train;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Options of one subcommand: {@code --name value} pairs and bare {@code --flag}s. A value is
 * always the next argument, so negative numbers and ranges like {@code -5:15} need no quoting.
 */
public final class CommandLine {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    /**
     * @param valued names (without dashes) that take a value
     * @param bare   names that take none
     */
    public CommandLine(String[] args, Set<String> valued, Set<String> bare) throws UsageException {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new UsageException("unexpected argument '" + a + "'");
            String name = a.substring(2);
            if (bare.contains(name)) {
                flags.add(name);
            } else if (valued.contains(name)) {
                if (i + 1 >= args.length) throw new UsageException("--" + name + " needs a value");
                if (values.put(name, args[++i]) != null) throw new UsageException("--" + name + " given twice");
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public String required(String name) throws UsageException {
        String v = values.get(name);
        if (v == null) throw new UsageException("--" + name + " is required");
        // an empty path would quietly mean the current folder
        if (v.isBlank()) throw new UsageException("--" + name + " needs a value, got an empty one");
        return v;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public int integer(String name, int fallback, int min) throws UsageException {
        String v = values.get(name);
        if (v == null) return fallback;
        int x;
        try {
            x = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
        }
        if (x < min) throw new UsageException("--" + name + " must be at least " + min + ", got " + x);
        return x;
    }

    public long longValue(String name, long fallback) throws UsageException {
        String v = values.get(name);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
        }
    }

    public double number(String name, double fallback, double min, double max) throws UsageException {
        String v = values.get(name);
        if (v == null) return fallback;
        double x = parse(name, v);
        if (!(x >= min && x <= max)) throw new UsageException("--" + name + " must be in [" + min + ", " + max + "], got " + v);
        return x;
    }

    /** A range {@code lo:hi} (or a single value for lo = hi) within [min, max]. */
    public double[] range(String name, double lo, double hi, double min, double max) throws UsageException {
        String v = values.get(name);
        if (v == null) return new double[] {lo, hi};
        int colon = v.indexOf(':', 1);
        double a = parse(name, colon < 0 ? v : v.substring(0, colon));
        double b = colon < 0 ? a : parse(name, v.substring(colon + 1));
        if (a > b) throw new UsageException("--" + name + " range '" + v + "' has its lower end above its upper end");
        if (a < min || b > max) throw new UsageException("--" + name + " must lie in [" + min + ", " + max + "], got " + v);
        return new double[] {a, b};
    }

    private static double parse(String name, String v) throws UsageException {
        try {
            double x = Double.parseDouble(v.trim());
            if (!Double.isFinite(x)) throw new NumberFormatException();
            return x;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number or lo:hi range, got '" + v + "'");
        }
    }
}
