package ipdnet2.train.cli;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.audio.WavWriter;
import ipdnet2.train.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad train command lines: a one-line {@code error:} naming the problem, status 2 or 1, nothing left behind. */
class TrainCommandInputTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static long entries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void anEmptyOrBlankOutIsAUsageError(@TempDir Path tmp) throws Exception {
        for (String blank : new String[] {"", " "}) {
            assertThat(run("train", "--simulate", "--model", "tiny", "--out", blank, "--epochs", "1",
                    "--steps-per-epoch", "1", "--batch", "1", "--quiet")).isEqualTo(2);
            assertThat(err()).startsWith("error: --out must name a folder, got '" + blank + "'")
                    .doesNotContain("Exception");
        }
        assertThat(out.size()).isZero();
    }

    @Test
    void aRunRefusedBeforeTrainingLeavesNoOutFolder(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Path missing = tmp.resolve("nonexist.ckpt");
        assertThat(run("train", "--simulate", "--model", "tiny", "--out", run.toString(), "--init-weights",
                missing.toString(), "--quiet")).isEqualTo(2);
        assertThat(err()).startsWith("error: --init-weights " + missing + " is not a file");
        assertThat(run).doesNotExist();

        assertThat(run("train", "--simulate", "--model", "tiny", "--out", run.toString(), "--resume", "--quiet"))
                .isEqualTo(2);
        assertThat(err()).startsWith("error: --resume: there is no checkpoint").contains(run.toString());
        assertThat(run).doesNotExist();

        Path set = tmp.resolve("no-set");
        assertThat(run("train", "--train-set", set.toString(), "--val-set", set.toString(), "--model", "tiny",
                "--out", run.toString(), "--quiet")).isNotZero();
        assertThat(err()).startsWith("error:").contains(set.toString());
        assertThat(run).doesNotExist();
        assertThat(entries(tmp)).isZero();

        // a folder that was there before stays, even when the run fails
        Files.createDirectories(run);
        assertThat(run("train", "--simulate", "--model", "tiny", "--out", run.toString(), "--resume", "--quiet"))
                .isEqualTo(2);
        assertThat(run).isEmptyDirectory();
    }

    /** simulate-set and train --simulate refuse a speech file with a NaN sample before writing anything. */
    @Test
    void aNaNSpeechFileIsRefusedByNameBeforeAnyOutput(@TempDir Path tmp) throws Exception {
        Path speech = Files.createDirectory(tmp.resolve("speech"));
        float[] x = new float[8000];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.1);
        x[77] = Float.NaN;
        Path nan = speech.resolve("nan.wav");
        WavWriter.write(nan, new AudioData(16000, new float[][] {x}), SampleFormat.FLOAT32);
        Path set = tmp.resolve("set");
        assertThat(run("simulate-set", "--out", set.toString(), "--clips", "1", "--seed", "1", "--seconds", "0.5",
                "--speech-dir", speech.toString(), "--quiet")).isEqualTo(2);
        assertThat(err()).startsWith("error: speech file " + nan + " holds a non-finite sample (NaN) at sample 77");
        assertThat(set).doesNotExist();
        Path run = tmp.resolve("run");
        assertThat(run("train", "--simulate", "--model", "tiny", "--out", run.toString(), "--speech-dir",
                speech.toString(), "--quiet")).isEqualTo(2);
        assertThat(err()).startsWith("error: speech file " + nan + " holds a non-finite sample");
        assertThat(run).doesNotExist();
    }
}
