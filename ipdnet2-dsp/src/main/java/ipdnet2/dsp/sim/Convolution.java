package ipdnet2.dsp.sim;

import org.jtransforms.fft.DoubleFFT_1D;

/** Linear convolution by FFT (double precision inside, float signals outside). */
public final class Convolution {
    private Convolution() {}

    /**
     * out[n] += Σ_k x[k]·h[n + lead − k] for n in [0, out.length): the convolution advanced by
     * {@code lead} samples, so that a response whose time zero sits at tap {@code lead} (see
     * {@link Rir}) delays the signal by exactly its physical delay.
     *
     * @param xOffset position in {@code out} of x[0] (may be negative or beyond the end)
     */
    public static void addConvolved(float[] out, float[] x, int xOffset, float[] h, int lead) {
        int full = x.length + h.length - 1;
        int size = Integer.highestOneBit(Math.max(1, full - 1)) << 1;
        double[] a = new double[size];
        double[] b = new double[size];
        for (int i = 0; i < x.length; i++) a[i] = x[i];
        for (int i = 0; i < h.length; i++) b[i] = h[i];
        DoubleFFT_1D fft = new DoubleFFT_1D(size);
        fft.realForward(a);
        fft.realForward(b);
        multiplyPacked(a, b, size);
        fft.realInverse(a, true);
        for (int i = 0; i < full; i++) {
            int n = xOffset + i - lead;
            if (n >= 0 && n < out.length) out[n] += (float) a[i];
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
