package ipdnet2.dsp.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file through a temporary sibling and a rename, so a reader never sees a half-written
 * file and a crash leaves the previous version intact. A symbolic link is written through: its
 * final target is replaced, never the link. An existing device, FIFO or other non-regular file
 * (for example {@code /dev/stdout}) is written to directly, as a stream, and never replaced.
 * Failures name the file the caller gave, not the temporary file.
 */
public final class AtomicFiles {
    private static final int MAX_LINKS = 40;

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code file} atomically: content goes to a temporary file that is then renamed. */
    public static void write(Path file, Content content) throws IOException {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) throw new FileSystemException(file.toString(), null, "is a directory");
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            // A device, FIFO or socket (possibly behind links such as /dev/stdout): stream into it.
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(abs, StandardOpenOption.WRITE), 1 << 16)) {
                content.writeTo(out);
            } catch (IOException e) {
                throw ownFailure(e, file);
            }
            return;
        }
        Path target = linkTarget(file, abs);
        Path dir = target.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            if (Files.exists(dir)) {
                throw new FileSystemException(file.toString(), null, "folder " + dir + " is a file, not a folder");
            }
            try {
                Files.createDirectories(dir);
            } catch (FileSystemException e) {
                throw IoErrors.about(e, file);
            }
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        } catch (FileSystemException e) {
            throw IoErrors.about(e, file);
        }
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            } catch (IOException e) {
                throw ownFailure(e, file);
            }
            try {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (FileSystemException e) {
                throw IoErrors.about(e, file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A failure of the file itself (a file-system error, or a bare I/O error such as a full disk)
     * reported against the given name; anything else the content raised stays as it was.
     */
    private static IOException ownFailure(IOException e, Path file) {
        return e instanceof FileSystemException || e.getClass() == IOException.class ? IoErrors.about(e, file) : e;
    }

    /**
     * The path that finally holds the content of {@code abs}: the target of its symbolic links
     * (followed one by one, so a link to a file yet to be written works too), or {@code abs}.
     */
    public static Path linkTarget(Path given, Path abs) throws IOException {
        Path p = abs;
        for (int i = 0; Files.isSymbolicLink(p); i++) {
            if (i == MAX_LINKS) throw new FileSystemException(given.toString(), null, "too many levels of symbolic links");
            p = p.resolveSibling(Files.readSymbolicLink(p));
        }
        if (p != abs && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(given.toString(), null, "is a link to a directory");
        }
        return p;
    }
}
