package ipdnet2.infer.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code ipdnet2-infer.jar}. The first word selects a sub-command; anything else
 * is handed to the default command. User errors (bad options, unreadable or invalid files) print
 * one line naming the problem and exit with code 2; nothing prints a bare stack trace unless
 * {@code IPDNET2_DEBUG=1} is set.
 */
public final class Main {
    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final String defaultCommand;

    Main(List<Command> commandList, String defaultCommand) {
        for (Command c : commandList) commands.put(c.name(), c);
        this.defaultCommand = defaultCommand;
    }

    static Main standard() {
        return new Main(List.of(new ForwardCommand(), new ConvertCommand(), new FlopsCommand()), null);
    }

    public static void main(String[] argv) {
        int code = standard().run(argv, System.out, System.err);
        if (code != 0) System.exit(code);
    }

    /** Runs a command line and returns the process exit code. */
    int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            printUsage(argv.length == 0 && defaultCommand == null ? err : out);
            return argv.length == 0 && defaultCommand == null ? 2 : 0;
        }
        Command command = commands.get(argv[0]);
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        if (command == null) {
            if (defaultCommand == null || argv[0].startsWith("--")) {
                err.println("error: unknown command '" + argv[0] + "' (try --help)");
                return 2;
            }
            command = commands.get(defaultCommand);
            rest = argv;
        }
        if (Arrays.asList(rest).contains("--help")) {
            out.println(command.usage());
            return 0;
        }
        try {
            command.run(new Args(rest, command.flags()), out);
            return 0;
        } catch (CliException | IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            debug(e, err);
            return 2;
        } catch (IOException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            debug(e, err);
            return 2;
        } catch (OutOfMemoryError e) {
            err.println("error: out of memory; give the JVM more heap, e.g. java -Xmx8g ...");
            return 3;
        } catch (Exception e) {
            err.println("internal error: " + e + " (set IPDNET2_DEBUG=1 for the stack trace)");
            debug(e, err);
            return 1;
        }
    }

    private static void debug(Throwable e, PrintStream err) {
        if ("1".equals(System.getenv("IPDNET2_DEBUG"))) e.printStackTrace(err);
    }

    private void printUsage(PrintStream out) {
        out.println("usage: java --add-modules jdk.incubator.vector -jar ipdnet2-infer.jar COMMAND [options]");
        out.println();
        out.println("commands:");
        for (Command c : commands.values()) out.printf("  %-10s %s%n", c.name(), c.summary());
        out.println();
        out.println("COMMAND --help shows a command's options.");
    }
}
