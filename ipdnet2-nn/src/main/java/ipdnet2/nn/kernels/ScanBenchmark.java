package ipdnet2.nn.kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Throughput of {@link SelectiveScan} forward and backward on the shapes of the Small model's
 * Mamba blocks (ARCHITECTURE.md §3: E = 2·96 = 192, N = 16; batch 16 × 16 bands = 256
 * sequences; T = 201 frames before time pooling and 40 after). Reports the median over timed
 * repetitions, after warm-up, in elements (seqs·T·E) per second.
 *
 * <p>Usage: {@code ScanBenchmark [reps] [threads] [E]} (defaults 5, the pool size and 192; the
 * Tiny model's E is 96); the best
 * repetition is printed too, as a guide when other processes share the cores, and on one
 * thread the median throughput by this thread's CPU time. With
 * {@code -Dipdnet2.bench.verbose=true} every repetition is printed.
 */
public final class ScanBenchmark {
    private static final boolean VERBOSE = Boolean.getBoolean("ipdnet2.bench.verbose");

    private ScanBenchmark() {}

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        if (args.length > 1) Parallel.setThreads(Integer.parseInt(args[1]));
        int seqs = 256;
        int e = args.length > 2 ? Integer.parseInt(args[2]) : 192;
        int n = 16;
        System.out.printf("selective scan, seqs=%d E=%d N=%d, threads=%d, median of %d%n", seqs,
                e, n, Parallel.threads(), reps);
        for (int t : new int[] {201, 40}) {
            run(seqs, t, e, n, reps);
        }
    }

    private static void run(int seqs, int t, int e, int n, int reps) {
        SplittableRandom rnd = new SplittableRandom(1);
        int se = seqs * t * e;
        int sn = seqs * t * n;
        float[] x = random(rnd, se, -1, 1);
        float[] delta = random(rnd, se, 0.001, 0.5);
        float[] a = new float[e * n];
        for (int i = 0; i < a.length; i++) a[i] = -(i % n + 1);
        float[] b = random(rnd, sn, -1, 1);
        float[] c = random(rnd, sn, -1, 1);
        float[] d = random(rnd, e, 0.5, 1.5);
        float[] y = new float[se];
        float[] dy = random(rnd, se, -1, 1);
        float[] dx = new float[se];
        float[] dDelta = new float[se];
        float[] dA = new float[e * n];
        float[] dB = new float[sn];
        float[] dC = new float[sn];
        float[] dD = new float[e];
        int warm = 2;
        double[] fwd = new double[reps];
        double[] bwd = new double[reps];
        double[] fwdCpu = new double[reps];
        double[] bwdCpu = new double[reps];
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int r = -warm; r < reps; r++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            SelectiveScan.forward(seqs, t, e, n, x, delta, a, b, c, d, y);
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            SelectiveScan.backward(seqs, t, e, n, x, delta, a, b, c, d, dy, dx, dDelta, dA, dB,
                    dC, dD);
            long t2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            if (r >= 0) {
                fwd[r] = (t1 - t0) * 1e-9;
                bwd[r] = (t2 - t1) * 1e-9;
                fwdCpu[r] = (c1 - c0) * 1e-9;
                bwdCpu[r] = (c2 - c1) * 1e-9;
            }
            if (VERBOSE) {
                System.out.printf("  rep %d: forward %.1f ms, backward %.1f ms%n", r,
                        (t1 - t0) * 1e-6, (t2 - t1) * 1e-6);
            }
        }
        double mf = median(fwd);
        double mb = median(bwd);
        double elems = (double) seqs * t * e;
        System.out.printf("T=%3d  forward %7.1f ms  %6.1f Melem/s (best %6.1f)   backward %7.1f ms"
                + "  %6.1f Melem/s (best %6.1f)   (checksum %.4g)%n", t, mf * 1e3,
                elems / mf * 1e-6, elems / min(fwd) * 1e-6, mb * 1e3, elems / mb * 1e-6,
                elems / min(bwd) * 1e-6, checksum(y) + checksum(dx) + checksum(dA));
        if (Parallel.threads() == 1) {
            // On one thread all work runs on this thread, so its CPU time excludes the time the
            // cores spent on other processes.
            System.out.printf("       cpu time: forward %6.1f Melem/s, backward %6.1f Melem/s"
                    + " (medians)%n", elems / median(fwdCpu) * 1e-6,
                    elems / median(bwdCpu) * 1e-6);
        }
    }

    private static float[] random(SplittableRandom rnd, int size, double lo, double hi) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (float) rnd.nextDouble(lo, hi);
        return v;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) m = Math.min(m, d);
        return m;
    }

    private static double checksum(float[] v) {
        double sum = 0;
        for (float f : v) sum += f;
        return sum;
    }
}
