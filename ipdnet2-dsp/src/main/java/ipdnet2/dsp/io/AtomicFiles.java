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
import java.util.UUID;

/**
 * Writes a file through a temporary sibling and a rename, so a reader never sees a half-written
 * file and a crash leaves the previous version intact. A symbolic link is written through: its
 * final target is replaced, never the link. An existing device, FIFO or other non-regular file
 * is written to directly, as a stream, and never replaced; so is anything reached through
 * {@code /dev} or {@code /proc} ({@code /dev/stdout} of a shell redirected to a file is a link
 * to that file), appended to, as the shell's own redirection would. The new file gets the
 * default permissions, or the old file's when it replaces one. Failures name the file the caller
 * gave, not the temporary file.
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
        Path target = linkTarget(file, abs);
        if (Files.exists(abs) && (!Files.isRegularFile(abs) || throughDevices(abs))) {
            // A device, FIFO or socket, or a descriptor's file such as /dev/stdout's: stream into
            // it. Appending keeps what the process (or the shell) wrote there before.
            System.out.flush();
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(abs, StandardOpenOption.WRITE, StandardOpenOption.APPEND), 1 << 16)) {
                content.writeTo(out);
            } catch (IOException e) {
                throw ownFailure(e, file);
            }
            return;
        }
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
        // A fresh hidden name next to the target, created with the default permissions (not the
        // owner-only ones of a temporary file), so the result is as readable as any other file there.
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                content.writeTo(out);
            } catch (IOException e) {
                throw ownFailure(e, file);
            }
            keepPermissions(target, tmp);
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

    /** Whether {@code abs} or a link on the way to its target lies under /dev or /proc. */
    private static boolean throughDevices(Path abs) throws IOException {
        Path p = abs;
        for (int i = 0; i <= MAX_LINKS; i++) {
            if (p.startsWith("/dev") || p.startsWith("/proc")) return true;
            if (!Files.isSymbolicLink(p)) return false;
            p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
        }
        return false;
    }

    /** Gives the replacement the permissions of the file it replaces, where the file system has them. */
    private static void keepPermissions(Path target, Path tmp) {
        try {
            if (Files.isRegularFile(target)) Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system, or not ours to change: the default permissions stand
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
