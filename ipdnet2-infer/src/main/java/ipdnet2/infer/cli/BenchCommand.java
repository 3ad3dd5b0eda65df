package ipdnet2.infer.cli;

import ipdnet2.dsp.stft.FeatureExtractor;
import ipdnet2.dsp.stft.Features;
import ipdnet2.infer.Localizer;
import ipdnet2.infer.LocalizerStream;
import ipdnet2.nn.NoGrad;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.kernels.PeakFlops;
import ipdnet2.nn.model.CostModel;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.IPDnet2Config;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Speed of inference on random audio with randomly initialised models: the real-time factor of
 * offline localisation (end to end, and the network alone with its achieved FLOP rate from
 * {@link CostModel}) and the time to process each 100 ms of a stream. Warm-up runs first; the
 * figures are medians over the repetitions.
 */
final class BenchCommand implements Command {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "real-time factor and streaming latency of Tiny, Small and Large";
    }

    @Override
    public String usage() {
        return "bench [--models tiny,small,large] [--threads 1,all] [--seconds 4] [--warmup 2] [--reps 5]\n"
                + "        [--stream-seconds 3] [--stream-warmup 20] [--symmetry-average] [--profile]\n"
                + "  Offline: RTF = processing time / audio duration for a clip of --seconds (end to end:\n"
                + "  features, network, decoding; and the network alone, with GFLOP/s = analytical FLOPs /\n"
                + "  time). Streaming: milliseconds to process each 100-ms chunk (median and 90th percentile)\n"
                + "  over --stream-seconds after --stream-warmup seconds of stream (compilation settles).\n"
                + "  --threads lists thread counts ('all' = every core). --symmetry-average: end to end and streaming\n"
                + "  with the 8 reorderings of RealMAN's array (the network column stays one run).\n"
                + "  --profile samples where the time goes (top methods).";
    }

    @Override
    public Set<String> flags() {
        return Set.of("profile", ModelOptions.SYMMETRY_AVERAGE);
    }

    @Override
    public void run(Args args, PrintStream out) throws Exception {
        String[] models = args.string("models", "tiny,small,large").split(",");
        String[] threadList = args.string("threads", "1,all").split(",");
        double seconds = args.number("seconds", 4);
        int warmup = args.integer("warmup", 2), reps = args.integer("reps", 5);
        double streamSeconds = args.number("stream-seconds", 3);
        double streamWarmup = args.number("stream-warmup", 20);
        if (!(streamSeconds > 0)) throw new CliException("--stream-seconds must be positive, got " + streamSeconds);
        if (!(streamWarmup >= 0)) throw new CliException("--stream-warmup must be >= 0, got " + streamWarmup);
        boolean profile = args.flag("profile");
        boolean symmetric = args.flag(ModelOptions.SYMMETRY_AVERAGE);
        args.finish();
        if (seconds < 0.1 || seconds > 600) throw new CliException("--seconds must be within 0.1..600, got " + seconds);
        if (reps < 1 || warmup < 0) throw new CliException("--reps must be >= 1 and --warmup >= 0");
        int[] threads = new int[threadList.length];
        for (int i = 0; i < threads.length; i++) {
            String t = threadList[i].trim();
            threads[i] = t.equals("all") ? Runtime.getRuntime().availableProcessors() : parseThreads(t);
        }
        int before = Parallel.threads();
        out.printf(Locale.ROOT, "clip %.1f s, %d warm-up + %d runs (median); streaming over %.1f s; %d cores%n",
                seconds, warmup, reps, streamSeconds, Runtime.getRuntime().availableProcessors());
        if (symmetric) {
            out.println("symmetry averaging: one network run per symmetry of the array (8) in the end-to-end and"
                    + " streaming columns");
        }
        double peak = PeakFlops.measure(1.0);
        out.printf(Locale.ROOT, "one core's peak: %.1f GFLOP/s per CPU-second (independent fused multiply-adds);"
                + " 'of peak' = the network's GFLOP/s over that peak times the threads%n", peak);
        out.println("wall clock (and, with 1 thread, the thread's CPU time, which a loaded machine inflates less)");
        out.printf(Locale.ROOT, "%-6s %7s  %9s %9s %8s %7s  %12s %12s  %9s %9s %12s%n", "model", "threads", "RTF e2e",
                "RTF net", "GFLOP/s", "of peak", "ms/100ms med", "ms/100ms p90", "cpu e2e", "cpu net", "cpu ms/100ms");
        Sampler sampler = profile ? new Sampler(Thread.currentThread()) : null;
        try {
            for (String name : models) {
                IPDnet2Config c = IPDnet2Config.preset(name.trim());
                IPDnet2 net = new IPDnet2(c, 1);
                Localizer loc = symmetric ? new Localizer(net).withSymmetryAveraging() : new Localizer(net);
                float[][] clip = noise(c.mics(), (int) Math.round(seconds * Localizer.SAMPLE_RATE), 2);
                for (int th : threads) {
                    Parallel.setThreads(th);
                    if (sampler != null) sampler.start(name.trim() + " x" + th);
                    Result r = measure(loc, net, clip, seconds, warmup, reps, streamSeconds, streamWarmup);
                    if (sampler != null) sampler.stop();
                    double flops = CostModel.flopsPerSecond(c);
                    String cpu = th == 1 ? String.format(Locale.ROOT, "%9.4f %9.4f %12.3f", r.cpuEndToEnd, r.cpuNetwork,
                            r.cpuStreamMs) : String.format(Locale.ROOT, "%9s %9s %12s", "-", "-", "-");
                    double gflops = flops / r.rtfNetwork / 1e9;
                    out.printf(Locale.ROOT, "%-6s %7d  %9.4f %9.4f %8.2f %6.0f%%  %12.3f %12.3f  %s%n", name.trim(), th,
                            r.rtfEndToEnd, r.rtfNetwork, gflops, 100 * gflops / (peak * th), r.streamMedianMs,
                            r.streamP90Ms, cpu);
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
        if (sampler != null) sampler.report(out);
    }

    private static int parseThreads(String t) {
        try {
            int n = Integer.parseInt(t);
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new CliException("--threads expects positive integers or 'all', got '" + t + "'");
        }
    }

    private record Result(double rtfEndToEnd, double rtfNetwork, double streamMedianMs, double streamP90Ms,
                          double cpuEndToEnd, double cpuNetwork, double cpuStreamMs) {}

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private static long cpuNanos() {
        return CPU.isCurrentThreadCpuTimeSupported() ? CPU.getCurrentThreadCpuTime() : 0L;
    }

    private static Result measure(Localizer loc, IPDnet2 net, float[][] clip, double seconds, int warmup, int reps,
                                  double streamSeconds, double streamWarmup) {
        Features f = FeatureExtractor.compute(clip);
        Tensor input = Tensor.of(f.data(), 1, 2 * f.mics(), FeatureExtractor.FEATURE_BINS, f.frames());
        double[] e2e = new double[reps], netOnly = new double[reps], cpuE2e = new double[reps], cpuNet = new double[reps];
        for (int i = 0; i < warmup + reps; i++) {
            long c0 = cpuNanos(), t0 = System.nanoTime();
            loc.localize(clip, Localizer.SAMPLE_RATE);
            long c1 = cpuNanos(), t1 = System.nanoTime();
            try (NoGrad g = NoGrad.enter()) {
                net.forward(input);
            }
            long c2 = cpuNanos(), t2 = System.nanoTime();
            if (i >= warmup) {
                e2e[i - warmup] = (t1 - t0) / 1e9 / seconds;
                netOnly[i - warmup] = (t2 - t1) / 1e9 / seconds;
                cpuE2e[i - warmup] = (c1 - c0) / 1e9 / seconds;
                cpuNet[i - warmup] = (c2 - c1) / 1e9 / seconds;
            }
        }
        int chunk = Localizer.SAMPLE_RATE / 10;
        int warmChunks = (int) Math.round(streamWarmup * 10), chunks = Math.max(1, (int) Math.round(streamSeconds * 10));
        float[][] live = noise(clip.length, chunk * (warmChunks + chunks), 3);
        LocalizerStream s = loc.stream();
        int[] frames = new int[1];
        double[] ms = new double[chunks], cpuMs = new double[chunks];
        for (int i = 0; i < warmChunks + chunks; i++) {
            long c0 = cpuNanos(), t0 = System.nanoTime();
            s.push(live, i * chunk, chunk, fr -> frames[0]++);
            long c1 = cpuNanos(), t1 = System.nanoTime();
            if (i >= warmChunks) {
                ms[i - warmChunks] = (t1 - t0) / 1e6;
                cpuMs[i - warmChunks] = (c1 - c0) / 1e6;
            }
        }
        return new Result(median(e2e), median(netOnly), median(ms), percentile(ms, 0.9), median(cpuE2e), median(cpuNet),
                median(cpuMs));
    }

    static float[][] noise(int mics, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] x = new float[mics][n];
        for (int m = 0; m < mics; m++) for (int i = 0; i < n; i++) x[m][i] = (float) (0.1 * rng.nextGaussian());
        return x;
    }

    static double median(double[] v) {
        return percentile(v, 0.5);
    }

    static double percentile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double p = q * (s.length - 1);
        int i = (int) Math.floor(p);
        return i + 1 < s.length ? s[i] + (p - i) * (s[i + 1] - s[i]) : s[i];
    }

    /**
     * A sampling profiler for the benchmarking thread: every millisecond it records the innermost
     * project method on that thread's stack (the caller of library code, if any).
     */
    private static final class Sampler {
        private final Thread target;
        private final Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        private volatile String label;
        private Thread thread;

        Sampler(Thread target) {
            this.target = target;
        }

        void start(String what) {
            label = what;
            counts.putIfAbsent(what, new HashMap<>());
            thread = new Thread(() -> {
                Map<String, Integer> m = counts.get(what);
                while (label != null) {
                    StackTraceElement[] st = target.getStackTrace();
                    String key = "other";
                    for (StackTraceElement e : st) {
                        if (e.getClassName().startsWith("ipdnet2.") && !e.getClassName().startsWith("ipdnet2.infer.cli.Bench")) {
                            key = e.getClassName().substring(e.getClassName().lastIndexOf('.') + 1) + "." + e.getMethodName();
                            break;
                        }
                    }
                    m.merge(key, 1, Integer::sum);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
            }, "bench-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            label = null;
            thread.join();
        }

        void report(PrintStream out) {
            for (Map.Entry<String, Map<String, Integer>> e : counts.entrySet()) {
                int total = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
                List<Map.Entry<String, Integer>> top = new ArrayList<>(e.getValue().entrySet());
                top.sort((a, b) -> b.getValue() - a.getValue());
                StringBuilder sb = new StringBuilder("profile " + e.getKey() + ":");
                for (int i = 0; i < Math.min(8, top.size()); i++) {
                    sb.append(String.format(Locale.ROOT, " %s %.0f%%;", top.get(i).getKey(), 100.0 * top.get(i).getValue() / total));
                }
                out.println(sb);
            }
        }
    }
}
