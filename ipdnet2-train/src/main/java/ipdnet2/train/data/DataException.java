package ipdnet2.train.data;

/** A data set that cannot be used: a missing folder or file, an empty or malformed table. */
public final class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
