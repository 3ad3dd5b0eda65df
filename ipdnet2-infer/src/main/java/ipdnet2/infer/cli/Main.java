package ipdnet2.infer.cli;

import ipdnet2.dsp.io.IoErrors;
import ipdnet2.nn.kernels.HardwareFma;
import ipdnet2.nn.kernels.VectorSupport;
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
        return new Main(List.of(new LocalizeCommand(), new ListenCommand(), new EvaluateCommand(), new PlotCommand(),
                new BenchCommand(), new ForwardCommand(), new ConvertCommand(), new FlopsCommand()), "localize");
    }

    public static void main(String[] argv) {
        if (!VectorSupport.AVAILABLE) System.err.println(VectorSupport.ABSENT_NOTE);
        if (!HardwareFma.PRESENT) System.err.println(HardwareFma.ABSENT_WARNING);
        int code = standard().run(argv, System.out, System.err);
        if (code != 0) System.exit(code);
    }

    /** Runs a command line and returns the process exit code. */
    int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0) {
            printUsage(err);
            return 2;
        }
        if (argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            printUsage(out);
            return 0;
        }
        Command command = commands.get(argv[0]);
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        if (command == null) {
            if (defaultCommand == null || !looksLikeInput(argv[0])) {
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
            command.run(new Args(rest, command.flags(), command.name()), out, err);
            return 0;
        } catch (CliException | IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            debug(e, err);
            return 2;
        } catch (IOException | UncheckedIOException e) {
            err.println("error: " + IoErrors.describe(e));
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

    /**
     * Whether a first word that names no command is meant for the default command: an option or
     * something path-like (a file name with an extension, a directory part, or an existing file).
     * A bare unknown word stays an error, so a mistyped command is reported as such.
     */
    private static boolean looksLikeInput(String word) {
        return word.startsWith("--") || word.contains(".") || word.contains("/") || word.contains("\\")
                || java.nio.file.Files.exists(java.nio.file.Path.of(word));
    }

    private static void debug(Throwable e, PrintStream err) {
        if ("1".equals(System.getenv("IPDNET2_DEBUG"))) e.printStackTrace(err);
    }

    private void printUsage(PrintStream out) {
        out.println("usage: java --add-modules jdk.incubator.vector -jar ipdnet2-infer.jar [COMMAND] [options]");
        if (defaultCommand != null) {
            out.println("       (without a command: " + defaultCommand + ", e.g. ipdnet2-infer.jar recording.wav)");
        }
        out.println();
        out.println("commands:");
        for (Command c : commands.values()) out.printf("  %-10s %s%n", c.name(), c.summary());
        out.println();
        out.println("COMMAND --help shows a command's options.");
    }
}
