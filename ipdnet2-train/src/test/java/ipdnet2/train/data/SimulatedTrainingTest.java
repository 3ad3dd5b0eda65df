package ipdnet2.train.data;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.sim.SceneConfig;
import ipdnet2.dsp.sim.SpeechShapedNoise;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.io.WeightFiles;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.IPDnet2Config;
import ipdnet2.train.cli.TrainCommand;
import ipdnet2.train.loop.Checkpoint;
import ipdnet2.train.loop.Trainer;
import ipdnet2.train.sim.SimulatedSetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Training from simulated rooms: stored sets written by the set writer, and scenes drawn on the fly. */
class SimulatedTrainingTest {
    static final SceneConfig SHORT = SceneConfig.defaults().withSeconds(0.6).withRt60(0.2, 0.3);

    @Test
    void storedSetsFeedTrainingAndValidation(@TempDir Path tmp) throws Exception {
        Path train = tmp.resolve("train"), val = tmp.resolve("val"), out = tmp.resolve("run");
        SimulatedSetWriter w = new SimulatedSetWriter(SHORT, ArrayGeometry.realmanDefault(),
                new SpeechShapedNoise(16000), SampleFormat.FLOAT32);
        w.write(train, 3, 11, 1, (d, t) -> { });
        w.write(val, 2, 12, 1, (d, t) -> { });

        StoredSet set = StoredSet.open(train);
        assertThat(set.size()).isEqualTo(3);
        // A seed picks one of the stored clips, unchanged.
        Clip c = set.clip(5);
        boolean found = false;
        for (int i = 0; i < 3; i++) found |= Arrays.equals(set.get(i).audio()[0], c.audio()[0]);
        assertThat(found).isTrue();

        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        int status = new TrainCommand().run(new String[] {"--train-set", train.toString(), "--val-set", val.toString(),
                "--model", "tiny", "--out", out.toString(), "--epochs", "1", "--steps-per-epoch", "1", "--batch", "2",
                "--quiet"}, quiet, quiet);
        assertThat(status).isZero();
        assertThat(WeightFiles.read(out.resolve(Trainer.BEST)).metadata().get("data_recipe"))
                .contains("stored set").contains("(3 clips)").contains("(2 clips)");

        // a second stage from that model, on the command line
        Path stage2 = tmp.resolve("stage2");
        String[] args = {"--train-set", train.toString(), "--val-set", val.toString(), "--model", "tiny", "--out",
                stage2.toString(), "--epochs", "1", "--steps-per-epoch", "1", "--batch", "2", "--quiet",
                "--init-weights", out.resolve(Trainer.BEST).toString()};
        assertThat(new TrainCommand().run(args, quiet, quiet)).isZero();
        assertThat(WeightFiles.read(stage2.resolve(Trainer.BEST)).metadata())
                .containsEntry("init_weights", "best.safetensors (saved at step 1)");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        String[] wrong = args.clone();
        wrong[wrong.length - 1] = tmp.resolve("absent.safetensors").toString();
        assertThat(TrainCommand.execute(wrong, quiet, new PrintStream(errors))).isEqualTo(2);
        assertThat(errors.toString()).contains("--init-weights").contains("absent.safetensors").contains("is not a file");
        String[] both = Arrays.copyOf(args, args.length + 1);
        both[args.length] = "--resume";
        errors.reset();
        assertThat(TrainCommand.execute(both, quiet, new PrintStream(errors))).isEqualTo(2);
        assertThat(errors.toString()).contains("give only one");

        // a branch of the first run in a new folder: the same steps as resuming that run in place
        Path branch = tmp.resolve("branch");
        byte[] before = Files.readAllBytes(out.resolve(Trainer.CHECKPOINT));
        String[] branchArgs = {"--train-set", train.toString(), "--val-set", val.toString(), "--model", "tiny", "--out",
                branch.toString(), "--epochs", "2", "--steps-per-epoch", "1", "--batch", "2", "--quiet",
                "--branch-from", out.resolve(Trainer.CHECKPOINT).toString()};
        assertThat(new TrainCommand().run(branchArgs, quiet, quiet)).isZero();
        assertThat(Files.readAllBytes(out.resolve(Trainer.CHECKPOINT))).isEqualTo(before);
        assertThat(Files.readString(branch.resolve(Trainer.LOG))).contains("\"type\":\"branched\",\"step\":1");
        assertThat(branch.resolve(Trainer.BEST)).exists();
        assertThat(new TrainCommand().run(new String[] {"--train-set", train.toString(), "--val-set", val.toString(),
                "--model", "tiny", "--out", out.toString(), "--epochs", "2", "--steps-per-epoch", "1", "--batch", "2",
                "--quiet", "--resume"}, quiet, quiet)).isZero();
        assertThat(weights(branch.resolve(Trainer.CHECKPOINT))).isEqualTo(weights(out.resolve(Trainer.CHECKPOINT)));
        errors.reset();
        assertThat(TrainCommand.execute(branchArgs, quiet, new PrintStream(errors))).isEqualTo(2);
        assertThat(errors.toString()).contains("already holds a checkpoint");
        String[] branchResume = Arrays.copyOf(branchArgs, branchArgs.length + 1);
        branchResume[branchArgs.length] = "--resume";
        errors.reset();
        assertThat(TrainCommand.execute(branchResume, quiet, new PrintStream(errors))).isEqualTo(2);
        assertThat(errors.toString()).contains("give neither");
        String[] branchMissing = branchArgs.clone();
        branchMissing[branchMissing.length - 1] = tmp.resolve("none.ckpt").toString();
        branchMissing[7] = tmp.resolve("branch2").toString();            // --out
        errors.reset();
        assertThat(TrainCommand.execute(branchMissing, quiet, new PrintStream(errors))).isEqualTo(2);
        assertThat(errors.toString()).contains("none.ckpt").contains("is not a file");

        // with a weight average, the best model saved is the average
        Path averaged = tmp.resolve("averaged");
        String[] avg = {"--train-set", train.toString(), "--val-set", val.toString(), "--model", "tiny", "--out",
                averaged.toString(), "--epochs", "1", "--steps-per-epoch", "2", "--batch", "2", "--quiet",
                "--weight-average", "0.9"};
        assertThat(new TrainCommand().run(avg, quiet, quiet)).isZero();
        assertThat(WeightFiles.read(averaged.resolve(Trainer.BEST)).metadata())
                .containsEntry("weight_average_decay", "0.9")
                .containsEntry("weights", "exponential moving average of the training weights");
        String[] badAverage = avg.clone();
        badAverage[badAverage.length - 1] = "1";
        errors.reset();
        assertThat(TrainCommand.execute(badAverage, quiet, new PrintStream(errors))).isEqualTo(2);
        assertThat(errors.toString()).contains("--weight-average must be in");
    }

