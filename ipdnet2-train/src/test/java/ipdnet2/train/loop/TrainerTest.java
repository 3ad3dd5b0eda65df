package ipdnet2.train.loop;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.model.IPDnet2Config;
import ipdnet2.nn.model.Weights;
import ipdnet2.train.data.Clip;
import ipdnet2.train.data.Example;
import ipdnet2.train.data.ExampleMaker;
import ipdnet2.train.data.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TrainerTest {
    static final ArrayGeometry ARRAY = ArrayGeometry.realmanDefault();

    static TrainOptions options(int epochs, int stepsPerEpoch, int batch) {
        return new TrainOptions(epochs, stepsPerEpoch, batch, 5e-4, 0.01, 0.975, 5, 7, 0, 2, 0, 1);
    }

    /** Clips 0..n−1 of {@code seed} made into one batch. */
    static Batch batch(NoiseClips src, ExampleMaker maker, long seed, int n) {
        List<Example> ex = new ArrayList<>();
        for (int i = 0; i < n; i++) ex.add(maker.make(src.clip(Seeds.of(seed, 0, i))));
        return Batch.of(0, ex, 5, 2);
    }

    static Validator validator(ExampleMaker maker) {
        NoiseClips src = new NoiseClips(0.5);
        List<Clip> clips = List.of(src.clip(1001), src.clip(1002));
        return new Validator(clips, maker, ARRAY, 2);
    }

    /** Tiny overfits one fixed batch: the PIT-MSE falls at least tenfold. */
    @Test
    void lossOnOneFixedBatchFallsTenfold(@TempDir Path out) {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        ExampleMaker maker = new ExampleMaker(ARRAY, tiny.timePoolRatio());
        NoiseClips src = new NoiseClips(0.5);
        TrainOptions opt = options(1, 1000, 1).withLearningRate(3e-3);
        Trainer t = new Trainer(tiny, opt, src, maker, null, out, "test");
        List<Example> ex = new ArrayList<>();
        ex.add(maker.make(src.clip(Seeds.of(3, 0, 0))));
        Batch batch = Batch.of(0, ex, 5, 2);
        double first = t.step(batch).loss(), last = first;
        for (int s = 0; s < 300 && last > first / 10; s++) last = t.step(batch).loss();
        assertThat(last).isLessThan(first / 10);
    }

    /** A folder where the best model goes: the run stops naming it, and leaves no temporary file. */
    @Test
    void aFolderInPlaceOfTheBestModelStopsTheRunWithoutLeftovers(@TempDir Path out) throws Exception {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        ExampleMaker maker = new ExampleMaker(ARRAY, tiny.timePoolRatio());
        Path best = Files.createDirectories(out.resolve(Trainer.BEST).resolve("inside"));
        Trainer t = new Trainer(tiny, options(1, 1, 1), new NoiseClips(0.5), maker, null, out, "test");
        t.setProgress(null);
        assertThatThrownBy(() -> t.saveBest(0)).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("cannot write the best model to " + out.resolve(Trainer.BEST) + ": it is a folder");
        assertThat(best).isEmptyDirectory();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    /** A best model that is a symbolic link (e.g. to a shared models folder) is written at its target; the link stays. */
    @Test
    void theBestModelIsWrittenThroughASymbolicLink(@TempDir Path out, @TempDir Path shared) throws Exception {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        ExampleMaker maker = new ExampleMaker(ARRAY, tiny.timePoolRatio());
        Path target = shared.resolve("tiny-latest.safetensors");
        Files.createSymbolicLink(out.resolve(Trainer.BEST), target);
        Trainer t = new Trainer(tiny, options(1, 1, 1), new NoiseClips(0.5), maker, null, out, "test");
        t.setProgress(null);
        t.saveBest(0);
        assertThat(out.resolve(Trainer.BEST)).isSymbolicLink();
        var expected = Weights.toWeightSet(t.network(), java.util.Map.of()).tensors();
        var written = ipdnet2.nn.io.WeightFiles.read(target).tensors();
        assertThat(written.keySet()).isEqualTo(expected.keySet());
        for (String name : expected.keySet()) assertThat(written.get(name).data()).as(name).isEqualTo(expected.get(name).data());
    }

    /** A branch from a finished run has nothing to run: it is refused before its folder gets a log. */
    @Test
    void aBranchFromAFinishedRunIsRefused(@TempDir Path a, @TempDir Path b) throws Exception {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        ExampleMaker maker = new ExampleMaker(ARRAY, tiny.timePoolRatio());
        Trainer done = new Trainer(tiny, options(1, 2, 1), new NoiseClips(0.5), maker, null, a, "test");
        done.setProgress(null);
        done.run();
        assertThat(done.globalStep()).isEqualTo(2);
        Trainer branch = new Trainer(tiny, options(1, 2, 1), new NoiseClips(0.5), maker, null, b, "test");
        assertThatThrownBy(() -> branch.branchFrom(a.resolve(Trainer.CHECKPOINT), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is at step 2, the end of 1 epochs: a branch from it needs --epochs above 1");
        assertThat(b).isEmptyDirectory();
        Trainer longer = new Trainer(tiny, options(2, 2, 1), new NoiseClips(0.5), maker, null, b, "test");
        longer.branchFrom(a.resolve(Trainer.CHECKPOINT), false);
        assertThat(longer.globalStep()).isEqualTo(2);
    }

    /** Checksum-valid checkpoints whose counters were edited are refused as corrupt, naming the counter. */
    @Test
    void forgedTrainingCountersAreRefusedAsCorrupt(@TempDir Path out) throws Exception {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        ExampleMaker maker = new ExampleMaker(ARRAY, tiny.timePoolRatio());
        TrainOptions opt = options(3, 4, 2);
        Trainer t = new Trainer(tiny, opt, new NoiseClips(0.5), maker, null, out, "test");
        t.saveCheckpoint();
        java.util.Map<String, String> good = Checkpoint.read(out.resolve(Trainer.CHECKPOINT)).meta();
        new Trainer(tiny, opt, new NoiseClips(0.5), maker, null, out, "test").resume(out.resolve(Trainer.CHECKPOINT));
        String[][] forged = {
                {"global_step", "-5", "global_step -5 is negative"},
                {"next_clip", "-1", "next_clip -1 does not match global_step 0 × batch 2"},
                {"epoch", "999999", "epoch 999999 does not match global_step 0 / steps_per_epoch 4"},
                {"global_step", "40", "next_clip 0 does not match global_step 40"},
                {"schedule_epoch", "-1", "schedule_epoch -1 is outside 0..3"},
        };
        for (String[] f : forged) {
            java.util.Map<String, String> meta = new java.util.HashMap<>(good);
            meta.put(f[0], f[1]);
            Path file = out.resolve("forged-" + f[0] + ".ckpt");
            ipdnet2.nn.model.IPDnet2 net = new ipdnet2.nn.model.IPDnet2(tiny);
            Checkpoint.save(file, net, new ipdnet2.nn.optim.AdamW(net.parameters(), 1e-3), meta);
            Trainer fresh = new Trainer(tiny, opt, new NoiseClips(0.5), maker, null, out, "test");
            assertThatThrownBy(() -> fresh.resume(file)).isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("checkpoint " + file + ": corrupt: " + f[2]);
        }
        // all counters consistent, but past the run's epochs
        java.util.Map<String, String> meta = new java.util.HashMap<>(good);
        meta.put("global_step", "40");
        meta.put("next_clip", "80");
        meta.put("epoch", "10");
        Path file = out.resolve("beyond.ckpt");
        ipdnet2.nn.model.IPDnet2 net = new ipdnet2.nn.model.IPDnet2(tiny);
        Checkpoint.save(file, net, new ipdnet2.nn.optim.AdamW(net.parameters(), 1e-3), meta);
        assertThatThrownBy(() -> new Trainer(tiny, opt, new NoiseClips(0.5), maker, null, out, "test").resume(file))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("corrupt: epoch 10 is beyond the run's 3 epochs");
    }

    /** Micro-batches accumulate the whole batch's loss and gradient. */
    @Test
    void microBatchesGiveTheWholeBatchGradient(@TempDir Path out) {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        ExampleMaker maker = new ExampleMaker(ARRAY, tiny.timePoolRatio());
        NoiseClips src = new NoiseClips(0.5);
        Batch batch = batch(src, maker, 4, 3);
        Trainer whole = new Trainer(tiny, options(1, 10, 3), src, maker, null, out, "test");
        Trainer split = new Trainer(tiny, options(1, 10, 3).withMicroBatch(1), src, maker, null, out, "test");
        Trainer.StepResult a = whole.step(batch), b = split.step(batch);
        assertThat(b.loss()).isCloseTo(a.loss(), org.assertj.core.api.Assertions.within(1e-6 * a.loss()));
        assertThat(b.gradNorm()).isCloseTo(a.gradNorm(), org.assertj.core.api.Assertions.within(1e-4 * a.gradNorm()));
    }

    /**
     * Parts of a batch on replicas of the network: one step gives the whole batch's loss, gradient
     * norm and updated parameters (up to rounding), and the same bits on one thread as on two.
     */
    @Test
    void replicasGiveTheWholeBatchStepOnAnyThreadCount(@TempDir Path out) {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        ExampleMaker maker = new ExampleMaker(ARRAY, tiny.timePoolRatio());
        NoiseClips src = new NoiseClips(0.5);
        Batch batch = batch(src, maker, 5, 3);
        Trainer whole = new Trainer(tiny, options(1, 10, 3), src, maker, null, out, "test");
        Trainer.StepResult a = whole.step(batch);
        int saved = Parallel.threads();
        Trainer one = new Trainer(tiny, options(1, 10, 3).withReplicas(3), src, maker, null, out, "test");
        Trainer two = new Trainer(tiny, options(1, 10, 3).withReplicas(3), src, maker, null, out, "test");
        Trainer.StepResult b;
        try {
            Parallel.setThreads(1);
            one.step(batch);
            b = one.step(batch);
            Parallel.setThreads(2);
            two.step(batch);
            two.step(batch);
        } finally {
            Parallel.setThreads(saved);
        }
        // the second step of each replicated run starts from the parameters the first one wrote
        // back, so the replicas must have been refreshed from the network in between
        Trainer.StepResult a2 = whole.step(batch);
        assertThat(b.loss()).isCloseTo(a2.loss(), within(1e-5 * a2.loss()));
        assertThat(b.gradNorm()).isCloseTo(a2.gradNorm(), within(1e-4 * a2.gradNorm()));
        assertThat(a.loss()).isNotEqualTo(a2.loss());
        // Summed in another order, a near-zero gradient element's ratio m/sqrt(v) in AdamW's second
        // step can move by a little of one step (learning rate 5e-4): 0.6 % at most with 8-float
        // vectors (AVX2), 0.04 % with 16, so the updates must agree to 2 % of one step.
        float step = 5e-4f / 50;
        List<Tensor> p = whole.parameters(), q = one.parameters(), r = two.parameters();
        for (int i = 0; i < p.size(); i++) {
            float[] x = p.get(i).data(), y = q.get(i).data(), z = r.get(i).data();
            for (int j = 0; j < x.length; j++) {
                assertThat(y[j]).as("parameter %d element %d", i, j).isCloseTo(x[j], within(1e-6f + 1e-5f * Math.abs(x[j]) + step));
                assertThat(Float.floatToRawIntBits(z[j])).as("parameter %d element %d", i, j)
                        .isEqualTo(Float.floatToRawIntBits(y[j]));
            }
        }
    }

    /** One step of a run on two replicas, checkpointed in {@code out}. */
    private static Trainer stepWithTwoReplicas(Path out) throws InterruptedException {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        Trainer t = new Trainer(tiny, options(1, 3, 2).withReplicas(2), new NoiseClips(0.5),
                new ExampleMaker(ARRAY, tiny.timePoolRatio()), null, out, "test");
        t.setProgress(null);
        t.run(1);
        return t;
    }

    /** The same run's trainer on one replica, to resume from {@code out}. */
    private static Trainer oneReplica(Path out) {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        Trainer t = new Trainer(tiny, options(1, 3, 2), new NoiseClips(0.5),
                new ExampleMaker(ARRAY, tiny.timePoolRatio()), null, out, "test");
        t.setProgress(null);
        return t;
    }

    /** A run made with one replica count does not resume with another: its updates would differ. */
    @Test
    void resumeRefusesAnotherReplicaCount(@TempDir Path out) throws Exception {
        stepWithTwoReplicas(out);
        Trainer other = oneReplica(out);
        assertThatThrownBy(() -> other.resume(out.resolve(Trainer.CHECKPOINT))).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("replicas is 2 in the checkpoint, 1 requested");
    }

    /**
     * A checkpoint resumes only into the run that wrote it: another model, seed, batch size or
     * epoch length would make the continued run a different one (other weights, other clips in
     * other batches), so each is refused with the field named and both values given. Raising
     * the epoch count, which the contract allows, is accepted.
     */
    @Test
    void resumeRefusesAnotherModelSeedBatchOrEpochLength(@TempDir Path out) throws Exception {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        ExampleMaker maker = new ExampleMaker(ARRAY, tiny.timePoolRatio());
        TrainOptions written = options(1, 3, 2);
        // the checkpoint of a run that has not stepped yet carries the same settings as a later one
        trainer(tiny, written, maker, out).saveCheckpoint();
        Path ckpt = out.resolve(Trainer.CHECKPOINT);

        Trainer small = new Trainer(IPDnet2Config.small(), written, new NoiseClips(0.5),
                new ExampleMaker(ARRAY, IPDnet2Config.small().timePoolRatio()), null, out, "test");
        assertThatThrownBy(() -> small.resume(ckpt)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining(ckpt.toString())
                .hasMessageContaining("model configuration differs: dim_hidden is 48 in the checkpoint, 96 requested");

        // options(…) uses seed 7
        TrainOptions otherSeed = new TrainOptions(1, 3, 2, 5e-4, 0.01, 0.975, 5, 8, 0, 2, 0, 1);
        assertThatThrownBy(() -> trainer(tiny, otherSeed, maker, out).resume(ckpt))
                .isInstanceOf(CheckpointException.class).hasMessageContaining(ckpt.toString())
                .hasMessageContaining("seed is 7 in the checkpoint, 8 requested");
        assertThatThrownBy(() -> trainer(tiny, written.withBatch(3), maker, out).resume(ckpt))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("batch is 2 in the checkpoint, 3 requested");
        assertThatThrownBy(() -> trainer(tiny, options(1, 4, 2), maker, out).resume(ckpt))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("steps_per_epoch is 3 in the checkpoint, 4 requested");

        Trainer longer = trainer(tiny, written.withEpochs(2), maker, out);
        longer.resume(ckpt);
        assertThat(longer.globalStep()).isZero();
    }

    private static Trainer trainer(IPDnet2Config config, TrainOptions options, ExampleMaker maker, Path out) {
        Trainer t = new Trainer(config, options, new NoiseClips(0.5), maker, null, out, "test");
        t.setProgress(null);
        return t;
    }

    /** Asked to, a run resumes with another replica count from the same state, and logs the change. */
    @Test
    void resumeAcceptsAnotherReplicaCountWhenAskedAndLogsIt(@TempDir Path out) throws Exception {
        List<Tensor> saved = stepWithTwoReplicas(out).network().parameters();
        Trainer other = oneReplica(out);
        other.resume(out.resolve(Trainer.CHECKPOINT), true);
        assertThat(other.globalStep()).isEqualTo(1);
        List<Tensor> restored = other.network().parameters();
        for (int i = 0; i < saved.size(); i++) {
            assertThat(restored.get(i).data()).as("parameter %d", i).containsExactly(saved.get(i).data());
        }
        String log = Files.readString(out.resolve(Trainer.LOG));
        assertThat(log).contains("{\"type\":\"replicas_changed\",\"step\":1,\"from\":2,\"to\":1}");
        other.run(1);
        assertThat(other.globalStep()).isEqualTo(2);
    }

    /** k steps, stop, resume, k more: bit-identical parameters to 2k steps straight (across an epoch end). */
    @Test
    void resumedRunEqualsStraightRunBitwise(@TempDir Path a, @TempDir Path b) throws Exception {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        ExampleMaker maker = new ExampleMaker(ARRAY, tiny.timePoolRatio());
        TrainOptions opt = options(2, 3, 2);
        Trainer straight = new Trainer(tiny, opt, new NoiseClips(0.5), maker, validator(maker), a, "test");
        straight.setProgress(null);
        straight.run(4);
        assertThat(straight.globalStep()).isEqualTo(4);

        Trainer first = new Trainer(tiny, opt, new NoiseClips(0.5), maker, validator(maker), b, "test");
        first.setProgress(null);
        first.run(2);
        Trainer second = new Trainer(tiny, opt, new NoiseClips(0.5), maker, validator(maker), b, "test");
        second.setProgress(null);
        second.resume(b.resolve(Trainer.CHECKPOINT));
        assertThat(second.globalStep()).isEqualTo(2);
        second.run(2);
        assertThat(second.globalStep()).isEqualTo(4);

        List<Tensor> p = straight.parameters(), q = second.parameters();
        assertThat(q).hasSameSizeAs(p);
        for (int i = 0; i < p.size(); i++) {
            float[] x = p.get(i).data(), y = q.get(i).data();
            for (int j = 0; j < x.length; j++) {
                assertThat(Float.floatToRawIntBits(y[j])).as("parameter %d element %d", i, j)
                        .isEqualTo(Float.floatToRawIntBits(x[j]));
            }
        }
        // Both runs passed the end of epoch 1: the learning rate decayed once and a best model exists.
        Checkpoint ca = Checkpoint.read(a.resolve(Trainer.CHECKPOINT)), cb = Checkpoint.read(b.resolve(Trainer.CHECKPOINT));
        assertThat(cb.meta().get("learning_rate")).isEqualTo(ca.meta().get("learning_rate"))
                .isEqualTo(Double.toString(5e-4 * 0.975));
        assertThat(Files.exists(b.resolve(Trainer.BEST))).isTrue();
        assertThat(Weights.load(b.resolve(Trainer.BEST), null).config()).isEqualTo(tiny);
        List<String> log = Files.readAllLines(b.resolve(Trainer.LOG));
        assertThat(log).anyMatch(l -> l.contains("\"type\":\"epoch\"") && l.contains("\"val_mdr\"")
                && l.contains("\"val_pair_own\":[") && l.contains("\"val_pair_reflected\":["));
        // per pair: the mics on the reference axis (pairs 0-2 and 0-4) have no distinct reflection
        ValidationResult v = second.lastValidation();
        assertThat(v.pairOwn()).hasSize(4);
        assertThat(v.pairReflected()[1]).isCloseTo(v.pairOwn()[1], within(1e-9));
        assertThat(v.pairReflected()[3]).isCloseTo(v.pairOwn()[3], within(1e-9));
        assertThat(v.pairReflected()[0]).isNotCloseTo(v.pairOwn()[0], within(1e-9));
    }

    /**
     * A staged run: the second stage starts bit for bit from the first stage's model (not from
     * its own seed's weights), records where it started, and refuses a model of another size.
     */
    @Test
    void secondStageStartsFromTheFirstStagesModel(@TempDir Path a, @TempDir Path b) throws Exception {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        ExampleMaker maker = new ExampleMaker(ARRAY, tiny.timePoolRatio());
        Trainer first = new Trainer(tiny, options(1, 2, 2), new NoiseClips(0.5), maker, null, a, "stage 1");
        first.setProgress(null);
        first.run();
        Trainer fresh = new Trainer(tiny, options(1, 2, 2), new NoiseClips(0.5), maker, null, b, "stage 2");
        Trainer second = new Trainer(tiny, options(1, 2, 2), new NoiseClips(0.5), maker, null, b, "stage 2");
        second.setProgress(null);
        second.startFrom(a.resolve(Trainer.BEST));
        List<Tensor> p = first.parameters(), q = second.parameters(), r = fresh.parameters();
        boolean differsFromSeeded = false;
        for (int i = 0; i < p.size(); i++) {
            assertThat(q.get(i).data()).as("parameter %d", i).containsExactly(p.get(i).data());
            differsFromSeeded |= !java.util.Arrays.equals(q.get(i).data(), r.get(i).data());
        }
        assertThat(differsFromSeeded).isTrue();
        // the weights of a training checkpoint serve as well (its optimiser state is not taken)
        Trainer fromCheckpoint = new Trainer(tiny, options(1, 2, 2), new NoiseClips(0.5), maker, null, b, "stage 2");
        fromCheckpoint.startFrom(a.resolve(Trainer.CHECKPOINT));
        for (int i = 0; i < p.size(); i++) {
            assertThat(fromCheckpoint.parameters().get(i).data()).as("parameter %d", i).containsExactly(p.get(i).data());
        }
        second.run(1);
        assertThat(Checkpoint.read(b.resolve(Trainer.CHECKPOINT)).meta())
                .containsEntry("init_weights", "best.safetensors (saved at step 2)")
                .containsEntry("init_data_recipe", "stage 1");

        Path small = b.resolve("small.safetensors");
        Weights.save(new ipdnet2.nn.model.IPDnet2(IPDnet2Config.small(), 1), small, null);
        Trainer third = new Trainer(tiny, options(1, 2, 2), new NoiseClips(0.5), maker, null, b, "stage 2");
        assertThatThrownBy(() -> third.startFrom(small)).hasMessageContaining("small.safetensors")
                .hasMessageContaining("another model");
        assertThatThrownBy(() -> Trainer.checkStartingWeights(IPDnet2Config.small(), a.resolve(Trainer.CHECKPOINT)))
                .hasMessageContaining("checkpoint.ckpt").hasMessageContaining("another model");
        assertThatThrownBy(() -> second.startFrom(a.resolve(Trainer.BEST))).isInstanceOf(IllegalStateException.class);
    }

    /**
     * The weight average follows avg ← avg + (1 − β)(w − avg) from the starting weights, step by
     * step (recomputed here from the weights after each step), and the raw weights train as
     * without it.
     */
    @Test
    void weightAverageFollowsTheRawWeights(@TempDir Path a, @TempDir Path b) {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        ExampleMaker maker = new ExampleMaker(ARRAY, tiny.timePoolRatio());
        NoiseClips src = new NoiseClips(0.5);
        Batch batch = batch(src, maker, 6, 2);
        float beta = 0.75f;
        Trainer plain = new Trainer(tiny, options(1, 10, 2), src, maker, null, a, "test");
        Trainer averaged = new Trainer(tiny, options(1, 10, 2).withAverageDecay(beta), src, maker, null, b, "test");
        assertThat(averaged.averagedNetwork()).isNull();
        List<float[]> expected = new ArrayList<>();
        for (Tensor t : averaged.parameters()) expected.add(t.data().clone());
        for (int s = 0; s < 3; s++) {
            plain.step(batch);
            averaged.step(batch);
            for (int i = 0; i < expected.size(); i++) {
                float[] e = expected.get(i), w = averaged.parameters().get(i).data();
                for (int j = 0; j < e.length; j++) e[j] = Math.fma(1 - beta, w[j] - e[j], e[j]);
            }
        }
        List<Tensor> avg = averaged.averagedNetwork().parameters();
        boolean differs = false;
        for (int i = 0; i < expected.size(); i++) {
            assertThat(avg.get(i).data()).as("parameter %d", i).containsExactly(expected.get(i));
            assertThat(averaged.parameters().get(i).data()).as("parameter %d", i).containsExactly(plain.parameters().get(i).data());
            differs |= !java.util.Arrays.equals(avg.get(i).data(), averaged.parameters().get(i).data());
        }
        assertThat(differs).isTrue();
    }

    /**
     * With a weight average: a resumed run restores it bit for bit (the best model saved is the
     * average, so stopped and straight runs save the same file); a checkpoint without one starts
     * it on resuming (logged); a different decay is refused.
     */
    @Test
    void weightAverageResumesExactly(@TempDir Path a, @TempDir Path b, @TempDir Path c) throws Exception {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        ExampleMaker maker = new ExampleMaker(ARRAY, tiny.timePoolRatio());
        TrainOptions opt = options(2, 2, 2).withAverageDecay(0.5);
        Trainer straight = new Trainer(tiny, opt, new NoiseClips(0.5), maker, validator(maker), a, "test");
        straight.setProgress(null);
        straight.run(3);
        Trainer first = new Trainer(tiny, opt, new NoiseClips(0.5), maker, validator(maker), b, "test");
        first.setProgress(null);
        first.run(1);
        assertThat(Checkpoint.read(b.resolve(Trainer.CHECKPOINT)).averageDecay()).isEqualTo(0.5);
        Trainer second = new Trainer(tiny, opt, new NoiseClips(0.5), maker, validator(maker), b, "test");
        second.setProgress(null);
        second.resume(b.resolve(Trainer.CHECKPOINT));
        second.run(2);
        List<Tensor> p = straight.averagedNetwork().parameters(), q = second.averagedNetwork().parameters();
        for (int i = 0; i < p.size(); i++) {
            assertThat(q.get(i).data()).as("parameter %d", i).containsExactly(p.get(i).data());
        }
        // the epoch ended at step 2 in both runs: the best model is the average, with its validation
        assertThat(Files.readAllBytes(b.resolve(Trainer.BEST))).isEqualTo(Files.readAllBytes(a.resolve(Trainer.BEST)));
        assertThat(ipdnet2.nn.io.WeightFiles.read(b.resolve(Trainer.BEST)).metadata())
                .containsEntry("weight_average_decay", "0.5");
        assertThat(Files.readAllLines(b.resolve(Trainer.LOG))).anyMatch(l -> l.contains("\"avg_val_mdr\""));

        Trainer other = new Trainer(tiny, options(2, 2, 2).withAverageDecay(0.9), new NoiseClips(0.5), maker, null, b, "test");
        assertThatThrownBy(() -> other.resume(b.resolve(Trainer.CHECKPOINT))).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("decay 0.5").hasMessageContaining("--weight-average 0.5");

        // a run without an average, resumed with one: it starts from the resumed weights
        Trainer without = new Trainer(tiny, options(2, 2, 2), new NoiseClips(0.5), maker, null, c, "test");
        without.setProgress(null);
        without.run(1);
        Trainer with = new Trainer(tiny, opt, new NoiseClips(0.5), maker, null, c, "test");
        with.setProgress(null);
        with.resume(c.resolve(Trainer.CHECKPOINT));
        List<float[]> resumed = new ArrayList<>();
        for (Tensor t : with.parameters()) resumed.add(t.data().clone());
        with.run(1);
        List<Tensor> avg = with.averagedNetwork().parameters(), w = with.parameters();
        for (int i = 0; i < avg.size(); i++) {
            float[] e = resumed.get(i).clone(), x = w.get(i).data();
            for (int j = 0; j < e.length; j++) e[j] = Math.fma(0.5f, x[j] - e[j], e[j]);
            assertThat(avg.get(i).data()).as("parameter %d", i).containsExactly(e);
        }
        assertThat(Files.readString(c.resolve(Trainer.LOG))).contains("{\"type\":\"weight_average_started\",\"step\":1,\"decay\":0.5}");
    }
}
