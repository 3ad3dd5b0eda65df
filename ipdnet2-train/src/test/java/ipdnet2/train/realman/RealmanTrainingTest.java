package ipdnet2.train.realman;

import ipdnet2.nn.io.WeightFiles;
import ipdnet2.nn.io.WeightSet;
import ipdnet2.nn.model.IPDnet2Config;
import ipdnet2.nn.model.Weights;
import ipdnet2.train.cli.TrainCommand;
import ipdnet2.train.data.DataException;
import ipdnet2.train.loop.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The train command end to end on a miniature RealMAN tree: a few Tiny steps, then a resume. */
class RealmanTrainingTest {
    @TempDir
    static Path root;

    @BeforeAll
    static void tree() throws Exception {
        assumeTrue(MiniRealman.flacAvailable(), "the flac command is needed to write the test tree");
        MiniRealman.build(root);
    }

    private static int train(Path out, PrintStream err, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--realman", root.toString(), "--model", "tiny", "--out",
                out.toString(), "--steps-per-epoch", "2", "--batch", "2", "--seconds", "1", "--val-clips", "2",
                "--checkpoint-every", "1"));
        args.addAll(List.of(extra));
        return new TrainCommand().run(args.toArray(new String[0]), new PrintStream(new ByteArrayOutputStream()), err);
    }

    @Test
    void trainsValidatesCheckpointsAndResumes(@TempDir Path out) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(log, true, StandardCharsets.UTF_8);
        assertThat(train(out, err, "--epochs", "1")).isZero();
        String progress = log.toString(StandardCharsets.UTF_8);
        assertThat(progress).contains("epoch 1/1 step 2/2").contains("ex/s").contains("ETA").contains("MDR");

        WeightSet best = WeightFiles.read(out.resolve(Trainer.BEST));
        assertThat(best.metadata()).containsEntry("steps", "2").containsEntry("seed", "1").containsKey("val_mdr");
        assertThat(best.metadata().get("data_recipe")).contains("realman train").contains("val");
        assertThat(Weights.load(out.resolve(Trainer.BEST), null).config()).isEqualTo(IPDnet2Config.tiny());
        List<String> lines = Files.readAllLines(out.resolve(Trainer.LOG));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"type\":\"step\"").contains("\"step\":1");
        assertThat(lines.get(1)).contains("\"type\":\"epoch\"").contains("\"val_loss\"").contains("\"val_far\"");

        Path cache = out.resolve("validation.clips");
        FileTime made = Files.getLastModifiedTime(cache);
        // Without --resume an existing run is not overwritten.
        assertThatThrownBy(() -> train(out, err, "--epochs", "2")).hasMessageContaining("--resume");
        assertThat(train(out, err, "--epochs", "2", "--resume")).isZero();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("resumed from").contains("epoch 2/2 step 2/2");
        assertThat(Files.getLastModifiedTime(cache)).isEqualTo(made);
        assertThat(Files.readAllLines(out.resolve(Trainer.LOG))).hasSize(4);
    }

    @Test
    void missingDataIsReportedBeforeTraining(@TempDir Path out) {
        PrintStream err = new PrintStream(new ByteArrayOutputStream());
        assertThatThrownBy(() -> new TrainCommand().run(new String[] {"--realman", root.resolve("absent").toString(),
                "--out", out.toString()}, err, err)).isInstanceOf(DataException.class).hasMessageContaining("absent");
        assertThatThrownBy(() -> new TrainCommand().run(new String[] {"--realman", root.toString(), "--channels", "1,2",
                "--model", "tiny", "--out", out.toString()}, err, err))
                .isInstanceOf(DataException.class).hasMessageContaining("_CH2.flac");
        assertThat(out.resolve(Trainer.CHECKPOINT)).doesNotExist();
    }

    @Test
    void theJarEntryPointTrainsByDefault(@TempDir Path out) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        assertThat(ipdnet2.train.Main.run(new String[] {"--realman", root.resolve("absent").toString(), "--out",
                out.toString()}, err, err)).isEqualTo(1);
        assertThat(buf.toString(StandardCharsets.UTF_8)).startsWith("error: train failed: RealMAN folder")
                .doesNotContain("\tat ");
        buf.reset();
        assertThat(ipdnet2.train.Main.run(new String[] {"--help"}, err, err)).isZero();
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("train").contains("--realman DIR").contains("--resume");
    }

    @Test
    void commandLineErrorsAreOneLineWithNonZeroStatus(@TempDir Path out) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        assertThat(TrainCommand.execute(new String[] {"--realman", root.resolve("absent").toString(), "--out",
                out.toString()}, err, err)).isEqualTo(1);
        assertThat(buf.toString(StandardCharsets.UTF_8)).startsWith("error: train failed: RealMAN folder")
                .doesNotContain("Exception").doesNotContain("\tat ");
        buf.reset();
        assertThat(TrainCommand.execute(new String[] {"--out", out.toString()}, err, err)).isEqualTo(2);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("exactly one of --realman");
        buf.reset();
        assertThat(TrainCommand.execute(new String[] {"--simulate", "--out", out.toString(), "--batch", "zero"}, err, err))
                .isEqualTo(2);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("--batch must be an integer");
        buf.reset();
        assertThat(TrainCommand.execute(new String[] {"--simulate", "--out", out.toString(), "--replicas", "17"}, err, err))
                .isEqualTo(2);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("replicas must be in [1, batch 16], got 17");
        buf.reset();
        assertThat(TrainCommand.execute(new String[] {"--help"}, err, err)).isZero();
        String help = buf.toString(StandardCharsets.UTF_8);
        for (String flag : new String[] {"--realman", "--simulate", "--train-set", "--val-set", "--model", "--out",
                "--resume", "--epochs", "--steps-per-epoch", "--batch", "--lr", "--seed", "--checkpoint-every",
                "--bench-steps", "--channels", "--micro-batch", "--replicas", "--snr", "--rt60"}) {
            assertThat(help).contains(flag);
        }
    }
}
