package ipdnet2.nn;

import ipdnet2.nn.kernels.Parallel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times the cross-band grouped convolution alone (ARCHITECTURE.md §3 fconv1/fconv2: along F of
 * [B, F, T, H], kernel 5, 8 groups, 'same'), forward and backward (input and weight gradient,
 * bias gradient included), on the shapes of the Tiny network: layer 0 before pooling
 * (F = 256, T = 201) and a later layer (F = 16, T = 40). Reports the median over repetitions of
 * the calling thread's CPU time per call, so run it on one thread when the cores are shared;
 * with {@code -Dipdnet2.opTimer=cpu} it also prints the mean of the convolution's own backward.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp ipdnet2-nn/target/classes \
 *     ipdnet2.nn.GroupedConvBenchmark [batch] [reps] [threads] [hidden]</pre>
 * Defaults: batch 2, 7 repetitions (after 3 warm-ups), 1 thread, H = 48.
 */
public final class GroupedConvBenchmark {
    private GroupedConvBenchmark() {}

    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int hidden = args.length > 3 ? Integer.parseInt(args[3]) : 48;
        Parallel.setThreads(threads);
        System.out.printf(Locale.ROOT, "grouped conv along F, H=%d, 8 groups, k=5, batch %d, threads %d, median of %d%n",
                hidden, batch, threads, reps);
        run(batch, 256, 201, hidden, reps);
        run(batch * 8, 16, 40, hidden, reps);
    }

    private static void run(int batch, int freqs, int frames, int h, int reps) {
        SplittableRandom rng = new SplittableRandom(3);
        Tensor x = random(rng, 1, batch, freqs, frames, h);
        Tensor w = random(rng, 0.2, h, h / 8, 5);
        Tensor b = random(rng, 0.2, h);
        Tensor gy = random(rng, 1, batch, freqs, frames, h);
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        double[] fwd = new double[reps], bwd = new double[reps];
        for (int r = -3; r < reps; r++) {
            long c0 = tmx.getCurrentThreadCpuTime();
            Tensor y = Conv1dOp.apply(x, w, b, 1, 8, Conv1dOp.Padding.SAME);
            long c1 = tmx.getCurrentThreadCpuTime();
            // d(Σ y·gy)/dy = gy: the backward of the product is outside the timed span
            Tensor loss = Reduce.sum(y.mul(gy.detach()));
            x.zeroGrad();
            w.zeroGrad();
            b.zeroGrad();
            long c2 = tmx.getCurrentThreadCpuTime();
            loss.backward();
            long c3 = tmx.getCurrentThreadCpuTime();
            if (r >= 0) {
                fwd[r] = (c1 - c0) / 1e6;
                bwd[r] = (c3 - c2) / 1e6;
            }
            if (r == -1) OpTimer.reset();
        }
        System.out.printf(Locale.ROOT, "  [%d, %d, %d, %d]: forward %.1f ms (min %.1f), backward (with Σ y·gy) %.1f ms (min %.1f), checksum %.6g%n",
                batch, freqs, frames, h, median(fwd), min(fwd), median(bwd), min(bwd), checksum(x.grad()) + checksum(w.grad()));
        if (OpTimer.ON) {
            // the convolution's own backward, without the product's
            long[] own = OpTimer.totals().get("conv1d.grouped.bwd");
            if (own != null) System.out.printf(Locale.ROOT, "    conv backward alone: mean %.1f ms%n", own[0] / 1e6 / own[1]);
        }
        OpTimer.reset();
    }

    private static Tensor random(SplittableRandom rng, double scale, int... shape) {
        Tensor t = Tensor.parameter(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (scale * (2 * rng.nextDouble() - 1));
        return t;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double min(double[] v) {
        double m = Double.MAX_VALUE;
        for (double d : v) m = Math.min(m, d);
        return m;
    }

    private static double checksum(float[] v) {
        double s = 0;
        for (float f : v) s += f;
        return s;
    }
}
