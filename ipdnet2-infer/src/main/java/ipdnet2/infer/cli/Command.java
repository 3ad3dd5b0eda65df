package ipdnet2.infer.cli;

import java.io.PrintStream;
import java.util.Set;

/** One sub-command of the command-line tool. */
interface Command {
    /** The word that selects the command, e.g. {@code forward}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** Full usage text, shown by {@code --help}. */
    String usage();

    /** Options that take no value. */
    default Set<String> flags() {
        return Set.of();
    }

    void run(Args args, PrintStream out) throws Exception;

    /** Runs with a stream for warnings; by default warnings are not expected. */
    default void run(Args args, PrintStream out, PrintStream err) throws Exception {
        run(args, out);
    }
}
