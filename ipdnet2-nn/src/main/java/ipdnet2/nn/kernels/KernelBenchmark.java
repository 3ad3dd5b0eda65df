package ipdnet2.nn.kernels;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * Throughput of {@link Gemm} on the Small model's matrix shapes (3200 rows = frames × frequencies),
 * on one thread and on all of {@link Parallel}'s threads, for the Vector API and the plain-Java
 * kernel, with a dense-matrix library and a plain i-k-j loop as yardsticks for the first shape.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp <classes>:<ejml jars>
 * ipdnet2.nn.kernels.KernelBenchmark [secondsPerCase]}. Each case is warmed up, then timed in
 * repetitions of at least 50 ms; the median and the range of GFLOP/s over wall-clock time are
 * printed, and for one thread also the median over the thread's own CPU time, which is less
 * disturbed by other processes competing for the cores (the load average is printed too).
 */
public final class KernelBenchmark {
    private static final int REPS = 9;
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private interface Op {
        void run();
    }

    private KernelBenchmark() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        int cores = Parallel.threads();
        System.out.printf("vector kernel available=%s, default path=%s, threads=%d, %s, load average %.2f%n",
                Gemm.vectorKernelAvailable(), Gemm.usesVectorKernel() ? "vector" : "plain", cores,
                System.getProperty("java.vm.version"), loadAverage());
        int rows = 3200;
        warmUp(seconds * 2);
        System.out.printf("%-34s %-7s %4s %9s %9s %9s %9s%n", "case", "path", "thr", "median", "min", "max", "cpu-med");
        // name, transA, transB, m, n, k
        Object[][] shapes = {
            {"X·Wt 3200x96 -> 384 (NT)", false, true, rows, 384, 96},
            {"dX=dY·W 3200x384 -> 96 (NN)", false, false, rows, 96, 384},
            {"dW=dYt·X 384x3200 . 96 (TN)", true, false, 384, 96, rows},
            {"X·Wt 3200x192 -> 38 (NT)", false, true, rows, 38, 192},
            {"X·Wt 3200x192 -> 96 (NT)", false, true, rows, 96, 192},
            {"X·Wt 3200x384 -> 96 (NT)", false, true, rows, 96, 384},
        };
        for (Object[] s : shapes) {
            String name = (String) s[0];
            boolean ta = (Boolean) s[1], tb = (Boolean) s[2];
            int m = (Integer) s[3], n = (Integer) s[4], k = (Integer) s[5];
            float[] a = random(m * k, 1), b = random(k * n, 2), c = new float[m * n];
            int lda = ta ? m : k, ldb = tb ? k : n;
            boolean[] paths = Gemm.vectorKernelAvailable() ? new boolean[] {true, false} : new boolean[] {false};
            for (boolean vec : paths) {
                for (int thr : new int[] {1, cores}) {
                    if (thr == 1 && cores == 1 && thr != cores) continue;
                    Parallel.setThreads(thr);
                    report(name, vec ? "vector" : "plain", thr, 2.0 * m * n * k, seconds,
                            () -> Gemm.gemm(vec, ta, tb, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false));
                    if (cores == 1) break;
                }
            }
            Parallel.setThreads(cores);
        }
        yardsticks(rows, 384, 96, seconds);
        System.out.printf("load average at the end %.2f%n", loadAverage());
    }

    /** The machine's one-minute load average: other work competing for the cores skews timings. */
    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Gets both kernels and every transpose combination compiled before anything is timed. */
    private static void warmUp(double seconds) {
        int m = 600, n = 96, k = 192;
        float[] a = random(m * k, 3), b = random(k * n, 4), c = new float[m * n];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (int t = 0; t < 8; t++) {
                boolean ta = (t & 2) != 0, tb = (t & 1) != 0;
                Gemm.gemm((t & 4) == 0, ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, c, 0, n, false);
            }
        }
    }

    /** Dense-matrix library and plain loop on C = X·Wᵀ, X 3200×96, W 384×96, one thread. */
    private static void yardsticks(int m, int n, int k, double seconds) {
        float[] x = random(m * k, 1), w = random(n * k, 2), wt = new float[k * n], c = new float[m * n];
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) wt[p * n + j] = w[j * k + p];
        }
        FMatrixRMaj mx = FMatrixRMaj.wrap(m, k, x), mw = FMatrixRMaj.wrap(n, k, w);
        FMatrixRMaj mwt = FMatrixRMaj.wrap(k, n, wt), mc = FMatrixRMaj.wrap(m, n, c);
        double flops = 2.0 * m * n * k;
        report("X·Wt 3200x96 -> 384 multTransB", "ejml", 1, flops, seconds,
                () -> CommonOps_FDRM.multTransB(mx, mw, mc));
        report("X·(Wt) 3200x96 -> 384 mult", "ejml", 1, flops, seconds,
                () -> CommonOps_FDRM.mult(mx, mwt, mc));
        report("X·(Wt) 3200x96 -> 384 i-k-j", "loop", 1, flops, seconds, () -> {
            for (int i = 0; i < m; i++) {
                int cRow = i * n;
                Arrays.fill(c, cRow, cRow + n, 0f);
                for (int p = 0; p < k; p++) {
                    float aip = x[i * k + p];
                    int bRow = p * n;
                    for (int j = 0; j < n; j++) c[cRow + j] += aip * wt[bRow + j];
                }
            }
        });
    }

    private static void report(String name, String path, int threads, double flops, double seconds, Op op) {
        long warmEnd = System.nanoTime() + (long) (seconds * 0.4e9);
        int calls = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() < warmEnd || calls < 3) {
            op.run();
            calls++;
        }
        double perCall = (System.nanoTime() - t0) / 1e9 / calls;
        int inner = (int) Math.max(1, Math.ceil(Math.max(0.05, seconds * 0.6 / REPS) / perCall));
        double[] gflops = new double[REPS];
        double[] cpuGflops = new double[REPS];
        for (int r = 0; r < REPS; r++) {
            long cpu = CPU.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            for (int i = 0; i < inner; i++) op.run();
            gflops[r] = flops * inner / (System.nanoTime() - s);
            cpuGflops[r] = flops * inner / (CPU.getCurrentThreadCpuTime() - cpu);
        }
        Arrays.sort(gflops);
        Arrays.sort(cpuGflops);
        String cpuColumn = threads == 1 ? String.format("%9.2f", cpuGflops[REPS / 2]) : String.format("%9s", "-");
        System.out.printf("%-34s %-7s %4d %9.2f %9.2f %9.2f %s%n", name, path, threads,
                gflops[REPS / 2], gflops[0], gflops[REPS - 1], cpuColumn);
    }

    private static float[] random(int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }
}
