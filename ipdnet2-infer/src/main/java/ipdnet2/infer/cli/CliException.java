package ipdnet2.infer.cli;

/** A problem with what the user asked for: printed as one line, exit code 2, no stack trace. */
public final class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
