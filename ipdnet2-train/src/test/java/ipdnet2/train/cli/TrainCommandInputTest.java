package ipdnet2.train.cli;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.audio.WavWriter;
import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.AudioFiles;
import ipdnet2.dsp.sim.SceneConfig;
import ipdnet2.dsp.sim.SpeechShapedNoise;
import ipdnet2.train.TrainCli;
import ipdnet2.train.sim.SimulatedSetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad train command lines: a one-line {@code error:} naming the problem, status 2 or 1, nothing left behind. */
class TrainCommandInputTest {
    private final TrainCli cli = new TrainCli();

    private int run(String... args) {
        return cli.run(args);
    }

    private String err() {
        return cli.err();
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
            assertThat(err()).startsWith("error: --out needs a value, got an empty one")
                    .doesNotContain("Exception");
        }
        assertThat(cli.out()).isEmpty();
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

    private static Path set(Path dir, int clips, long seed) throws Exception {
        SceneConfig config = SceneConfig.defaults().withSeconds(0.5);
        new SimulatedSetWriter(config, ArrayGeometry.realmanDefault(), new SpeechShapedNoise(config.sampleRate()),
                SampleFormat.FLOAT32).write(dir, clips, seed, 1, (done, total) -> { });
        return dir;
    }

    /** A clip of another length in a training set is named (with both lengths) before training starts. */
    @Test
    void aClipOfAnotherLengthInTheTrainingSetIsNamedBeforeTraining(@TempDir Path tmp) throws Exception {
        Path train = set(tmp.resolve("train"), 3, 1), val = set(tmp.resolve("val"), 1, 2);
        Path wav = train.resolve("clip-000002.wav");
        WavWriter.write(wav, new AudioData(16000, new float[5][16000]), SampleFormat.FLOAT32);
        Path run = tmp.resolve("run");
        assertThat(run("train", "--train-set", train.toString(), "--val-set", val.toString(), "--model", "tiny",
                "--out", run.toString(), "--quiet")).isEqualTo(1);
        assertThat(err()).startsWith("error:").contains("clip 2 (clip-000002)")
                .contains(wav + " is 16000 samples long, clip 0 (clip-000000) 8000").doesNotContain("Exception");
        assertThat(err().lines().count()).isOne();
        assertThat(run).doesNotExist();
    }

    /**
     * A silent validation clip is named in a warning; a training clip whose labels are shorter than
     * its audio stops the run naming the clip (not quietly trained on unlabelled frames).
     */
    @Test
    void aSilentValidationClipIsNamedInAWarningAndShortLabelsStopTraining(@TempDir Path tmp) throws Exception {
        Path train = set(tmp.resolve("train"), 1, 1), val = set(tmp.resolve("val"), 2, 2);
        Path wav = val.resolve("clip-000001.wav");
        WavWriter.write(wav, new AudioData(16000, new float[5][AudioFiles.read(wav).frames()]), SampleFormat.FLOAT32);
        Path labels = train.resolve("clip-000000.labels.csv");
        Files.write(labels, Files.readAllLines(labels).subList(0, 2));
        Path run = tmp.resolve("run");
        assertThat(run("train", "--train-set", train.toString(), "--val-set", val.toString(), "--model", "tiny",
                "--out", run.toString(), "--epochs", "1", "--steps-per-epoch", "1", "--batch", "1",
                "--checkpoint-every", "0", "--quiet")).isEqualTo(1);
        java.util.List<String> lines = err().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("warning: --val-set " + val + ": clip 1 (clip-000001, clip-000001.wav) is"
                + " silent: every sample is zero");
        assertThat(lines.get(1)).startsWith("error:").contains(train + ": clip 0 (clip-000000, clip-000000.wav)")
                .contains("clip-000000.labels.csv has 1 frames, the audio's 8000 samples need 5");
        assertThat(run).doesNotExist();
    }

    /** A folder where the run writes its best model is refused before training, and nothing is written. */
    @Test
    void aFolderInPlaceOfTheBestModelIsRefusedAtTheStart(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Path best = Files.createDirectories(run.resolve("best.safetensors"));
        assertThat(run("train", "--simulate", "--model", "tiny", "--out", run.toString(), "--quiet")).isEqualTo(2);
        assertThat(err()).startsWith("error: --out: " + best + " is not a file: the run writes its best model there");
        assertThat(entries(run)).isOne();
        assertThat(best).isEmptyDirectory();
    }

    /** Options of another data source are refused, not silently ignored unchecked. */
    @Test
    void optionsOfAnotherDataSourceAreUsageErrors(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run"), set = tmp.resolve("set");
        String[][] cases = {
                {"--moving-share", "NaN", "--moving-share applies only to --simulate"},
                {"--rt60", "0:0", "--rt60 applies only to --simulate"},
                {"--speech-dir", "x", "--speech-dir applies only to --simulate"},
                {"--channels", "1,2", "--channels applies only to --realman"},
                {"--snr", "0:5", "--snr does not apply to --train-set"},
                {"--seconds", "3", "--seconds does not apply to --train-set"},
                {"--val-clips", "10", "--val-clips does not apply to --train-set"},
        };
        for (String[] c : cases) {
            assertThat(run("train", "--train-set", set.toString(), "--val-set", set.toString(), "--model", "tiny",
                    "--out", run.toString(), c[0], c[1], "--quiet")).isEqualTo(2);
            assertThat(err()).startsWith("error: " + c[2]);
        }
        assertThat(run("train", "--simulate", "--model", "tiny", "--out", run.toString(), "--channels", "1,2",
                "--quiet")).isEqualTo(2);
        assertThat(err()).startsWith("error: --channels applies only to --realman");
        assertThat(run("train", "--simulate", "--model", "tiny", "--out", run.toString(), "--val-set", set.toString(),
                "--val-clips", "10", "--quiet")).isEqualTo(2);
        assertThat(err()).startsWith("error: --val-clips draws a validation set and --val-set gives one");
        assertThat(entries(tmp)).isZero();
    }
}
