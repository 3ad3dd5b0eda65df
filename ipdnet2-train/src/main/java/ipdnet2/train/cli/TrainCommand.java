package ipdnet2.train.cli;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.SampleChecks;
import ipdnet2.dsp.io.IoErrors;
import ipdnet2.dsp.sim.SceneConfig;
import ipdnet2.dsp.sim.SourceSignals;
import ipdnet2.dsp.sim.SpeechDirectory;
import ipdnet2.dsp.sim.SpeechShapedNoise;
import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.model.IPDnet2Config;
import ipdnet2.train.Command;
import ipdnet2.train.CommandLine;
import ipdnet2.train.UsageException;
import ipdnet2.train.data.Clip;
import ipdnet2.train.data.ClipSource;
import ipdnet2.train.data.ExampleMaker;
import ipdnet2.train.data.Seeds;
import ipdnet2.train.data.SimulatedRooms;
import ipdnet2.train.data.StoredSet;
import ipdnet2.train.data.ValidationSet;
import ipdnet2.train.loop.Batch;
import ipdnet2.train.loop.TrainOptions;
import ipdnet2.train.loop.Checkpoint;
import ipdnet2.train.loop.Trainer;
import ipdnet2.train.loop.Validator;
import ipdnet2.train.realman.RealmanMixer;
import ipdnet2.train.realman.RealmanSplit;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * The {@code train} command: trains IPDnet2 on RealMAN mixtures, on simulated rooms made on the
 * fly, or on stored simulated sets (§5), resumable, with per-epoch validation; or, with
 * {@code --bench-steps}, measures the step time and peak heap.
 */
public final class TrainCommand implements Command {
    private static final Set<String> VALUED = Set.of("realman", "train-set", "val-set", "model", "out", "epochs",
            "steps-per-epoch", "batch", "lr", "lr-decay", "weight-decay", "clip-norm", "seed", "checkpoint-every",
            "seconds", "channels", "val-clips", "val-split", "train-split", "single-share", "snr", "rt60",
            "moving-share", "speech-dir", "threads", "bench-steps", "prefetch", "micro-batch",
            "replicas", "init-weights", "weight-average", "branch-from");
    private static final Set<String> BARE = Set.of("simulate", "resume", "quiet", "change-replicas");

    /**
     * Runs the train command on its own ({@code java -cp ipdnet2-train.jar ipdnet2.train.cli.TrainCommand
     * [options]}), exiting with the status of {@link #execute}.
     */
    public static void main(String[] args) {
        int status = execute(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs with command-line handling: {@code --help} prints the options; bad arguments give a
     * one-line message and status 2, failures (missing data, corrupt checkpoint, ...) a one-line
     * message and status 1, never a stack trace.
     */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        TrainCommand c = new TrainCommand();
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            out.print(c.help());
            return 0;
        }
        try {
            return c.run(args, out, err);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("run with --help for the options");
            return 2;
        } catch (Exception e) {
            err.println("error: train failed: " + IoErrors.describe(e));
            return 1;
        }
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train IPDnet2 on RealMAN or simulated rooms (the default command)";
    }

