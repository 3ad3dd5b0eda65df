package ipdnet2.dsp.sim;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Convolution with a response that changes every block, the model of a moving talker
 * ({@link SceneRenderer}): the signal is cross-faded between the responses h_b of neighbouring
 * block boundaries t_b = b·B by raised-cosine windows w_b(n) = ½(1 + cos(π(n − t_b)/B)),
 * |n − t_b| < B, which sum to one:
 * <pre>out_c[n] += Σ_b ((w_b·x) ∗ h_b,c)[n + lead].</pre>
 *
 * <p>Computed per hop-long segment [jB, (j+1)B) of the signal, which only the windows of blocks
 * j (falling half) and j + 1 (rising half) cover: both windowed copies are transformed, multiplied
 * by their blocks' response spectra and summed, so each segment costs one inverse FFT per channel
 * and each response one forward FFT. Segments are cut into parts when a smaller FFT then needs less
 * work (a 100-ms hop and 65-ms responses: two parts at 2048 points rather than one at 4096).
 */
final class CrossfadedConvolution {
    private CrossfadedConvolution() {}

    /**
     * @param out   [channel][sample]; the signal's sample n lands at out[n − lead]
     * @param x     the signal
     * @param h     [block b][channel][tap], the response at t_b = b·{@code block}, for every b with
     *              t_b − B < x.length (that is, ⌈x.length / B⌉ + 1 blocks); equal lengths
     * @param block the hop B in samples
     */
    static void addConvolved(float[][] out, float[] x, float[][][] h, int block, int lead) {
        int n = x.length;
        int segments = (n + block - 1) / block;
        if (h.length < segments + 1) {
            throw new IllegalArgumentException("a signal of " + n + " samples in blocks of " + block + " needs "
                    + (segments + 1) + " responses, got " + h.length);
        }
        int channels = out.length;
        int taps = h[0][0].length;
        int size = transformSize(block, taps, channels);
        // A segment is split into parts of at most size − taps + 1 samples.
        int parts = (block + size - taps) / (size - taps + 1);
        int part = (block + parts - 1) / parts;
        DoubleFFT_1D fft = Convolution.plan(size);
        // Window halves on a segment, as the per-block pieces of the model compute them.
        double[] falling = new double[block];
        double[] rising = new double[block];
        for (int i = 0; i < block; i++) {
            falling[i] = 0.5 * (1 + Math.cos(Math.PI * i / block));
            rising[i] = 0.5 * (1 + Math.cos(Math.PI * (i - block) / block));
        }
        // Response spectra of two consecutive blocks, slot b % 2 holding block b.
        double[][][] spectra = new double[2][channels][size];
        int[] held = {-1, -1};
        double[] xa = new double[size];
        double[] xb = new double[size];
        double[] y = new double[size];
        // Unscaled inverse: S/2 times the signal; 2/S is exact for a power of two S.
        double inv = 2.0 / size;
        for (int j = 0; j < segments; j++) {
            int s0 = j * block;
            int len = Math.min(block, n - s0);
            if (silent(x, s0, len)) continue;
            double[][] hj = spectra(h, j, spectra, held, fft, size);
            double[][] hk = spectra(h, j + 1, spectra, held, fft, size);
            for (int p0 = 0; p0 < len; p0 += part) {
                int pLen = Math.min(part, len - p0);
                for (int i = 0; i < pLen; i++) {
                    // The pieces are float signals in the model: round the windowed samples alike.
                    xa[i] = (float) (x[s0 + p0 + i] * falling[p0 + i]);
                    xb[i] = (float) (x[s0 + p0 + i] * rising[p0 + i]);
                }
                java.util.Arrays.fill(xa, pLen, size, 0.0);
                java.util.Arrays.fill(xb, pLen, size, 0.0);
                fft.realForward(xa);
                fft.realForward(xb);
                int yLen = pLen + taps - 1;
                int base = s0 + p0 - lead;
                for (int c = 0; c < channels; c++) {
                    multiplyAddPacked(xa, hj[c], xb, hk[c], y, size);
                    fft.realInverse(y, false);
                    float[] o = out[c];
                    int from = Math.max(0, -base);
                    int to = Math.min(yLen, o.length - base);
                    for (int i = from; i < to; i++) o[base + i] += (float) (y[i] * inv);
                }
            }
        }
    }

    /**
     * The power-of-two FFT size with the least transform work per block: one forward transform
     * per response and, per part of a segment, two forward and one inverse per channel.
     */
    static int transformSize(int block, int taps, int channels) {
        int whole = Integer.highestOneBit(Math.max(1, block + taps - 2)) << 1;
        int best = whole;
        double bestCost = Double.MAX_VALUE;
        for (int size = Integer.highestOneBit(Math.max(1, taps)) << 1; size <= whole; size <<= 1) {
            int parts = (block + size - taps) / (size - taps + 1);
            double cost = (channels + parts * (2.0 + channels)) * size * Integer.numberOfTrailingZeros(size);
            if (cost < bestCost) {
                bestCost = cost;
                best = size;
            }
        }
        return best;
    }

    /** The spectra of block b's responses, transformed on first use. */
    private static double[][] spectra(float[][][] h, int b, double[][][] spectra, int[] held, DoubleFFT_1D fft,
                                      int size) {
        int slot = b & 1;
        if (held[slot] != b) {
            for (int c = 0; c < spectra[slot].length; c++) {
                double[] s = spectra[slot][c];
                float[] hc = h[b][c];
                for (int i = 0; i < hc.length; i++) s[i] = hc[i];
                java.util.Arrays.fill(s, hc.length, size, 0.0);
                fft.realForward(s);
            }
            held[slot] = b;
        }
        return spectra[slot];
    }

    private static boolean silent(float[] x, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (x[i] != 0) return false;
        }
        return true;
    }

    /** y ← a·p + b·q on JTransforms' packed real-FFT layout (index 1 holds the real Nyquist bin). */
    private static void multiplyAddPacked(double[] a, double[] p, double[] b, double[] q, double[] y, int size) {
        y[0] = a[0] * p[0] + b[0] * q[0];
        y[1] = a[1] * p[1] + b[1] * q[1];
        for (int k = 1; k < size / 2; k++) {
            double ar = a[2 * k], ai = a[2 * k + 1], pr = p[2 * k], pi = p[2 * k + 1];
            double br = b[2 * k], bi = b[2 * k + 1], qr = q[2 * k], qi = q[2 * k + 1];
            y[2 * k] = ar * pr - ai * pi + (br * qr - bi * qi);
            y[2 * k + 1] = ar * pi + ai * pr + (br * qi + bi * qr);
        }
    }
}
