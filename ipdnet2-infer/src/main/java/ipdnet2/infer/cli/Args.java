package ipdnet2.infer.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line arguments of the form {@code --name value}, {@code --name=value}, boolean
 * {@code --flag}s and positionals. Every option a command reads is declared by reading it; after
 * reading, {@link #finish()} rejects any option the command does not know, so a typo is an error
 * rather than silently ignored.
 */
public final class Args {
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Set<String> flags = new LinkedHashSet<>();
    private final List<String> positionals = new ArrayList<>();
    private final Set<String> known = new LinkedHashSet<>();
    /** Options given without a value (last word, or followed by another option). */
    private final Set<String> valueless = new LinkedHashSet<>();
    private final String command;
    private boolean positionalsRead;

    /**
     * @param argv      the words after the command name
     * @param flagNames the options that take no value
     */
    public Args(String[] argv, Set<String> flagNames) {
        this(argv, flagNames, null);
    }

    /**
     * @param argv      the words after the command name
     * @param flagNames the options that take no value
     * @param command   the command's name, for messages about options it does not have (may be null)
     */
    public Args(String[] argv, Set<String> flagNames, String command) {
        this.command = command;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    options.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (flagNames.contains(name)) {
                    flags.add(name);
                } else if (i + 1 >= argv.length || (argv[i + 1].startsWith("--") && argv[i + 1].length() > 2)) {
                    // Not an error yet: a command that knows the option says it needs a value, and
                    // finish() calls an option no one reads unknown.
                    valueless.add(name);
                } else {
                    options.put(name, argv[++i]);
                }
            } else {
                positionals.add(a);
            }
        }
    }

    public boolean flag(String name) {
        known.add(name);
        return flags.contains(name);
    }

    /** The option's value, or {@code null} when absent. */
    public String string(String name) {
        known.add(name);
        if (valueless.contains(name)) throw new CliException("option --" + name + " needs a value");
        return options.get(name);
    }

    /** Whether the option was given at all (with or without a value), without reading it. */
    public boolean given(String name) {
        return options.containsKey(name) || flags.contains(name) || valueless.contains(name);
    }

    public String string(String name, String fallback) {
        String v = string(name);
        return v == null ? fallback : v;
    }

    public String required(String name) {
        String v = string(name);
        if (v == null) throw new CliException("missing required option --" + name);
        return v;
    }

    public Path path(String name) {
        String v = string(name);
        return v == null ? null : Path.of(v);
    }

    public int integer(String name, int fallback) {
        String v = string(name);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new CliException("--" + name + " expects an integer, got '" + v + "'");
        }
    }

    public double number(String name, double fallback) {
        String v = string(name);
        if (v == null) return fallback;
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new CliException("--" + name + " expects a finite number, got '" + v + "'");
        }
    }

    /** A comma-separated list of integers, e.g. {@code 1,3,5,7,0}. */
    public int[] integers(String name, int[] fallback) {
        String v = string(name);
        if (v == null) return fallback;
        String[] parts = v.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new CliException("--" + name + " expects comma-separated integers, got '" + v + "'");
            }
        }
        return out;
    }

    public List<String> positionals() {
        positionalsRead = true;
        return positionals;
    }

    /** Rejects options and flags the command never read. */
    public void finish() {
        for (Set<String> given : List.of(options.keySet(), flags, valueless)) {
            for (String name : given) {
                if (!known.contains(name)) throw unknown(name);
            }
        }
        if (!positionalsRead && !positionals.isEmpty()) {
            throw new CliException("unexpected argument '" + positionals.get(0) + "'"
                    + (command == null ? "" : ": " + command + " takes only options (see " + command + " --help)"));
        }
    }

    private CliException unknown(String name) {
        if (command == null) return new CliException("unknown option --" + name);
        return new CliException("unknown option --" + name + ": " + command + " has no --" + name
                + " option (see " + command + " --help)");
    }
}
