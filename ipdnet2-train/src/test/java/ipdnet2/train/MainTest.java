package ipdnet2.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheCommandsAndExplainsSimulateSet() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("simulate-set");
        out.reset();
        assertThat(run("simulate-set", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--rt60 LO:HI").contains("--speech-dir");
    }

    @Test
    void badArgumentsGiveAMessageAndStatusTwo() {
        assertThat(run("simulate")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'simulate'");
        err.reset();
        assertThat(run("simulate-set", "--out", "x", "--clips", "ten", "--seed", "1")).isEqualTo(2);
        assertThat(err()).contains("--clips must be an integer, got 'ten'").doesNotContain("Exception");
        err.reset();
        assertThat(run("simulate-set", "--out", "x", "--clips", "2", "--seed", "1", "--snr", "15:-5")).isEqualTo(2);
        assertThat(err()).contains("--snr");
        err.reset();
        assertThat(run("simulate-set", "--out", "x", "--clips", "2")).isEqualTo(2);
        assertThat(err()).contains("--seed is required");
        err.reset();
        assertThat(run("simulate-set", "--out", "x", "--clips", "3", "--seed", "1", "--mirror-pairs")).isEqualTo(2);
        assertThat(err()).contains("--mirror-pairs needs an even --clips, got 3");
    }

    @Test
    void unwritableOutputGivesAMessageAndStatusOne(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("plain-file");
        Files.writeString(file, "not a directory");
        assertThat(run("simulate-set", "--out", file.resolve("sub").toString(), "--clips", "1", "--seed", "1",
                "--quiet")).isEqualTo(1);
        assertThat(err()).contains("not writable").contains("plain-file");
    }

    @Test
    void simulateSetWritesTheRequestedClips(@TempDir Path tmp) throws Exception {
        assertThat(run("simulate-set", "--out", tmp.toString(), "--clips", "2", "--seed", "3", "--seconds", "0.5",
                "--rt60", "0.3:0.4", "--snr", "-5:-5", "--format", "pcm16", "--quiet")).isZero();
        assertThat(Files.readAllLines(tmp.resolve("manifest.csv"))).hasSize(3);
        assertThat(Files.readAllLines(tmp.resolve("manifest.csv")).get(1)).contains(",-5.000,");
        Path pairs = tmp.resolve("pairs");
        assertThat(run("simulate-set", "--out", pairs.toString(), "--clips", "2", "--seed", "3", "--seconds", "0.5",
                "--mirror-pairs", "--quiet")).isZero();
        List<String> rows = Files.readAllLines(pairs.resolve("manifest.csv"));
        assertThat(rows.get(0)).endsWith(",seed,mirrored");
        assertThat(rows.get(1)).endsWith(",0");
        assertThat(rows.get(2)).endsWith(",1");
    }
}
