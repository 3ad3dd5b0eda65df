package ipdnet2.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A weight file could not be read or written: missing, truncated, corrupt, or holding something
 * this package does not support. The message always names the file and the problem.
 */
public class WeightFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file    the file concerned
     * @param problem what is wrong with it, in words
     */
    public WeightFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /**
     * @param file    the file concerned
     * @param problem what is wrong with it, in words
     * @param cause   the underlying failure
     */
    public WeightFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** @return the file concerned */
    public Path file() {
        return file;
    }
}
