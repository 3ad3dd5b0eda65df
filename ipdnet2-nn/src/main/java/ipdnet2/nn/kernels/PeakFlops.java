package ipdnet2.nn.kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The multiply-add peak of one core as this JVM reaches it: twelve independent chains of fused
 * multiply-adds (enough to cover the instruction's latency on every current x86 and ARM core)
 * on the preferred vectors when {@link VectorSupport#ENABLED}, else on scalars. Benchmarks print
 * it beside the network's achieved rate so that a figure reads as a share of what the core can
 * do at all.
 */
public final class PeakFlops {
    /** Independent accumulator chains of the timed loop. */
    static final int CHAINS = 12;
    /** Where the chains' sums go, so that the compiler cannot drop the timed loop. */
    private static volatile float sink;

    private PeakFlops() {}

    /**
     * GFLOP (two per multiply-add and lane) per second of the calling thread's CPU time, the
     * best of five runs of about {@code seconds / 5} each after a warm-up of the same length.
     */
    public static double measure(double seconds) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int lanes = VectorSupport.ENABLED ? VectorSupport.LANES : 1;
        long iters = 1_000_000;
        double best = 0;
        for (int run = -1; run < 5; run++) {
            long c0 = cpu.getCurrentThreadCpuTime(), w0 = System.nanoTime();
            sink = chains(iters);
            double t = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
            if (t <= 0) t = (System.nanoTime() - w0) / 1e9;
            if (run >= 0) best = Math.max(best, 2.0 * CHAINS * lanes * iters / t / 1e9);
            // size the next run to about a fifth of the time asked for
            iters = Math.max(1000, (long) (iters * (seconds / 5) / Math.max(t, 1e-6)));
        }
        return best;
    }

    /** {@link #CHAINS} chains of {@code iters} multiply-adds each; returns their sum. */
    private static float chains(long iters) {
        if (VectorSupport.ENABLED) return VectorPeakFlops.chains(iters);
        float a0 = 1, a1 = 1, a2 = 1, a3 = 1, a4 = 1, a5 = 1, a6 = 1, a7 = 1, a8 = 1, a9 = 1, a10 = 1, a11 = 1;
        float m = 0.999999f, c = 1e-7f;
        for (long i = 0; i < iters; i++) {
            a0 = Math.fma(a0, m, c);
            a1 = Math.fma(a1, m, c);
            a2 = Math.fma(a2, m, c);
            a3 = Math.fma(a3, m, c);
            a4 = Math.fma(a4, m, c);
            a5 = Math.fma(a5, m, c);
            a6 = Math.fma(a6, m, c);
            a7 = Math.fma(a7, m, c);
            a8 = Math.fma(a8, m, c);
            a9 = Math.fma(a9, m, c);
            a10 = Math.fma(a10, m, c);
            a11 = Math.fma(a11, m, c);
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
    }
}
