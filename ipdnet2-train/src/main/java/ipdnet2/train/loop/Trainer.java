package ipdnet2.train.loop;

import ipdnet2.dsp.io.IoErrors;
import ipdnet2.nn.Pointwise;
import ipdnet2.nn.StepArena;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.IPDnet2Config;
import ipdnet2.nn.model.PitMseLoss;
import ipdnet2.nn.io.WeightFileException;
import ipdnet2.nn.io.WeightFiles;
import ipdnet2.nn.io.WeightSet;
import ipdnet2.nn.model.Weights;
import ipdnet2.nn.optim.AdamW;
import ipdnet2.nn.optim.ExponentialDecay;
import ipdnet2.nn.optim.GradClip;
import ipdnet2.nn.optim.WeightAverage;
import ipdnet2.train.data.ClipSource;
import ipdnet2.train.data.ExampleMaker;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training loop of §5: per step a batch of clips (prepared in the background), the network's
 * forward pass, the frame-level PIT-MSE loss (§2), backward, global-norm clipping and an AdamW
 * update; after each epoch the learning rate decays, the validation set is scored and a
 * checkpoint written; the best model by validation loss is kept as safetensors.
 *
 * <p>Files in the output folder: {@code checkpoint.ckpt} (latest state, also every
 * {@code checkpointEvery} steps), {@code best.safetensors} (the latest model when there is no
 * validation set), {@code train.jsonl} (a line per
 * epoch and per {@code checkpointEvery} steps). A progress line per step goes to stderr.
 *
 * <p>With {@link TrainOptions#averageDecay()} set, an exponential moving average of the weights is
 * updated after every step (from the weights the run starts with); each epoch validates both the
 * raw weights and the average, and the average is the candidate for the best model.
 *
 * <p>Resuming from a checkpoint continues exactly: the data of step g depend only on the seed and
 * g, and parameters, optimiser moments, step counts, learning rate, counters and the weight
 * average are restored bit for bit.
 */
public final class Trainer {
    /** File names in the output folder. */
    public static final String CHECKPOINT = "checkpoint.ckpt", BEST = "best.safetensors", LOG = "train.jsonl";

    private final IPDnet2 net;
    /** Copies of {@link #net} for the parts of a batch after the first (see {@link #step}). */
    private final IPDnet2[] replicas;
    private final TrainOptions options;
    private final ClipSource source;
    private final ExampleMaker maker;
    private final Validator validator;
    private final Path out;
    private final String recipe;
    private final AdamW optimizer;
    private final ExponentialDecay schedule;
    private final PitMseLoss loss = new PitMseLoss(ExampleMaker.TRACKS);
    private final JsonlLog log;
    private PrintStream progress = System.err;

    /** The moving average of the weights (null: none kept, or not started yet). */
    private WeightAverage average;
    /** A network holding the average's weights for validation and saving (made when first needed). */
    private IPDnet2 averagedNet;

    private long globalStep;
    /** Where the starting weights came from, when not from the seed (see {@link #startFrom}). */
    private String initialWeights;
    /** The data recipe that made the starting weights, when their file records one. */
    private String initialRecipe;
    private double bestValLoss = Double.POSITIVE_INFINITY;
    private ValidationResult lastValidation;

    /**
     * A new run: weights initialised from {@code options.seed()}.
     *
     * @param validator scores each epoch (may be null: no validation, no best model)
     * @param recipe    describes the data, stored in checkpoints and model metadata
     */
    public Trainer(IPDnet2Config config, TrainOptions options, ClipSource source, ExampleMaker maker,
                   Validator validator, Path out, String recipe) {
        this.net = new IPDnet2(config, options.seed());
        this.replicas = new IPDnet2[options.replicas() - 1];
        for (int r = 0; r < replicas.length; r++) replicas[r] = new IPDnet2(config);
        this.options = options;
        this.source = source;
        this.maker = maker;
        this.validator = validator;
        this.out = out;
        this.recipe = recipe;
        this.optimizer = new AdamW(net.parameters(), options.learningRate(), 0.9, 0.999, 1e-8, options.weightDecay());
        this.schedule = new ExponentialDecay(optimizer, options.decay());
        this.log = new JsonlLog(out.resolve(LOG));
        if (source.mics() != config.mics() || maker.mics() != config.mics()) {
            throw new IllegalArgumentException("the data have " + source.mics() + " microphones, the model expects "
                    + config.mics());
        }
    }

    /** Where progress lines go (stderr by default; null for none). */
    public void setProgress(PrintStream p) {
        this.progress = p;
    }

    public IPDnet2 network() {
        return net;
    }

    public long globalStep() {
        return globalStep;
    }

    public ValidationResult lastValidation() {
        return lastValidation;
    }

    /**
     * A new run that starts from the weights in {@code file} instead of the seeded initial ones
     * (fine-tuning, or the second stage of a staged recipe); the optimiser starts afresh. The file
     * is a model (safetensors or PyTorch) or a training checkpoint ({@value #CHECKPOINT}, whose
     * weights are taken) of this run's model configuration. Recorded as {@code init_weights} (and
     * the recipe that made them, when the file records one, as {@code init_data_recipe}) in
     * checkpoints and in the best model's metadata.
     *
     * @throws IOException if the file cannot be read or holds another configuration
     */
    public void startFrom(Path file) throws IOException {
        if (globalStep != 0) throw new IllegalStateException("starting weights can only be set before the first step");
        Map<String, String> meta = loadWeights(net, file);
        String step = savedAtStep(file, meta);
        initialRecipe = meta.get("data_recipe");
        initialWeights = file.getFileName() + (step == null ? "" : " (saved at step " + step + ")");
    }

    /**
     * The training step at which a model file or checkpoint was saved, from the metadata
     * {@link #loadWeights} returned for it (null when the file does not record one).
     */
    public static String savedAtStep(Path file, Map<String, String> meta) {
        return meta.get(isCheckpoint(file) ? "global_step" : "steps");
    }

    /**
     * Reads {@code file} and checks that {@link #startFrom} can start a run of {@code config}
     * from it (so that a command can refuse a wrong file before it prepares any data).
     *
     * @throws IOException naming what is wrong
     */
    public static void checkStartingWeights(IPDnet2Config config, Path file) throws IOException {
        loadWeights(new IPDnet2(config), file);
    }

    private static boolean isCheckpoint(Path file) {
        return file.getFileName().toString().endsWith(".ckpt");
    }

    /**
     * Copies the weights of a model file (safetensors or PyTorch) or checkpoint into {@code net}
     * after checking that they are of its configuration (nothing is copied otherwise); returns
     * the file's metadata.
     *
     * @throws IOException naming the file and what is wrong
     */
    public static Map<String, String> loadWeights(IPDnet2 net, Path file) throws IOException {
        return loadWeights(net, file, false);
    }

    /**
     * As {@link #loadWeights(IPDnet2, Path)}; with {@code average}, a checkpoint's weight average
     * is copied instead of its raw weights (a checkpoint without one, or a model file, is refused).
     */
    public static Map<String, String> loadWeights(IPDnet2 net, Path file, boolean average) throws IOException {
        Map<String, String> ours = net.config().toMetadata();
        if (average && !isCheckpoint(file)) {
            throw new CheckpointException(file, "is not a training checkpoint, so it holds no separate weight average");
        }
        if (isCheckpoint(file)) {
            Checkpoint c = Checkpoint.read(file);
            for (Map.Entry<String, String> e : ours.entrySet()) {
                if (!e.getValue().equals(c.meta().get(e.getKey()))) {
                    throw new CheckpointException(file, "it holds another model: " + e.getKey() + " is "
                            + c.meta().get(e.getKey()) + ", the model trained has " + e.getValue());
                }
            }
            if (average) c.restoreAverageWeights(file, net);
            else c.restoreWeights(file, net);
            return c.meta();
        }
        WeightSet set = WeightFiles.read(file);
        try {
            Map<String, String> theirs = Weights.configOf(set, net.config().timePoolLayer()).toMetadata();
            if (!theirs.equals(ours)) {
                throw new IllegalArgumentException("it holds another model (" + theirs + ") than the one trained (" + ours + ")");
            }
            Weights.copyInto(net, set);
        } catch (IllegalArgumentException e) {
            throw new WeightFileException(file, e.getMessage());
        }
        return set.metadata();
    }

    /**
     * Restores the state of {@code file} (written by a run with the same model configuration,
     * seed, batch and steps per epoch). Epochs may be raised to train longer.
     */
    public void resume(Path file) {
        resume(file, false);
    }

    /**
     * {@link #resume(Path)}; with {@code otherReplicas}, a checkpoint written with another replica
     * count is accepted too: the run goes on from the same state, only the float rounding of
     * the updates (the order in which the parts' gradients are added) differs from then on, and
     * the change is logged in {@value #LOG}.
     */
    public void resume(Path file, boolean otherReplicas) {
        Checkpoint c = Checkpoint.read(file);
        Map<String, String> m = c.meta();
        Map<String, String> cfg = net.config().toMetadata();
        for (Map.Entry<String, String> e : cfg.entrySet()) {
            if (!e.getValue().equals(m.get(e.getKey()))) {
                throw new CheckpointException(file, "model configuration differs: " + e.getKey() + " is " + m.get(e.getKey())
                        + " in the checkpoint, " + e.getValue() + " requested");
            }
        }
        expect(file, m, "seed", Long.toString(options.seed()));
        expect(file, m, "batch", Integer.toString(options.batch()));
        expect(file, m, "steps_per_epoch", Integer.toString(options.stepsPerEpoch()));
        // a checkpoint from before the option names no count: it goes on with the one asked for
        String replicasBefore = m.get("replicas");
        boolean replicasChange = replicasBefore != null && !replicasBefore.equals(Integer.toString(options.replicas()));
        if (replicasChange && !otherReplicas) expect(file, m, "replicas", Integer.toString(options.replicas()));
        double decayBefore = c.averageDecay();
        if (decayBefore != 0 && decayBefore != options.averageDecay()) {
            throw new CheckpointException(file, "it keeps a weight average of decay " + decayBefore + ", "
                    + (options.averageDecay() == 0 ? "none" : "decay " + options.averageDecay()) + " requested"
                    + " (resume with --weight-average " + decayBefore + ")");
        }
        checkCounters(file, m);
        c.restore(file, net, optimizer);
        if (decayBefore != 0) {
            average = new WeightAverage(net.parameters(), decayBefore);
            c.restoreAverage(file, average);
        }
        try {
            globalStep = Long.parseLong(m.get("global_step"));
            optimizer.setLearningRate(Double.parseDouble(m.get("learning_rate")));
            schedule.setEpoch(Integer.parseInt(m.get("schedule_epoch")));
            bestValLoss = Double.parseDouble(m.getOrDefault("best_val_loss", "Infinity"));
            initialWeights = m.get("init_weights");
            initialRecipe = m.get("init_data_recipe");
        } catch (RuntimeException e) {
            throw new CheckpointException(file, "bad training counters: "
                    + (e instanceof NumberFormatException n ? IoErrors.notANumber(n) : "a counter is missing"));
        }
        if (replicasChange) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("type", "replicas_changed");
            rec.put("step", globalStep);
            rec.put("from", Integer.parseInt(replicasBefore));
            rec.put("to", options.replicas());
            log.append(rec);
        }
    }

    /**
     * {@link #resume} from another run's checkpoint, for a branch of that run in this trainer's
     * folder: the same state, but the best model kept here is the best of the branch's own
     * validations (the run's earlier best is in the other folder). Logged in {@value #LOG}.
     */
    public void branchFrom(Path file, boolean otherReplicas) {
        resume(file, otherReplicas);
        // a branch with no step to run would leave a folder with a log and no model
        if (globalStep >= (long) options.epochs() * options.stepsPerEpoch()) {
            throw new IllegalStateException(file + " is at step " + globalStep + ", the end of " + options.epochs()
                    + " epochs: a branch from it needs --epochs above " + options.epochs());
        }
        bestValLoss = Double.POSITIVE_INFINITY;
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("type", "branched");
        rec.put("step", globalStep);
        rec.put("from", file.toString());
        log.append(rec);
    }

    /**
     * The training counters must agree with each other (a checksum-valid file can still have been
     * edited): global_step at least 0, next_clip = global_step × batch and epoch = global_step /
     * steps_per_epoch where present, the epoch within the run's epochs, and the learning-rate
     * schedule's epoch within 0..epochs. Anything else is a corrupt checkpoint.
     */
    private void checkCounters(Path file, Map<String, String> m) {
        long step;
        try {
            step = Long.parseLong(m.get("global_step"));
            if (step < 0) throw new CheckpointException(file, "corrupt: global_step " + step + " is negative");
            long epoch = step / options.stepsPerEpoch();
            if (m.containsKey("next_clip") && Long.parseLong(m.get("next_clip")) != step * options.batch()) {
                throw new CheckpointException(file, "corrupt: next_clip " + m.get("next_clip") + " does not match global_step "
                        + step + " × batch " + options.batch());
            }
            if (m.containsKey("epoch") && Long.parseLong(m.get("epoch")) != epoch) {
                throw new CheckpointException(file, "corrupt: epoch " + m.get("epoch") + " does not match global_step "
                        + step + " / steps_per_epoch " + options.stepsPerEpoch());
            }
            if (m.containsKey("epochs")) {
                long epochs = Long.parseLong(m.get("epochs"));
                if (epoch > epochs) {
                    throw new CheckpointException(file, "corrupt: epoch " + epoch + " is beyond the run's " + epochs + " epochs");
                }
                long scheduled = Long.parseLong(m.get("schedule_epoch"));
                if (scheduled < 0 || scheduled > epochs) {
                    throw new CheckpointException(file, "corrupt: schedule_epoch " + scheduled + " is outside 0.." + epochs);
                }
            }
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, "bad training counters: " + IoErrors.notANumber(e));
        }
    }

    private static void expect(Path file, Map<String, String> m, String key, String value) {
        if (!value.equals(m.get(key))) {
            throw new CheckpointException(file, key + " is " + m.get(key) + " in the checkpoint, " + value + " requested");
        }
    }

    /** Trains to the end of the last epoch. */
    public void run() throws InterruptedException {
        run(Long.MAX_VALUE);
    }

    /**
     * Trains at most {@code maxSteps} more steps (stopping early at the end of the last epoch);
     * checkpoints every epoch, every {@code checkpointEvery} steps and when stopping.
     */
    public void run(long maxSteps) throws InterruptedException {
        long total = (long) options.epochs() * options.stepsPerEpoch();
        long last = Math.min(total, globalStep + Math.min(maxSteps, total));
        if (globalStep >= last) return;
        StepRate rate = new StepRate(RATE_WINDOW, System.nanoTime());
        try (BatchPrefetcher data = new BatchPrefetcher(source, maker, options.seed(), options.batch(), globalStep,
                last - globalStep, options.prefetch())) {
            while (globalStep < last) {
                Batch batch = data.next();
                if (batch.index() != globalStep) throw new IllegalStateException("batch " + batch.index() + " at step " + globalStep);
                StepResult r = step(batch);
                globalStep++;
                int epoch = (int) ((globalStep - 1) / options.stepsPerEpoch());
                int inEpoch = (int) ((globalStep - 1) % options.stepsPerEpoch()) + 1;
                rate.step(System.nanoTime());
                report(epoch, inEpoch, r, rate.secondsPerStep(), last);
                boolean epochEnd = inEpoch == options.stepsPerEpoch();
                if (options.checkpointEvery() > 0 && globalStep % options.checkpointEvery() == 0 && !epochEnd) {
                    logStep(epoch, r);
                    saveCheckpoint();
                }
                if (epochEnd) endEpoch(epoch, r);
            }
        }
        if (globalStep % options.stepsPerEpoch() != 0) saveCheckpoint();
    }

    /** Loss and gradient norm of one step. */
    public record StepResult(double loss, double gradNorm) {
    }

    /**
     * One optimiser step on {@code batch}: forward, PIT loss and backward of each part of the
     * batch, global-norm clipping, AdamW. With R replicas the batch is cut into R parts computed
     * side by side, part r on the network (r = 0) or on its copy {@code replicas[r − 1]}, each
     * with its ops on one thread: the ops of a training step synchronise often on small tensors,
     * so whole parts in parallel keep the cores busier than each op split across them. The copies'
     * gradients are then added to the network's in part order, so the update depends on R and
     * never on the thread count. A loss or gradient that is not finite stops the step before the
     * update, with an {@link IllegalStateException} that says so.
     */
    public StepResult step(Batch batch) {
        startAverage();
        optimizer.zeroGrad();
        int n = batch.size();
        int parts = Math.min(replicas.length + 1, n);
        List<Tensor> params = net.parameters();
        for (int r = 1; r < parts; r++) {
            List<Tensor> copy = replicas[r - 1].parameters();
            for (int i = 0; i < params.size(); i++) {
                float[] src = params.get(i).data();
                System.arraycopy(src, 0, copy.get(i).data(), 0, src.length);
            }
            replicas[r - 1].zeroGrad();
        }
        double[] losses = new double[parts];
        Parallel.forRange(parts, 1, (from, to) -> {
            for (int r = from; r < to; r++) {
                losses[r] = accumulate(r == 0 ? net : replicas[r - 1], batch, n * r / parts, n * (r + 1) / parts);
            }
        });
        double value = 0;
        for (int r = 0; r < parts; r++) value += losses[r];
        for (int r = 1; r < parts; r++) {
            List<Tensor> copy = replicas[r - 1].parameters();
            for (int i = 0; i < params.size(); i++) {
                float[] g = params.get(i).grad(), c = copy.get(i).grad();
                if (g == null || c == null) continue;
                for (int j = 0; j < g.length; j++) g[j] += c[j];
            }
        }
        double norm = GradClip.clipGradNorm(params, options.clipNorm());
        // A NaN or infinity here (bad input that got past the data checks, or divergence) would
        // spread through AdamW's moments into every weight and then into the checkpoints, so the
        // step stops before the update: the weights and the last checkpoint stay as they were.
        if (!Double.isFinite(value) || !Double.isFinite(norm)) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "step %d: the loss is %s and the gradient norm %s; the weights were not updated and the last checkpoint stands",
                    globalStep + 1, value, norm));
        }
        optimizer.step();
        if (average != null) average.update();
        return new StepResult(value, norm);
    }

    /**
     * Starts the weight average from the current weights if the options ask for one and there is
     * none yet: at the first step of a run, or of a run resumed from a checkpoint without one
     * (logged, since the average then covers only the steps from there).
     */
    private void startAverage() {
        if (average != null || options.averageDecay() == 0) return;
        average = new WeightAverage(net.parameters(), options.averageDecay());
        if (globalStep > 0) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("type", "weight_average_started");
            rec.put("step", globalStep);
            rec.put("decay", options.averageDecay());
            log.append(rec);
        }
    }

    /** Whether the run keeps a weight average now (restored from a checkpoint, or started by a step). */
    public boolean keepsWeightAverage() {
        return average != null;
    }

    /** The network holding the current weight average (null if none is kept). */
    public IPDnet2 averagedNetwork() {
        if (average == null) return null;
        if (averagedNet == null) averagedNet = new IPDnet2(net.config());
        average.copyTo(averagedNet.parameters());
        return averagedNet;
    }

    /**
     * Forward, loss and backward of clips [from, to) of the batch on {@code model}, in
     * micro-batches if so configured, each loss weighted by its share of the whole batch so the
     * accumulated gradient is that of the batch mean; returns the weighted loss.
     */
    private double accumulate(IPDnet2 model, Batch batch, int from, int to) {
        int n = batch.size();
        int chunk = options.microBatch() == 0 ? to - from : Math.min(to - from, options.microBatch());
        double value = 0;
        for (int lo = from; lo < to; lo += chunk) {
            int hi = Math.min(to, lo + chunk);
            Batch part = hi - lo == n ? batch : batch.slice(lo, hi);
            // Nothing of this graph is read after its backward, so the next part on this thread
            // may reuse its activations' storage.
            try (StepArena.Scope arena = StepArena.open()) {
                Tensor pred = model.forward(part.features());
                Tensor l = loss.apply(pred, part.targets());
                double share = (double) (hi - lo) / n;
                value += l.item() * share;
                (hi - lo == n ? l : Pointwise.scale(l, (float) share)).backward();
            }
        }
        return value;
    }

    /** Steps over which the progress line's speed is measured (see {@link StepRate}). */
    static final int RATE_WINDOW = 100;

    private void report(int epoch, int inEpoch, StepResult r, double perStep, long last) {
        if (progress == null) return;
        double eta = perStep * (last - globalStep);
        progress.printf(Locale.ROOT, "epoch %d/%d step %d/%d  loss %.5f  |g| %.3f  lr %.3e  %.2f ex/s  ETA %s%n",
                epoch + 1, options.epochs(), inEpoch, options.stepsPerEpoch(), r.loss(), r.gradNorm(),
                optimizer.learningRate(), options.batch() / perStep, duration(eta));
        progress.flush();
    }

    private static String duration(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }

    private void logStep(int epoch, StepResult r) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("type", "step");
        rec.put("epoch", epoch + 1);
        rec.put("step", globalStep);
        rec.put("loss", r.loss());
        rec.put("grad_norm", r.gradNorm());
        rec.put("lr", optimizer.learningRate());
        log.append(rec);
    }

    private void endEpoch(int epoch, StepResult r) {
        double lr = optimizer.learningRate();
        schedule.epochEnd();
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("type", "epoch");
        rec.put("epoch", epoch + 1);
        rec.put("step", globalStep);
        rec.put("train_loss", r.loss());
        rec.put("lr", lr);
        // The last step's activations are dead: drop them rather than keep them beside the validation.
        StepArena.releaseAll();
        if (validator != null && validator.size() > 0) {
            ValidationResult v = validator.evaluate(net);
            lastValidation = v;
            putValidation(rec, "val_", v);
            if (progress != null) {
                progress.printf(Locale.ROOT, "epoch %d validation: loss %.5f  MDR %.2f%%  FAR %.2f%%  MAE %.2f°  (%d clips)%n",
                        epoch + 1, v.loss(), 100 * v.mdr(), 100 * v.far(), v.mae(), v.clips());
                StringBuilder pairs = new StringBuilder("  pair errors, own / reflected talker:");
                for (int p = 0; p < v.pairOwn().length; p++) {
                    pairs.append(String.format(Locale.ROOT, "  0-%d %.4f / %.4f", p + 1, v.pairOwn()[p], v.pairReflected()[p]));
                }
                progress.println(pairs);
            }
            // The candidate for the best model: the weight average when one is kept, else the weights.
            IPDnet2 candidate = net;
            ValidationResult cv = v;
            IPDnet2 avg = averagedNetwork();
            if (avg != null) {
                candidate = avg;
                cv = validator.evaluate(avg);
                putValidation(rec, "avg_val_", cv);
                if (progress != null) {
                    progress.printf(Locale.ROOT, "epoch %d validation of the weight average: loss %.5f  MDR %.2f%%  FAR %.2f%%  MAE %.2f°%n",
                            epoch + 1, cv.loss(), 100 * cv.mdr(), 100 * cv.far(), cv.mae());
                }
            }
            if (cv.loss() < bestValLoss) {
                bestValLoss = cv.loss();
                saveBest(epoch, cv, candidate);
                rec.put("best", true);
            }
        } else {
            // Without a validation set the latest model (or average) stands in for the best one.
            IPDnet2 avg = averagedNetwork();
            saveBest(epoch, null, avg != null ? avg : net);
        }
        log.append(rec);
        saveCheckpoint();
    }

    /** A validation's figures in a log record, under {@code prefix} + loss, mdr, far, mae, acc, pair_own, pair_reflected. */
    private static void putValidation(Map<String, Object> rec, String prefix, ValidationResult v) {
        rec.put(prefix + "loss", v.loss());
        rec.put(prefix + "mdr", v.mdr());
        rec.put(prefix + "far", v.far());
        rec.put(prefix + "mae", v.mae());
        rec.put(prefix + "acc", v.acc());
        rec.put(prefix + "pair_own", asList(v.pairOwn()));
        rec.put(prefix + "pair_reflected", asList(v.pairReflected()));
    }

    /** Writes the current weights as the best model after {@code epoch}, as an epoch without validation does. */
    void saveBest(int epoch) {
        saveBest(epoch, null, net);
    }

    private void saveBest(int epoch, ValidationResult v, IPDnet2 model) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("data_recipe", recipe);
        meta.put("epoch", Integer.toString(epoch + 1));
        meta.put("epochs", Integer.toString(options.epochs()));
        meta.put("steps", Long.toString(globalStep));
        meta.put("steps_per_epoch", Integer.toString(options.stepsPerEpoch()));
        meta.put("batch", Integer.toString(options.batch()));
        meta.put("seed", Long.toString(options.seed()));
        if (initialWeights != null) meta.put("init_weights", initialWeights);
        if (initialRecipe != null) meta.put("init_data_recipe", initialRecipe);
        if (model != net) {
            meta.put("weights", "exponential moving average of the training weights");
            meta.put("weight_average_decay", Double.toString(average.decay()));
        }
        if (v != null) {
            meta.put("val_loss", Double.toString(v.loss()));
            meta.put("val_mdr", Double.toString(v.mdr()));
            meta.put("val_far", Double.toString(v.far()));
            meta.put("val_mae", Double.toString(v.mae()));
            meta.put("val_acc", Double.toString(v.acc()));
            meta.put("val_clips", Integer.toString(v.clips()));
        }
        Path best = out.resolve(BEST);
        try {
            Files.createDirectories(out);
            if (Files.isDirectory(best)) throw new IOException("it is a folder");
            // written to a temporary file and renamed (through a symbolic link, at its target), so
            // a failed write leaves the last good model as it was
            Weights.save(model, best, meta);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot write the best model to " + best + ": " + IoErrors.problem(e), e));
        }
    }

    /** For the log: non-finite values (no talker frames) become null, as {@link JsonlLog} does. */
    private static List<Double> asList(double[] x) {
        List<Double> list = new java.util.ArrayList<>(x.length);
        for (double v : x) list.add(Double.isFinite(v) ? v : null);
        return list;
    }

    /** Writes the full training state to {@code checkpoint.ckpt}. */
    public void saveCheckpoint() {
        Map<String, String> meta = new LinkedHashMap<>(net.config().toMetadata());
        meta.put("global_step", Long.toString(globalStep));
        meta.put("epoch", Long.toString(globalStep / options.stepsPerEpoch()));
        meta.put("step_in_epoch", Long.toString(globalStep % options.stepsPerEpoch()));
        meta.put("learning_rate", Double.toString(optimizer.learningRate()));
        meta.put("schedule_epoch", Integer.toString(schedule.epoch()));
        meta.put("best_val_loss", Double.toString(bestValLoss));
        // The data RNG state: every clip is drawn from Seeds.of(seed, 0, index), index = step·batch + i.
        meta.put("seed", Long.toString(options.seed()));
        meta.put("next_clip", Long.toString(globalStep * options.batch()));
        meta.put("batch", Integer.toString(options.batch()));
        meta.put("replicas", Integer.toString(options.replicas()));
        meta.put("steps_per_epoch", Integer.toString(options.stepsPerEpoch()));
        meta.put("epochs", Integer.toString(options.epochs()));
        meta.put("data_recipe", recipe);
        if (initialWeights != null) meta.put("init_weights", initialWeights);
        if (initialRecipe != null) meta.put("init_data_recipe", initialRecipe);
        try {
            Checkpoint.save(out.resolve(CHECKPOINT), net, optimizer, average, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + out.resolve(CHECKPOINT) + ": " + e.getMessage(), e);
        }
    }

    /** Parameters in order, for tests and tools. */
    public List<Tensor> parameters() {
        return net.parameters();
    }
}
