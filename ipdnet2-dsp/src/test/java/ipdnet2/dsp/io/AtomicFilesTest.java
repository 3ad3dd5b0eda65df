package ipdnet2.dsp.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private static void write(Path p, String text) throws IOException {
        AtomicFiles.write(p, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static NumberFormatException catchNumberFormat(Runnable parse) {
        try {
            parse.run();
        } catch (NumberFormatException e) {
            return e;
        }
        throw new AssertionError("parsed");
    }

    private static String[] names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void aSymlinkIsWrittenThroughAndStaysALink() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Files.writeString(real.resolve("t.csv"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), Path.of("real/t.csv"));
        Path chain = Files.createSymbolicLink(dir.resolve("chain.csv"), link);
        write(chain, "new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.isSymbolicLink(chain)).isTrue();
        assertThat(Files.readString(real.resolve("t.csv"))).isEqualTo("new");
        Path dangling = Files.createSymbolicLink(dir.resolve("d.csv"), real.resolve("fresh.csv"));
        write(dangling, "fresh");
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(Files.readString(real.resolve("fresh.csv"))).isEqualTo("fresh");
        assertThat(names(real)).containsExactly("fresh.csv", "t.csv");
        assertThat(names(dir)).containsExactly("chain.csv", "d.csv", "link.csv", "real");
    }

    @Test
    void aFifoIsStreamedIntoNotReplaced() throws Exception {
        Path fifo = dir.resolve("pipe.csv");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException noMkfifo) {
            return;
        }
        if (mk.waitFor() != 0) return;
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        write(fifo, "a,b\n");
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("a,b\n");
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(names(dir)).containsExactly("pipe.csv");
    }

    @Test
    void aDeviceIsWrittenDirectlyAndItsErrorsReported() throws IOException {
        Path devNull = Path.of("/dev/null");
        if (!Files.exists(devNull)) return;
        write(devNull, "x");
        assertThat(Files.isRegularFile(devNull)).isFalse();
        Path full = Path.of("/dev/full");
        if (!Files.exists(full) || !Files.isWritable(full)) return;
        assertThatThrownBy(() -> write(full, "x".repeat(1 << 17))).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(IoErrors.describe(e)).contains("/dev/full").containsIgnoringCase("no space"));
        assertThat(Files.isRegularFile(full)).isFalse();
    }

    /**
     * /dev/stdout of a process whose output a shell redirected to a file is a link, through
     * /proc/self/fd, to that file: it is appended to, the same file, not replaced by a new one.
     */
    @Test
    void aDescriptorsFileIsAppendedToNotReplaced() throws IOException {
        Path log = dir.resolve("redirected.txt");
        Files.writeString(log, "before\n");
        Object inode = Files.getAttribute(log, "unix:ino");
        try (var open = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.APPEND)) {
            Path fd = null;
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path p : (Iterable<Path>) fds::iterator) {
                    try {
                        if (Files.readSymbolicLink(p).equals(log.toRealPath())) fd = p;
                    } catch (IOException gone) {
                        // the descriptor of the listing itself closes under us
                    }
                }
            }
            assertThat(fd).as("descriptor of the open file").isNotNull();
            write(fd, "rows\n");
        }
        assertThat(Files.readString(log)).isEqualTo("before\nrows\n");
        assertThat(Files.getAttribute(log, "unix:ino")).isEqualTo(inode);
        assertThat(names(dir)).containsExactly("redirected.txt");
    }

    /** A new file gets the default permissions (not a temporary file's owner-only ones); a replaced one keeps its own. */
    @Test
    void permissionsAreTheDefaultOnesOrTheReplacedFilesOwn() throws IOException {
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "made the usual way");
        Path fresh = dir.resolve("fresh.csv");
        write(fresh, "new");
        assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(Files.getPosixFilePermissions(plain));
        Path shared = dir.resolve("shared.csv");
        Files.writeString(shared, "old");
        var mode = java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(shared, mode);
        write(shared, "new");
        assertThat(Files.readString(shared)).isEqualTo("new");
        assertThat(Files.getPosixFilePermissions(shared)).isEqualTo(mode);
    }

    @Test
    void failuresNameTheGivenFileNeverTheTemporaryOne() throws IOException {
        Path d = Files.createDirectory(dir.resolve("d.csv"));
        assertThatThrownBy(() -> write(d, "x")).isInstanceOf(FileSystemException.class)
                .satisfies(e -> assertThat(IoErrors.describe(e)).isEqualTo(d + ": is a directory"));
        Path file = Files.writeString(dir.resolve("ok16.wav"), "x");
        assertThatThrownBy(() -> write(file.resolve("x.csv"), "x"))
                .satisfies(e -> assertThat(IoErrors.describe(e))
                        .isEqualTo(file.resolve("x.csv") + ": folder " + file + " is a file, not a folder"));
        Path proc = Path.of("/proc/nope.csv");
        if (Files.isDirectory(Path.of("/proc"))) {
            assertThatThrownBy(() -> write(proc, "x"))
                    .satisfies(e -> assertThat(IoErrors.describe(e)).startsWith("/proc/nope.csv: ")
                            .doesNotContain(".tmp").doesNotContain("Exception"));
        }
        assertThat(names(dir)).containsExactly("d.csv", "ok16.wav");
    }

    @Test
    void ioErrorsAreWords() {
        assertThat(IoErrors.notANumber(catchNumberFormat(() -> Double.parseDouble("north")))).isEqualTo("'north' is not a number");
        assertThat(IoErrors.notANumber(catchNumberFormat(() -> Integer.parseInt("4x")))).isEqualTo("'4x' is not a number");
        assertThat(IoErrors.notANumber(catchNumberFormat(() -> Double.parseDouble("")))).isEqualTo("an empty field is not a number");
        assertThat(IoErrors.describe(new NoSuchFileException(dir.resolve("x.npy").toString())))
                .isEqualTo(dir.resolve("x.npy") + ": no such file or directory");
        assertThat(IoErrors.describe(new NoSuchFileException(dir.resolve("nope/x.npy").toString())))
                .isEqualTo("folder " + dir.resolve("nope") + " does not exist");
        assertThat(IoErrors.describe(new AccessDeniedException("/root/x"))).isEqualTo("/root/x: permission denied");
        assertThat(IoErrors.describe(new FileSystemException("b/dir.wav", null, "Is a directory")))
                .isEqualTo("b/dir.wav: is a directory");
        assertThat(IoErrors.describe(new UncheckedIOException(new IOException("java.nio.file.NoSuchFileException: /a/b"))))
                .isEqualTo("/a/b");
        assertThat(IoErrors.describe(new IOException("train failed", new AccessDeniedException("/x"))))
                .isEqualTo("train failed");
    }
}
