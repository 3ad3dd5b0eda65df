package ipdnet2.train;

import java.io.PrintStream;

/** A subcommand of {@link Main}. */
public interface Command {
    /** The word that selects it, e.g. {@code simulate-set}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** Full help text (options and defaults). */
    String help();

    /**
     * Runs with the arguments after the command word.
     *
     * @return process exit status (0 for success)
     * @throws UsageException for arguments that cannot be run (exit status 2)
     * @throws Exception      for failures while running (exit status 1)
     */
    int run(String[] args, PrintStream out, PrintStream err) throws Exception;
}
