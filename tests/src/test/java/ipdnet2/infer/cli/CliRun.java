package ipdnet2.infer.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the {@code ipdnet2-infer} command line through {@link Main#run}, which
 * returns the exit code instead of calling {@code System.exit}: its code, standard output and
 * standard error. (Lives in the command package so the tests module can reach the non-exiting entry.)
 */
public record CliRun(int code, String out, String err) {
    public static CliRun of(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.standard().run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
