package ipdnet2.train;

/** A command line that cannot be run as given; the message says which argument and why. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
