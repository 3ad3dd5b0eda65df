package ipdnet2.nn.model;

import ipdnet2.nn.NoGrad;
import ipdnet2.nn.OpTimer;
import ipdnet2.nn.Reduce;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.optim.AdamW;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times the whole IPDnet2 network: offline inference (forward in a {@link NoGrad} scope) and a
 * training step (forward, backward of a mean-squared loss, AdamW), reporting wall time, the
 * calling thread's CPU time, the real-time factor (compute seconds per second of audio, 50
 * frames per second), the peak heap and, with {@code -Dipdnet2.opTimer=true} (wall) or
 * {@code =cpu} (the calling thread's CPU time, for one thread), the time per op.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp ipdnet2-nn/target/classes \
 *     ipdnet2.nn.model.NetworkBenchmark tiny 1 201 1 5 [infer|train|both]</pre>
 * Arguments: preset, batch, frames, threads, repetitions (after one warm-up), mode.
 */
public final class NetworkBenchmark {
    private NetworkBenchmark() {}

    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "tiny";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int frames = args.length > 2 ? Integer.parseInt(args[2]) : 201;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int reps = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        String mode = args.length > 5 ? args[5] : "both";
        Parallel.setThreads(threads);
        IPDnet2Config config = IPDnet2Config.preset(preset);
        IPDnet2 net = new IPDnet2(config, 1);
        Tensor input = Tensor.zeros(batch, config.inputChannels(), config.freqs(), frames);
        SplittableRandom rng = new SplittableRandom(7);
        float[] in = input.data();
        for (int i = 0; i < in.length; i++) in[i] = (float) rng.nextGaussian();
        double audioSeconds = batch * frames / IPDnet2Config.FRAMES_PER_SECOND;
        System.out.printf(Locale.ROOT, "%s batch %d frames %d (%.2f s of audio) threads %d reps %d load %.2f%n",
                preset, batch, frames, audioSeconds, threads, reps,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (!mode.equals("train")) inference(net, input, reps, audioSeconds);
        if (!mode.equals("infer")) training(net, input, reps);
    }

    private static void inference(IPDnet2 net, Tensor input, int reps, double audioSeconds) {
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        // warm-up: every op, even those called once per pass, reaches compiled code
        for (int w = 0; w < Math.max(3, reps); w++) runForward(net, input);
        OpTimer.reset();
        resetPeaks();
        double bestWall = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE, sumWall = 0, sumCpu = 0;
        for (int r = 0; r < reps; r++) {
            long c0 = tmx.getCurrentThreadCpuTime(), w0 = System.nanoTime();
            runForward(net, input);
            double wall = (System.nanoTime() - w0) / 1e9, cpu = (tmx.getCurrentThreadCpuTime() - c0) / 1e9;
            bestWall = Math.min(bestWall, wall);
            bestCpu = Math.min(bestCpu, cpu);
            sumWall += wall;
            sumCpu += cpu;
        }
        System.out.printf(Locale.ROOT, "inference: wall best %.4f s mean %.4f s (RTF %.4f / %.4f),"
                        + " calling-thread CPU best %.4f s (RTF %.4f), peak heap %.0f MB%n",
                bestWall, sumWall / reps, bestWall / audioSeconds, sumWall / reps / audioSeconds,
                bestCpu, bestCpu / audioSeconds, peakHeap() / 1e6);
        printOps(reps);
    }

    private static void runForward(IPDnet2 net, Tensor input) {
        try (NoGrad scope = NoGrad.enter()) {
            net.forward(input);
        }
    }

    private static void training(IPDnet2 net, Tensor input, int reps) {
        AdamW opt = new AdamW(net.parameters(), 1e-3);
        trainStep(net, input, opt, new double[4]);
        OpTimer.reset();
        System.gc();
        resetPeaks();
        double[] sum = new double[4], best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] cpu = new double[reps];
        for (int r = 0; r < reps; r++) {
            double[] t = new double[4];
            trainStep(net, input, opt, t);
            cpu[r] = t[3];
            for (int i = 0; i < 4; i++) {
                sum[i] += t[i];
                best[i] = Math.min(best[i], t[i]);
            }
        }
        System.out.printf(Locale.ROOT, "training step: mean %.3f s (forward %.3f, backward %.3f, AdamW %.3f),"
                        + " best forward %.3f backward %.3f, peak heap %.0f MB%n",
                (sum[0] + sum[1] + sum[2]) / reps, sum[0] / reps, sum[1] / reps, sum[2] / reps,
                best[0], best[1], peakHeap() / 1e6);
        java.util.Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "training step calling-thread CPU: median %.3f s, best %.3f s%n",
                cpu[reps / 2], cpu[0]);
        printOps(reps);
    }

    /** Wall seconds of forward, backward and AdamW in times[0..2], the calling thread's CPU seconds in times[3]. */
    private static void trainStep(IPDnet2 net, Tensor input, AdamW opt, double[] times) {
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        long c0 = tmx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Tensor out = net.forward(input);
        Tensor loss = Reduce.mse(out, Tensor.zeros(out.shape()));
        long t1 = System.nanoTime();
        opt.zeroGrad();
        loss.backward();
        long t2 = System.nanoTime();
        opt.step();
        long t3 = System.nanoTime();
        times[0] = (t1 - t0) / 1e9;
        times[1] = (t2 - t1) / 1e9;
        times[2] = (t3 - t2) / 1e9;
        times[3] = (tmx.getCurrentThreadCpuTime() - c0) / 1e9;
    }

    private static void printOps(int reps) {
        if (!OpTimer.ON) return;
        Map<String, long[]> totals = OpTimer.totals();
        double all = 0;
        for (long[] v : totals.values()) all += v[0];
        final double total = all;
        totals.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> System.out.printf(Locale.ROOT, "  %-16s %9.1f ms/rep %5.1f%% %7d calls/rep%n",
                        e.getKey(), e.getValue()[0] / 1e6 / reps, 100 * e.getValue()[0] / total,
                        e.getValue()[1] / reps));
        OpTimer.reset();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
        }
    }

    /** Sum of the heap pools' peak usage since the last reset (an upper bound of the true peak). */
    private static double peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        }
        return sum;
    }
}
