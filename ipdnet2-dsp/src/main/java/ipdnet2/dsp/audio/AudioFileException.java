package ipdnet2.dsp.audio;

import java.io.IOException;
import java.nio.file.Path;

/** An audio file that cannot be read: the message names the file and the problem. */
public class AudioFileException extends IOException {
    public AudioFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public AudioFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    /** For a source that is not a file (standard input, a pipe): {@code source} names it. */
    public AudioFileException(String source, String problem) {
        super(source + ": " + problem);
    }
}
