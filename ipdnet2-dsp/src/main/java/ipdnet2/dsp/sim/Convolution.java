package ipdnet2.dsp.sim;

import org.jtransforms.fft.DoubleFFT_1D;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Linear convolution (double precision inside, float signals outside).
 *
 * <p>Only the non-zero stretches of the signal and of the responses are convolved (dry talkers are
 * silent outside their interval, late tails are zero before the crossover, a direct path is one
 * {@link FractionalDelay} kernel), by FFT overlap-add with the power-of-two block size that needs
 * the least transform work: for a response much shorter than the signal that is many blocks of a
 * small FFT rather than one FFT of the whole (a direct path of 81 taps over a 4-s signal takes
 * 512-point blocks), which also keeps the transforms in cache.
 */
public final class Convolution {
    /** FFT plans per size, per thread (plans are costly to build, cheap to reuse). */
    private static final ThreadLocal<Map<Integer, DoubleFFT_1D>> PLANS = ThreadLocal.withInitial(HashMap::new);
    /** Work arrays per thread, grown on demand. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

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
        if (out.length != h.length) {
            throw new IllegalArgumentException("convolution needs one response per output, got " + h.length
                    + " responses for " + out.length + " outputs");
        }
        int x0 = firstNonZero(x);
        if (x0 < 0) return;
        int x1 = lastNonZero(x) + 1;
        int h0 = Integer.MAX_VALUE;
        int h1 = 0;
        for (float[] hc : h) {
            int f = firstNonZero(hc);
            if (f < 0) continue;
            h0 = Math.min(h0, f);
            h1 = Math.max(h1, lastNonZero(hc) + 1);
        }
        if (h0 == Integer.MAX_VALUE) return;
        // y = x[x0..x1) * h[h0..h1) lands at out[base + j].
        int base = xOffset + x0 + h0 - lead;
        int xLen = x1 - x0;
        int hLen = h1 - h0;
        overlapAdd(out, x, x0, xLen, h, h0, hLen, base, SCRATCH.get());
    }

    /**
     * Overlap-add with FFT size S: the responses are transformed once, the signal in blocks of
     * S − hLen + 1 samples, each block's product inverse-transformed and added at its place.
     */
    private static void overlapAdd(float[][] out, float[] x, int x0, int xLen, float[][] h, int h0, int hLen,
                                   int base, Scratch s) {
        int channels = out.length;
        int size = blockSize(xLen, hLen, channels);
        int step = size - hLen + 1;
        DoubleFFT_1D fft = plan(size);
        double[][] spectra = s.spectra(channels, size);
        for (int c = 0; c < channels; c++) {
            double[] hs = spectra[c];
            float[] hc = h[c];
            for (int i = 0; i < hLen; i++) hs[i] = hc[h0 + i];
            Arrays.fill(hs, hLen, size, 0.0);
            fft.realForward(hs);
        }
        double[] xs = s.signal(size);
        double[] y = s.output(size);
        // The inverse transform is left unscaled (it returns S/2 times the signal on the packed
        // layout) and 2/S applied when adding: S is a power of two, so the scaling is exact and the
        // result the same as the scaled inverse's.
        double inv = 2.0 / size;
        for (int start = 0; start < xLen; start += step) {
            int len = Math.min(step, xLen - start);
            for (int i = 0; i < len; i++) xs[i] = x[x0 + start + i];
            Arrays.fill(xs, len, size, 0.0);
            fft.realForward(xs);
            int yLen = len + hLen - 1;
            for (int c = 0; c < channels; c++) {
                multiplyPacked(xs, spectra[c], y, size);
                fft.realInverse(y, false);
                addTo(out[c], base + start, y, yLen, inv);
            }
        }
    }

    /**
     * The power-of-two FFT size with the least transform work, Σ S·log2 S over the responses'
     * transforms and each block's forward and per-channel inverse transforms.
     */
    static int blockSize(int xLen, int hLen, int channels) {
        int whole = Integer.highestOneBit(Math.max(1, xLen + hLen - 2)) << 1;
        int best = whole;
        double bestCost = Double.MAX_VALUE;
        for (int size = Integer.highestOneBit(Math.max(1, 2 * hLen - 1)) << 1; size <= whole; size <<= 1) {
            int blocks = (xLen + size - hLen) / (size - hLen + 1);
            double cost = (channels + blocks * (1.0 + channels)) * size * Integer.numberOfTrailingZeros(size);
            if (cost < bestCost) {
                bestCost = cost;
                best = size;
            }
        }
        return best;
    }

    /** out[base + j] += (float) (scale·y[j]) for the j that fall inside out. */
    private static void addTo(float[] out, int base, double[] y, int yLen, double scale) {
        int from = Math.max(0, -base);
        int to = Math.min(yLen, out.length - base);
        for (int j = from; j < to; j++) out[base + j] += (float) (y[j] * scale);
    }

    /** c ← a·b on JTransforms' packed real-FFT layout (index 1 holds the real Nyquist bin). */
    static void multiplyPacked(double[] a, double[] b, double[] c, int size) {
        c[0] = a[0] * b[0];
        c[1] = a[1] * b[1];
        for (int k = 1; k < size / 2; k++) {
            double re = a[2 * k] * b[2 * k] - a[2 * k + 1] * b[2 * k + 1];
            double im = a[2 * k] * b[2 * k + 1] + a[2 * k + 1] * b[2 * k];
            c[2 * k] = re;
            c[2 * k + 1] = im;
        }
    }

    private static int firstNonZero(float[] v) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0) return i;
        }
        return -1;
    }

    private static int lastNonZero(float[] v) {
        for (int i = v.length - 1; i >= 0; i--) {
            if (v[i] != 0) return i;
        }
        return -1;
    }

    /** One thread's work arrays; each is grown to the largest size asked for and then reused. */
    private static final class Scratch {
        private double[] signal = new double[0];
        private double[] output = new double[0];
        private double[][] spectra = new double[0][];

        double[] signal(int n) {
            if (signal.length < n) signal = new double[n];
            return signal;
        }

        double[] output(int n) {
            if (output.length < n) output = new double[n];
            return output;
        }

        double[][] spectra(int channels, int n) {
            if (spectra.length < channels || spectra[0].length < n) {
                spectra = new double[Math.max(channels, spectra.length)][Math.max(n, spectra.length == 0 ? 0 : spectra[0].length)];
            }
            return spectra;
        }
    }
}