    @Override
    public String help() {
        return String.join("\n",
                "usage: train (--realman DIR | --simulate | --train-set DIR --val-set DIR) --out DIR [options]",
                "",
                "Trains IPDnet2 with the frame-level PIT-MSE loss, AdamW, per-epoch learning-rate decay and",
                "gradient clipping. Writes OUT/checkpoint.ckpt (every epoch and every --checkpoint-every",
                "steps), OUT/best.safetensors (best validation loss, with training metadata) and",
                "OUT/train.jsonl (a line per epoch and per --checkpoint-every steps); a progress line per",
                "step goes to stderr. A fixed validation set is made once and cached in OUT/validation.clips.",
                "",
                "data (exactly one):",
                "  --realman DIR          RealMAN root with train/ and val/ in the dataset's layout; training",
                "                         mixtures are made on the fly (30% one source, four overlap",
                "                         strategies, recorded noise at --snr), validation mixtures of two",
                "                         speakers of one scene with recorded noise of that scene",
                "  --simulate             simulated rooms drawn on the fly (scene options below)",
                "  --train-set DIR        a set written by simulate-set, clips drawn at random",
                "  --val-set DIR          a set written by simulate-set used whole for validation",
                "                         (with --realman or --simulate it replaces the made validation set)",
                "",
                "model and output:",
                "  --model NAME           tiny, small or large (default small)",
                "  --out DIR              output folder (required; created if missing)",
                "  --resume               continue from OUT/checkpoint.ckpt exactly where it stopped",
                "  --branch-from FILE     continue the run of checkpoint FILE in the new folder OUT, exactly",
                "                         as --resume would (weights, optimiser, step, weight average,",
                "                         learning rate), leaving FILE's run as it is: e.g. a branch that",
                "                         anneals the learning rate (--lr-decay 0.5) to make a model file;",
                "                         OUT's best model is the best of the branch's own epochs",
                "  --init-weights FILE    start from these weights (safetensors, PyTorch, or the weights of a",
                "                         training checkpoint .ckpt; the same model as --model)",
                "                         instead of the seeded initial ones: fine-tuning, or the second",
                "                         stage of a staged recipe; the optimiser starts afresh",
                "",
                "optimisation (defaults: the paper's recipe):",
                "  --epochs N             epochs (default 80)",
                "  --steps-per-epoch N    optimiser steps per epoch (default 1000)",
                "  --batch N              clips per step (default 16)",
                "  --lr X                 initial AdamW learning rate (default 5e-4)",
                "  --lr-decay X           learning-rate factor after each epoch (default 0.975)",
                "  --weight-decay X       AdamW weight decay (default 0.01)",
                "  --clip-norm X          gradient-norm clipping threshold (default 5)",
                "  --seed S               seed of the initial weights and of all data (default 1)",
                "  --checkpoint-every N   also checkpoint and log every N steps (default 200; 0: per epoch only)",
                "  --prefetch N           batches prepared ahead in the background (default 2)",
                "  --micro-batch N        clips per forward/backward pass, gradients accumulated over the",
                "                         batch (same update, less memory; default 0: the whole batch)",
                "  --replicas N           parts of each batch computed side by side, each on its own copy",
                "                         of the network on one thread (default 8, or the batch if smaller:",
                "                         small parts keep each copy's activations in cache). The update",
                "                         depends on N, never on --threads; a resumed run must use the same N",
                "  --change-replicas      with --resume: accept a checkpoint made with another --replicas",
                "                         (the updates' float rounding changes from there; logged)",
                "  --threads N            compute threads (default: all cores)",
                "  --weight-average B     keep an exponential moving average of the weights, decay B per",
                "                         step (0.999 averages over about the last 1,000 steps), and",
                "                         validate and save that as the best model: it smooths out the",
                "                         step-to-step noise of the updates and usually scores better than",
                "                         the raw weights (default 0: none, as in the paper's recipe). A",
                "                         resumed run keeps the checkpoint's average; one started with",
                "                         --resume from a checkpoint without one starts it there",
                "",
                "data options:",
                "  --seconds T            clip length in seconds (default 4)",
                "  --channels LIST        RealMAN channels, reference first (default 1,3,5,7,0)",
                "  --train-split NAME     RealMAN training split folder (default train)",
                "  --val-split NAME       RealMAN validation split folder (default val)",
                "  --val-clips N          clips in the made validation set (default 200)",
                "  --single-share P       share of one-source training clips (default 0.3)",
                "  --snr LO:HI            training SNR range in dB (default -5:15)",
                "  --rt60 LO:HI           --simulate: RT60 range in seconds (default 0.2:1.3)",
                "  --moving-share P       --simulate: share of moving talkers (default 0.5)",
                "  --speech-dir DIR       --simulate: dry speech files (default speech-shaped noise)",
                "",
                "measurement:",
                "  --bench-steps N        run N training steps on one batch and report the time per step and",
                "                         the peak heap, then exit (no files written)",
                "  --quiet                no progress lines",
                "");
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        CommandLine cl = new CommandLine(args, VALUED, BARE);
        int sources = (cl.has("realman") ? 1 : 0) + (cl.flag("simulate") ? 1 : 0) + (cl.has("train-set") ? 1 : 0);
        if (sources != 1) throw new UsageException("give exactly one of --realman DIR, --simulate, --train-set DIR");
        if (cl.has("train-set") && !cl.has("val-set")) throw new UsageException("--train-set needs --val-set");
        // an option of another data source would be silently ignored (and never checked)
        for (String o : List.of("rt60", "moving-share", "speech-dir")) {
            if (cl.has(o) && !cl.flag("simulate")) throw new UsageException("--" + o + " applies only to --simulate");
        }
        for (String o : List.of("channels", "train-split", "val-split")) {
            if (cl.has(o) && !cl.has("realman")) throw new UsageException("--" + o + " applies only to --realman");
        }
        for (String o : List.of("seconds", "val-clips")) {
            if (cl.has(o) && cl.has("train-set")) {
                throw new UsageException("--" + o + " does not apply to --train-set: its clips are as long as their files,"
                        + " and --val-set validates it");
            }
        }
        if (cl.has("val-clips") && cl.has("val-set")) {
            throw new UsageException("--val-clips draws a validation set and --val-set gives one: use one of them");
        }
        for (String o : List.of("snr", "single-share")) {
            if (cl.has(o) && cl.has("train-set")) {
                throw new UsageException("--" + o + " does not apply to --train-set (its clips are already mixed)");
            }
        }
        IPDnet2Config config;
        try {
            config = IPDnet2Config.preset(cl.string("model", "small"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--model: " + e.getMessage());
        }
        int steps = cl.integer("steps-per-epoch", 1000, 1);
        long seed = cl.longValue("seed", 1);
        TrainOptions opt;
        try {
            opt = new TrainOptions(cl.integer("epochs", 80, 1), steps, cl.integer("batch", 16, 1),
                    cl.number("lr", 5e-4, 1e-12, 10), cl.number("weight-decay", 0.01, 0, 10),
                    cl.number("lr-decay", 0.975, 1e-9, 1), cl.number("clip-norm", 5, 1e-9, 1e12), seed,
                    cl.integer("checkpoint-every", 200, 0), cl.integer("prefetch", 2, 1),
                    cl.integer("micro-batch", 0, 0), cl.integer("replicas", Math.min(8, cl.integer("batch", 16, 1)), 1),
                    cl.number("weight-average", 0, 0, 0.999999));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (cl.has("threads")) Parallel.setThreads(cl.integer("threads", 1, 1));
        // The data are drawn on the prefetch thread beside the network's compute threads: the FFT
        // library must not add workers of its own on top of those (no more threads than cores).
        ConcurrencyUtils.setNumberOfThreads(1);
        double seconds = cl.number("seconds", 4, 0.5, 60);
        int benchSteps = cl.integer("bench-steps", 0, 0);
        String outName = benchSteps > 0 ? null : cl.required("out");
        Path outDir = outName == null ? null : Path.of(outName);
        if (outDir != null && Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new UsageException("--out " + outDir + " is not a folder");
        }
        int[] channels = channels(cl.string("channels", "1,3,5,7,0"));
        int valClips = cl.integer("val-clips", 200, 0);
        double[] snr = cl.range("snr", -5, 15, -100, 100);
        double single = cl.number("single-share", 0.3, 0, 1);

        // Data: checked completely before any training starts.
        ClipSource train;
        ArrayGeometry geometry;
        ClipSource valSource = null;
        if (cl.has("realman")) {
            Path root = Path.of(cl.string("realman", ""));
            geometry = ArrayGeometry.realman32().subset(channels);
            RealmanSplit trainSplit = RealmanSplit.load(root, cl.string("train-split", "train"), channels);
            train = new RealmanMixer(trainSplit, RealmanMixer.Recipe.TRAINING, seconds, single, snr[0], snr[1]);
            if (!cl.has("val-set") && valClips > 0) {
                RealmanSplit valSplit = RealmanSplit.load(root, cl.string("val-split", "val"), channels);
                valSource = new RealmanMixer(valSplit, RealmanMixer.Recipe.VALIDATION, seconds);
            }
        } else if (cl.flag("simulate")) {
            geometry = ArrayGeometry.realmanDefault();
            double[] rt60 = cl.range("rt60", 0.2, 1.3, 0.05, 10);
            SceneConfig sc;
            try {
                sc = SceneConfig.defaults().withSeconds(seconds).withRt60(rt60[0], rt60[1]).withSnr(snr[0], snr[1])
                        .withMovingShare(cl.number("moving-share", 0.5, 0, 1)).withSingleShare(single);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            SourceSignals signals = signals(cl, sc);
            train = new SimulatedRooms(sc, geometry, signals);
            if (!cl.has("val-set") && valClips > 0) valSource = train;
        } else {
            StoredSet set = StoredSet.open(Path.of(cl.string("train-set", "")));
            geometry = set.array();
            train = set;
        }
        if (train.mics() != config.mics()) {
            throw new UsageException("the data have " + train.mics() + " microphones, model '" + cl.string("model", "small")
                    + "' expects " + config.mics());
        }
        ExampleMaker maker = new ExampleMaker(geometry, config.timePoolRatio());
        if (benchSteps > 0) return bench(config, opt, train, maker, benchSteps, out);

        // OUT is made only once the options and inputs are checked; a run that made it and fails
        // before writing anything into it removes it again.
        boolean madeOut = !Files.exists(outDir);
        try {
            return train(cl, config, opt, seed, seconds, valClips, train, geometry, valSource, maker, outDir, out, err);
        } catch (Exception e) {
            if (madeOut) removeIfEmpty(outDir);
            throw e;
        }
    }

    private static void removeIfEmpty(Path dir) {
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) Files.delete(dir);
        } catch (IOException ignored) {
            // not made, or not empty: left as it is
        }
    }

    private static int train(CommandLine cl, IPDnet2Config config, TrainOptions opt, long seed, double seconds,
                             int valClips, ClipSource train, ArrayGeometry geometry, ClipSource valSource,
                             ExampleMaker maker, Path outDir, PrintStream out, PrintStream err) throws Exception {
        List<Clip> validation = null;
        String valRecipe;
        String[][] files = {{Trainer.CHECKPOINT, "checkpoint"}, {Trainer.BEST, "best model"}, {Trainer.LOG, "log"},
                {"validation.clips", "validation set"}};
        for (String[] f : files) {
            Path p = outDir.resolve(f[0]);
            if (Files.exists(p) && !Files.isRegularFile(p)) {
                throw new UsageException("--out: " + p + " is not a file: the run writes its " + f[1] + " there");
            }
        }
        // Check the checkpoint before the minutes it can take to make the validation set.
        Path ckpt = outDir.resolve(Trainer.CHECKPOINT);
        if (cl.has("init-weights") && cl.flag("resume")) {
            throw new UsageException("--init-weights starts a new run; --resume continues one: give only one");
        }
        Path initWeights = cl.has("init-weights") ? Path.of(cl.string("init-weights", "")) : null;
        if (initWeights != null && !Files.isRegularFile(initWeights)) {
            throw new UsageException("--init-weights " + initWeights + " is not a file");
        }
        if (initWeights != null) Trainer.checkStartingWeights(config, initWeights);
        // A branch restores another run's checkpoint and from then on writes its own in OUT: the
        // run it came from is only read.
        boolean branch = cl.has("branch-from");
        boolean resume = branch || cl.flag("resume");
        Path restore = branch ? Path.of(cl.string("branch-from", "")) : ckpt;
        if (branch) {
            if (cl.flag("resume") || cl.has("init-weights")) {
                throw new UsageException("--branch-from continues another run in a new folder: give neither --resume"
                        + " nor --init-weights with it");
            }
            if (Files.exists(ckpt)) {
                throw new UsageException("--branch-from: --out " + outDir + " already holds a checkpoint; choose a new folder");
            }
            if (!Files.isRegularFile(restore)) throw new UsageException("--branch-from " + restore + " is not a file");
        }
        if (resume) {
            if (!Files.exists(restore)) throw new UsageException("--resume: there is no checkpoint " + restore);
            Checkpoint.read(restore);
        } else if (Files.exists(ckpt)) {
            throw new UsageException("--out " + outDir + " already holds a checkpoint; add --resume to continue it"
                    + " or choose another folder");
        }
        if (cl.has("val-set")) {
            StoredSet vs = StoredSet.open(Path.of(cl.string("val-set", "")));
            if (vs.mics() != config.mics()) throw new UsageException("--val-set has " + vs.mics() + " microphones, the model expects " + config.mics());
            validation = vs.all();
            // a silent clip is scored like any other, but it is most likely a mistake in the set
            for (int i = 0; i < validation.size(); i++) {
                if (SampleChecks.allZero(validation.get(i).audio())) err.println("warning: --val-set " + vs.name(i) + " is silent: every sample is zero");
            }
            valRecipe = vs.describe();
        } else if (valSource != null) {
            Files.createDirectories(outDir); // the made validation set is cached there
            valRecipe = "validation " + valClips + " clips, seed " + seed + ": " + valSource.describe();
            validation = ValidationSet.cached(outDir.resolve("validation.clips"), valRecipe, valSource, valClips, seed,
                    cl.flag("quiet") ? null : err);
        } else {
            valRecipe = "none";
        }
        String recipe = "train: " + train.describe() + "; " + valRecipe + "; seconds " + seconds;
        Files.createDirectories(outDir);
        Validator validator = validation == null ? null : new Validator(validation, maker, geometry, Math.min(opt.batch(), 8));
        Trainer trainer = new Trainer(config, opt, train, maker, validator, outDir, recipe);
        trainer.setProgress(cl.flag("quiet") ? null : err);
        if (initWeights != null) trainer.startFrom(initWeights);
        if (resume) {
            if (branch) {
                trainer.branchFrom(restore, cl.flag("change-replicas"));
            } else {
                trainer.resume(restore, cl.flag("change-replicas"));
            }
            if (!cl.flag("quiet")) {
                String avg = opt.averageDecay() == 0 ? ""
                        : trainer.keepsWeightAverage() ? "; weight average (decay " + opt.averageDecay() + ") restored"
                        : "; the checkpoint has no weight average: it starts here (decay " + opt.averageDecay() + ")";
                String source = (branch ? "branched from " : "resumed from ") + restore;
                err.println(source + " at step " + trainer.globalStep() + avg);
            }
        }
        trainer.run();
        out.println("training finished at step " + trainer.globalStep() + "; model " + outDir.resolve(Trainer.BEST));
        return 0;
    }

    private static int bench(IPDnet2Config config, TrainOptions opt, ClipSource train, ExampleMaker maker, int steps,
                             PrintStream out) {
        List<ipdnet2.train.data.Example> ex = new ArrayList<>();
        for (int i = 0; i < opt.batch(); i++) ex.add(maker.make(train.clip(Seeds.of(opt.seed(), 0, i))));
        Batch batch = Batch.of(0, ex, maker.mics(), ExampleMaker.TRACKS);
        Trainer trainer = new Trainer(config, opt, train, maker, null, Path.of("."), "bench");
        trainer.setProgress(null);
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
        LiveHeap live = new LiveHeap();
        double total = 0;
        for (int s = 0; s < steps; s++) {
            long t0 = System.nanoTime();
            Trainer.StepResult r = trainer.step(batch);
            double secs = (System.nanoTime() - t0) / 1e9;
            if (s > 0 || steps == 1) total += secs;
            out.printf(Locale.ROOT, "step %d: %.2f s, loss %.5f%n", s + 1, secs, r.loss());
        }
        live.close();
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        }
        int timed = steps == 1 ? 1 : steps - 1;
        out.printf(Locale.ROOT, "model %s (%d parameters), batch %d of %d frames: %.2f s/step (mean of %d%s), "
                        + "%.2f clips/s, heap: largest live set after a collection %.2f GB, sum of pool peaks %.2f GB, "
                        + "limit %.2f GB; %d compute threads, %d replicas, micro-batch %d, load average %.1f%n",
                config.hidden() == 48 ? "tiny" : config.hidden() == 96 ? "small" : "large",
                trainer.network().parameterCount(), opt.batch(), batch.features().size(3), total / timed, timed,
                steps > 1 ? ", first step excluded" : "", opt.batch() * timed / total, live.maxAfterGc() / 1e9,
                peak / 1e9, Runtime.getRuntime().maxMemory() / 1e9, Parallel.threads(), opt.replicas(),
                opt.microBatch(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return 0;
    }

    private static SourceSignals signals(CommandLine cl, SceneConfig sc) throws UsageException {
        if (!cl.has("speech-dir")) return new SpeechShapedNoise(sc.sampleRate());
        Path speech = Path.of(cl.string("speech-dir", ""));
        if (!Files.isDirectory(speech)) throw new UsageException("--speech-dir " + speech + " is not a folder");
        try {
            return new SpeechDirectory(speech, sc.sampleRate());
        } catch (IllegalArgumentException | IOException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static int[] channels(String list) throws UsageException {
        String[] parts = list.split(",");
        int[] ch = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ch[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--channels must be a comma-separated list of channel numbers, got '" + list + "'");
            }
            if (ch[i] < 0 || ch[i] > 31) throw new UsageException("--channels: channel " + ch[i] + " is outside 0..31");
        }
        if (ch.length < 2) throw new UsageException("--channels needs at least two channels");
        return ch;
    }
}
