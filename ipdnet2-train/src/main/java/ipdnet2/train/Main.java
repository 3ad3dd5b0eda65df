package ipdnet2.train;

import ipdnet2.dsp.io.IoErrors;
import ipdnet2.nn.kernels.HardwareFma;
import ipdnet2.nn.kernels.VectorSupport;
import ipdnet2.train.cli.AverageWeightsCommand;
import ipdnet2.train.cli.TrainCommand;
import ipdnet2.train.cli.TrainLogCommand;
import ipdnet2.train.sim.SimulateSetCommand;
import ipdnet2.train.sim.SpeechBankCommand;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code ipdnet2-train.jar}: {@code java --add-modules jdk.incubator.vector -jar
 * ipdnet2-train.jar COMMAND [options]}; {@code --help} lists the commands, {@code COMMAND --help}
 * explains one. Options without a command word run {@code train} (the default command). Bad arguments exit with status 2 and failures with status 1, each with a one-line
 * message on standard error.
 */
public final class Main {
    private static final List<Command> COMMANDS = List.of(new TrainCommand(), new SimulateSetCommand(),
            new SpeechBankCommand(), new AverageWeightsCommand(), new TrainLogCommand());

    private Main() {}

    public static void main(String[] args) {
        if (!VectorSupport.AVAILABLE) System.err.println(VectorSupport.ABSENT_NOTE);
        if (!HardwareFma.PRESENT) System.err.println(HardwareFma.ABSENT_WARNING);
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** Runs one command line; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(usage());
            if (args.length > 0) out.print("\n" + new TrainCommand().help());
            return args.length == 0 ? 2 : 0;
        }
        // Training is the default: a command line starting with an option is a train command line.
        if (args[0].startsWith("--")) {
            String[] withCommand = new String[args.length + 1];
            withCommand[0] = "train";
            System.arraycopy(args, 0, withCommand, 1, args.length);
            args = withCommand;
        }
        Command command = null;
        for (Command c : COMMANDS) {
            if (c.name().equals(args[0])) command = c;
        }
        if (command == null) {
            err.println("error: unknown command '" + args[0] + "'");
            err.print(usage());
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            out.print(command.help());
            return 0;
        }
        try {
            return command.run(rest, out, err);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("run '" + command.name() + " --help' for the options");
            return 2;
        } catch (Exception e) {
            err.println("error: " + command.name() + " failed: " + IoErrors.describe(e));
            return 1;
        }
    }

    private static String usage() {
        StringBuilder sb = new StringBuilder("usage: java --add-modules jdk.incubator.vector -jar ipdnet2-train.jar COMMAND [options]\n\ncommands:\n");
        for (Command c : COMMANDS) sb.append(String.format("  %-14s %s%n", c.name(), c.summary()));
        sb.append("\n'COMMAND --help' describes a command's options; options without a command word run train.\n");
        return sb.toString();
    }
}
