package ipdnet2.dsp.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.label.FrameLabels;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times drawing training clips of the default simulated-room recipe (what the training command's
 * {@code --simulate} draws: 4-s clips at 16 kHz, the default 5-mic array, RT60 0.2–1.3 s, SNR
 * −5–15 dB, half the clips with moving talkers, 30 % single-talker) on one thread: clips per
 * CPU-second of the rendering thread (the machine may be shared, so wall time says little) and
 * the CPU time per rendering stage. The FFT library's own worker threads are switched off so that
 * all the work is on the measured thread. The printed checksum (a hash of every sample and activity
 * label of every clip) shows whether a change of the code changed the clips.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp ipdnet2-dsp/target/classes:JTransforms-with-dependencies.jar \
 *     ipdnet2.dsp.sim.SimulationBenchmark [--clips 40] [--warmup 10] [--seed 1] [--speech-dir DIR]</pre>
 * Without {@code --speech-dir} the talkers are {@link SpeechShapedNoise}.
 */
public final class SimulationBenchmark {
    private SimulationBenchmark() {}

    public static void main(String[] args) throws IOException {
        int clips = 40;
        int warmup = 10;
        long seed = 1;
        Path speechDir = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--clips" -> clips = Integer.parseInt(need(args[i], value));
                case "--warmup" -> warmup = Integer.parseInt(need(args[i], value));
                case "--seed" -> seed = Long.parseLong(need(args[i], value));
                case "--speech-dir" -> speechDir = Path.of(need(args[i], value));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; expected --clips N, --warmup N, --seed S, --speech-dir DIR");
            }
            i++;
        }
        if (clips < 1 || warmup < 0) throw new IllegalArgumentException("--clips must be >= 1 and --warmup >= 0");
        ConcurrencyUtils.setNumberOfThreads(1);
        SceneConfig config = SceneConfig.defaults().withSeconds(4).withRt60(0.2, 1.3).withSnr(-5, 15)
                .withMovingShare(0.5).withSingleShare(0.3);
        ArrayGeometry array = ArrayGeometry.realmanDefault();
        SourceSignals signals = speechDir == null ? new SpeechShapedNoise(config.sampleRate())
                : new SpeechDirectory(speechDir, config.sampleRate());
        StageClock clock = StageClock.running();
        SceneSampler sampler = new SceneSampler(config, array);
        SceneRenderer renderer = new SceneRenderer(array, signals, SceneRenderer.DEFAULT_VAD_THRESHOLD_DB, clock);
        System.out.printf(Locale.ROOT, "recipe: %.0f s at %d Hz, %d mics, RT60 %.1f..%.1f s, moving share %.1f,"
                        + " single share %.1f; talkers: %s%n", config.seconds(), config.sampleRate(), array.mics(),
                config.minRt60(), config.maxRt60(), config.movingShare(), config.singleShare(), signals.describe());

        // Warm-up on other seeds, so that the measured clips run compiled code.
        for (int i = 0; i < warmup; i++) renderer.render(sampler.sample(seed + 1_000_000 + i));

        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        clock.reset();
        long checksum = 17;
        long[] kindNanos = new long[2];
        int[] kindCount = new int[2];
        long wall0 = System.nanoTime();
        long cpu0 = tmx.getCurrentThreadCpuTime();
        for (int i = 0; i < clips; i++) {
            long c0 = tmx.getCurrentThreadCpuTime();
            clock.start();
            Scene scene = sampler.sample(seed + i);
            clock.lap(StageClock.Stage.SCENE);
            SimulatedClip clip = renderer.render(scene);
            int kind = scene.moving() ? 1 : 0;
            kindNanos[kind] += tmx.getCurrentThreadCpuTime() - c0;
            kindCount[kind]++;
            for (float[] ch : clip.audio().channels()) checksum = 31 * checksum + Arrays.hashCode(ch);
            FrameLabels labels = clip.labels();
            for (int f = 0; f < labels.frames(); f++) {
                for (int t = 0; t < scene.sources().size(); t++) checksum = 31 * checksum + (labels.active(f, t) ? 1 : 2);
            }
        }
        double cpu = (tmx.getCurrentThreadCpuTime() - cpu0) * 1e-9;
        double wall = (System.nanoTime() - wall0) * 1e-9;
        System.out.printf(Locale.ROOT, "%d clips (%d static, %d moving) after %d warm-up clips%n", clips,
                kindCount[0], kindCount[1], warmup);
        System.out.printf(Locale.ROOT, "thread CPU %.2f s, wall %.2f s: %.2f clips per CPU-second (%.1f ms CPU per clip)%n",
                cpu, wall, clips / cpu, 1e3 * cpu / clips);
        for (int k = 0; k < 2; k++) {
            if (kindCount[k] > 0) {
                System.out.printf(Locale.ROOT, "  %-7s clips: %.1f ms CPU per clip%n", k == 0 ? "static" : "moving",
                        1e-6 * kindNanos[k] / kindCount[k]);
            }
        }
        System.out.println("CPU per stage (ms per clip, share):");
        for (StageClock.Stage s : StageClock.Stage.values()) {
            double ms = 1e-6 * clock.nanos(s) / clips;
            System.out.printf(Locale.ROOT, "  %-55s %8.2f  %5.1f %%%n", s.label, ms, 100 * ms * 1e-3 * clips / cpu);
        }
        System.out.printf(Locale.ROOT, "checksum of the clips: %016x%n", checksum);
    }

    private static String need(String flag, String value) {
        if (value == null) throw new IllegalArgumentException(flag + " needs a value");
        return value;
    }
}