    /** The network weights a checkpoint holds, all parameters one after another. */
    private static float[] weights(Path checkpoint) {
        IPDnet2 net = new IPDnet2(IPDnet2Config.tiny());
        Checkpoint.read(checkpoint).restoreWeights(checkpoint, net);
        int n = 0;
        for (Tensor t : net.parameters()) n += t.numel();
        float[] w = new float[n];
        int at = 0;
        for (Tensor t : net.parameters()) {
            System.arraycopy(t.data(), 0, w, at, t.numel());
            at += t.numel();
        }
        return w;
    }

    @Test
    void missingStoredSetIsAClearError(@TempDir Path tmp) {
        assertThatThrownBy(() -> StoredSet.open(tmp.resolve("none"))).isInstanceOf(DataException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> StoredSet.open(tmp)).isInstanceOf(DataException.class)
                .hasMessageContaining("manifest");
    }

    @Test
    void simulatedRoomsOnTheFlyAreDeterministicAndCached(@TempDir Path tmp) throws Exception {
        SimulatedRooms rooms = new SimulatedRooms(SHORT, ArrayGeometry.realmanDefault(), new SpeechShapedNoise(16000));
        Clip a = rooms.clip(3), b = rooms.clip(3);
        assertThat(a.audio()[2]).containsExactly(b.audio()[2]);
        Path cache = tmp.resolve("validation.clips");
        List<Clip> made = ValidationSet.cached(cache, "recipe A", rooms, 2, 9, null);
        List<Clip> again = ClipSetFile.read(cache);
        assertThat(again).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(again.get(i).audio()[4]).containsExactly(made.get(i).audio()[4]);
            assertThat(again.get(i).labels().frames()).isEqualTo(made.get(i).labels().frames());
            assertThat(again.get(i).labels().azimuthDeg(0, 0)).isEqualTo(made.get(i).labels().azimuthDeg(0, 0));
        }
        assertThat(ClipSetFile.recipeOf(cache)).isEqualTo("recipe A");
    }
}
