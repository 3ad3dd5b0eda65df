package ipdnet2.dsp.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Turns an I/O failure into one line of words that names the file and the problem, without Java
 * exception class names, for the command-line error paths.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** The failure in words, e.g. {@code "out/x.csv: permission denied"}. */
    public static String describe(Throwable e) {
        while (e instanceof UncheckedIOException && e.getCause() != null) e = e.getCause();
        if (e instanceof FileSystemException fse) return describe(fse);
        String message = e.getMessage();
        Throwable cause = e.getCause();
        // A wrapper that only repeats its cause's text (or has none) reads better as the cause.
        if (cause instanceof IOException && (message == null || message.equals(cause.toString()))) {
            return describe(cause);
        }
        if (message == null || message.isBlank()) {
            if (e instanceof IOException) return "input/output error";
            return "internal error (" + e.getClass().getSimpleName().replaceAll("(Exception|Error)$", "")
                    .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT) + ")";
        }
        return stripClassNames(message);
    }

    /**
     * Fails, naming the file, unless {@code file} is something to read: "no such file or
     * directory" when it is missing, "is a directory" when it is a folder.
     */
    public static void requireReadable(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new FileSystemException(file.toString(), null, "is a directory");
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
    }

    /**
     * A field of a file that does not parse as a number, in words ({@code 'north' is not a
     * number}) instead of the parser's {@code For input string: "north"}.
     */
    public static String notANumber(NumberFormatException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int open = m.indexOf('"'), close = m.lastIndexOf('"');
        if (open >= 0 && close > open) return "'" + m.substring(open + 1, close) + "' is not a number";
        return m.equalsIgnoreCase("empty String") ? "an empty field is not a number" : "not a number";
    }

    /** The problem alone, without the file, e.g. {@code "permission denied"}. */
    public static String problem(Throwable e) {
        while (e instanceof UncheckedIOException && e.getCause() != null) e = e.getCause();
        if (e instanceof FileSystemException fse) return problemOf(fse);
        return describe(e);
    }

    private static String describe(FileSystemException e) {
        String file = e.getFile();
        String other = e.getOtherFile();
        if (e instanceof NoSuchFileException && file != null) {
            Path parent = Path.of(file).toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                return "folder " + shown(Path.of(file).getParent(), parent) + " does not exist";
            }
        }
        String problem = problemOf(e);
        if (file == null) return problem;
        return other == null ? file + ": " + problem : file + " -> " + other + ": " + problem;
    }

    private static String problemOf(FileSystemException e) {
        String reason = e.getReason();
        String problem;
        if (e instanceof NoSuchFileException) {
            problem = "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            problem = "permission denied";
        } else if (e instanceof NotDirectoryException) {
            problem = "is a file, not a folder";
        } else if (e instanceof DirectoryNotEmptyException) {
            problem = "folder is not empty";
        } else if (e instanceof FileAlreadyExistsException) {
            problem = "already exists";
        } else if (reason != null && !reason.isBlank()) {
            problem = lowerFirst(reason);
        } else {
            problem = "input/output error";
        }
        return problem;
    }

    private static String shown(Path given, Path absolute) {
        return given != null ? given.toString() : absolute.toString();
    }

    private static String lowerFirst(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }

    /** Removes qualified exception class names ({@code java.nio.file.NoSuchFileException: }) from a text. */
    static String stripClassNames(String message) {
        return message.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_]*(?:Exception|Error)(?::\\s*)?", "")
                .replaceAll("\\(\\s*\\)", "").trim();
    }

    /**
     * The same failure, reported against the file the user named instead of a temporary file
     * standing in for it.
     */
    public static IOException about(IOException e, Path userFile) {
        String file = userFile.toString();
        if (e instanceof NoSuchFileException) {
            NoSuchFileException r = new NoSuchFileException(file);
            r.initCause(e);
            return r;
        }
        if (e instanceof AccessDeniedException) {
            AccessDeniedException r = new AccessDeniedException(file);
            r.initCause(e);
            return r;
        }
        if (e instanceof NotDirectoryException) {
            NotDirectoryException r = new NotDirectoryException(file);
            r.initCause(e);
            return r;
        }
        if (e instanceof FileSystemException fse) {
            FileSystemException r = new FileSystemException(file, null, fse.getReason());
            r.initCause(e);
            return r;
        }
        FileSystemException r = new FileSystemException(file, null, e.getMessage() == null ? null : stripClassNames(e.getMessage()));
        r.initCause(e);
        return r;
    }
}
