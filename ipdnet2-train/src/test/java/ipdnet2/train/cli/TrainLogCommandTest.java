package ipdnet2.train.cli;

import ipdnet2.train.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TrainLogCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Three epochs (the last with a weight average) among other records, two pairs of which one is on the axis. */
    private static Path log(Path dir) throws Exception {
        Files.writeString(dir.resolve("train.jsonl"), String.join("\n",
                "{\"type\":\"step\",\"epoch\":1,\"step\":50,\"loss\":0.3}",
                "{\"type\":\"epoch\",\"epoch\":1,\"step\":250,\"train_loss\":0.16614,\"lr\":0.001,\"val_loss\":0.16381,"
                        + "\"val_mdr\":0.97379,\"val_far\":0.06353,\"val_mae\":3.03399,\"val_acc\":0.02621,"
                        + "\"val_pair_own\":[0.29331,0.31941],\"val_pair_reflected\":[0.44204,0.31941],\"best\":true}",
                "{\"type\":\"weight_average_started\",\"step\":250,\"decay\":0.999}",
                "{\"type\":\"epoch\",\"epoch\":2,\"step\":500,\"train_loss\":0.1751,\"lr\":0.0009875,\"val_loss\":0.13816,"
                        + "\"val_mdr\":0.86251,\"val_far\":0.28549,\"val_mae\":2.61999,\"val_acc\":0.13749,"
                        + "\"val_pair_own\":[0.233,0.273],\"val_pair_reflected\":[0.503,0.273],"
                        + "\"avg_val_loss\":0.13001,\"avg_val_mdr\":0.80049,\"avg_val_far\":0.25,\"avg_val_mae\":2.5,\"best\":true}",
                "{\"type\":\"epoch\",\"epoch\":3,\"step\":750,\"train_loss\":0.13694,\"lr\":0.000975,\"val_loss\":0.12504,"
                        + "\"val_mdr\":0.77949,\"val_far\":0.405,\"val_mae\":null,\"val_acc\":0.2205,"
                        + "\"val_pair_own\":[0.204,0.244],\"val_pair_reflected\":[0.57,0.244],"
                        + "\"avg_val_loss\":0.12,\"avg_val_mdr\":0.7,\"avg_val_far\":0.3,\"avg_val_mae\":2.4,\"best\":true}",
                ""));
        return dir;
    }

    @Test
    void printsOneRowPerEpochWithTheAverageWhereTheRunHasOne(@TempDir Path dir) throws Exception {
        assertThat(run("log", "--run", log(dir).toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "| epoch | steps | train loss | val loss | val MDR % | val FAR % | val MAE ° | average: val loss | MDR % | FAR % | MAE ° |",
                "|---|---|---|---|---|---|---|---|---|---|---|",
                "| 1 | 250 | 0.1661 | 0.1638 | 97.4 | 6.4 | 3.03 | | | | |",
                "| 2 | 500 | 0.1751 | 0.1382 | 86.3 | 28.5 | 2.62 | 0.1300 | 80.0 | 25.0 | 2.50 |",
                "| 3 | 750 | 0.1369 | 0.1250 | 77.9 | 40.5 | – | 0.1200 | 70.0 | 30.0 | 2.40 |");
    }

    @Test
    void selectsEpochsAndShowsThePairsOwnAndReflectedErrorsOnlyWhereTheyDiffer(@TempDir Path dir) throws Exception {
        assertThat(run("log", "--run", log(dir).resolve("train.jsonl").toString(), "--to", "2", "--pairs")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "| epoch | steps | train loss | val loss | val MDR % | val FAR % | val MAE ° | average: val loss | MDR % | FAR % | MAE ° | pair 0-1 own / reflected | pair 0-2 |",
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
                "| 1 | 250 | 0.1661 | 0.1638 | 97.4 | 6.4 | 3.03 | | | | | 0.293 / 0.442 | 0.319 |",
                "| 2 | 500 | 0.1751 | 0.1382 | 86.3 | 28.5 | 2.62 | 0.1300 | 80.0 | 25.0 | 2.50 | 0.233 / 0.503 | 0.273 |");
        out.reset();
        assertThat(run("log", "--run", dir.toString(), "--every", "2")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(3).last().asString().startsWith("| 2 | 500 |");
    }

    @Test
    void showsTheLastRecordOfARepeatedEpochAndDashesForMissingFigures(@TempDir Path dir) throws Exception {
        // epoch 1 without pairs or validation (an older log), epoch 2 logged twice, a cut-off last line
        Files.writeString(dir.resolve("train.jsonl"), String.join("\n",
                "{\"type\":\"epoch\",\"epoch\":1,\"step\":12500,\"train_loss\":0.5}",
                "{\"type\":\"epoch\",\"epoch\":2,\"step\":25000,\"train_loss\":0.4,\"val_loss\":0.3,\"val_mdr\":0.5,"
                        + "\"val_far\":0.25,\"val_mae\":2,\"val_pair_own\":[0.1],\"val_pair_reflected\":[0.2]}",
                "{\"type\":\"epoch\",\"epoch\":2,\"step\":25000,\"train_loss\":0.3,\"val_loss\":0.2,\"val_mdr\":0.4,"
                        + "\"val_far\":0.2,\"val_mae\":1.9,\"val_pair_own\":[0.1],\"val_pair_reflected\":[0.3]}",
                "{\"type\":\"step\",\"epo"));
        assertThat(run("log", "--run", dir.toString(), "--pairs")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "| epoch | steps | train loss | val loss | val MDR % | val FAR % | val MAE ° | pair 0-1 own / reflected |",
                "|---|---|---|---|---|---|---|---|",
                "| 1 | 12,500 | 0.5000 | – | – | – | – | – / – |",
                "| 2 | 25,000 | 0.3000 | 0.2000 | 40.0 | 20.0 | 1.90 | 0.100 / 0.300 |");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("skipped the incomplete last line");
    }

    @Test
    void namesTheProblemWithAMissingOrBrokenLog(@TempDir Path dir) throws Exception {
        assertThat(run("log", "--run", dir.resolve("none").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("none").contains("does not exist");
        err.reset();
        Files.writeString(dir.resolve("train.jsonl"), "{\"type\":\"epoch\",\"epoch\":1}\n{\"type\":\"epo\n{}\n");
        assertThat(run("log", "--run", dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("train.jsonl line 2");
        err.reset();
        assertThat(run("log", "--run", log(dir).toString(), "--from", "9")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no epoch records").contains("in the epochs asked for");
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A folder without train.jsonl, or a file that is not text, is named as not a log; exit 2. */
    @Test
    void aFolderOrFileThatIsNoRunIsNamed(@TempDir Path dir) throws Exception {
        assertThat(run("log", "--run", dir.toString())).isEqualTo(2);
        assertThat(err()).startsWith("error: --run " + dir + " is not a run folder: no train.jsonl");
        err.reset();
        Path wav = dir.resolve("ok16.wav");
        Files.write(wav, new byte[] {'R', 'I', 'F', 'F', (byte) 0xA4, (byte) 0xFF, 0, 0, 'W', 'A', 'V', 'E'});
        assertThat(run("log", "--run", wav.toString())).isEqualTo(2);
        assertThat(err()).startsWith("error: --run " + wav + " is not a training log (train.jsonl): it is not UTF-8 text")
                .doesNotContain("Input length");
        assertThat(out.size()).isZero();
    }

    /** A complete line that is no record is a bad line with its number, not an incomplete last line. */
    @Test
    void aCompleteUnparseableLineIsABadLine(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("train.jsonl");
        Files.writeString(log, "garbage\n");
        assertThat(run("log", "--run", dir.toString())).isEqualTo(1);
        assertThat(err()).startsWith("error:").contains(log + " line 1 is not a log record")
                .doesNotContain("incomplete");
        err.reset();
        Files.writeString(log, "{\"type\":\"epoch\",\"epoch\":1,\"step\":5,\"train_loss\":0.5}\n{\"type\":\"ep\n");
        assertThat(run("log", "--run", dir.toString())).isEqualTo(1);
        assertThat(err()).startsWith("error:").contains(log + " line 2 is not a log record").doesNotContain("incomplete");
        err.reset();
        Files.writeString(log, "{\"type\":\"step\",\"step\":5}\n");
        assertThat(run("log", "--run", dir.toString())).isEqualTo(1);
        assertThat(err()).startsWith("error: no epoch records in " + log);
    }

    @Test
    void fromAfterToIsAUsageError(@TempDir Path dir) throws Exception {
        assertThat(run("log", "--run", log(dir).toString(), "--from", "10", "--to", "5")).isEqualTo(2);
        assertThat(err()).startsWith("error: --from 10 is after --to 5");
        assertThat(out.size()).isZero();
    }
}
