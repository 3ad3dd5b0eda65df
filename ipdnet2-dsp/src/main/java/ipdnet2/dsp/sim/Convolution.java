package ipdnet2.dsp.sim;

import org.jtransforms.fft.DoubleFFT_1D;

import java.util.HashMap;
import java.util.Map;

/** Linear convolution by FFT (double precision inside, float signals outside). */
public final class Convolution {
    /** FFT plans per size, per thread (plans are costly to build, cheap to reuse). */
    private static final ThreadLocal<Map<Integer, DoubleFFT_1D>> PLANS = ThreadLocal.withInitial(HashMap::new);

    private Convolution() {}

    static DoubleFFT_1D plan(int size) {
        return PLANS.get().computeIfAbsent(size, DoubleFFT_1D::new);
    }

    /**
     * out[n] += Σ_k x[k]·h[n + lead − k] for n in [0, out.length): the convolution advanced by
     * {@code lead} samples, so that a response whose time zero sits at tap {@code lead} (see
     * {@link Rir}) delays the signal by exactly its physical delay.
     *
     * @param xOffset position in {@code out} of x[0] (may be negative or beyond the end)
     */
    public static void addConvolved(float[] out, float[] x, int xOffset, float[] h, int lead) {
        addConvolved(new float[][] {out}, x, xOffset, new float[][] {h}, lead);
    }

    /**
     * Multichannel form of {@link #addConvolved(float[], float[], int, float[], int)}: one input,
     * one response and one output per channel; the input's transform is shared by all channels.
     */
    public static void addConvolved(float[][] out, float[] x, int xOffset, float[][] h, int lead) {
        int hLen = h[0].length;
        int full = x.length + hLen - 1;
        int size = Integer.highestOneBit(Math.max(1, full - 1)) << 1;
        DoubleFFT_1D fft = plan(size);
        double[] xs = new double[size];
        for (int i = 0; i < x.length; i++) xs[i] = x[i];
        fft.realForward(xs);
        double[] b = new double[size];
        int from = Math.max(0, lead - xOffset);
        for (int c = 0; c < out.length; c++) {
            java.util.Arrays.fill(b, 0.0);
            float[] hc = h[c];
            for (int i = 0; i < hLen; i++) b[i] = hc[i];
            fft.realForward(b);
            multiplyPacked(b, xs, size);
            fft.realInverse(b, true);
            float[] o = out[c];
            int to = Math.min(full, o.length - xOffset + lead);
            for (int i = from; i < to; i++) o[xOffset + i - lead] += (float) b[i];
        }
    }

    /** a ← a·b on JTransforms' packed real-FFT layout (a[1] holds the real Nyquist bin). */
    static void multiplyPacked(double[] a, double[] b, int size) {
        a[0] *= b[0];
        a[1] *= b[1];
        for (int k = 1; k < size / 2; k++) {
            double re = a[2 * k] * b[2 * k] - a[2 * k + 1] * b[2 * k + 1];
            double im = a[2 * k] * b[2 * k + 1] + a[2 * k + 1] * b[2 * k];
            a[2 * k] = re;
            a[2 * k + 1] = im;
        }
    }
}
