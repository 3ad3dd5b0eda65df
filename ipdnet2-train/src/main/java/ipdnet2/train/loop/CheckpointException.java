package ipdnet2.train.loop;

import java.nio.file.Path;

/** A checkpoint that cannot be used, with the file and the reason. */
public final class CheckpointException extends RuntimeException {
    public CheckpointException(Path file, String reason) {
        super("checkpoint " + file + ": " + reason);
    }
}
