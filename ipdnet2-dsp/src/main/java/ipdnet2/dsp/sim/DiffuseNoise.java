package ipdnet2.dsp.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import org.jtransforms.fft.DoubleFFT_1D;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spatially diffuse noise: independent channel signals are mixed, per STFT bin, by a square-root
 * factor F(f) of the coherence matrix of a spherically isotropic field,
 * Γ_ij(f) = sin(2π f d_ij / c) / (2π f d_ij / c), so that the output's inter-mic coherence is Γ(f)
 * while each channel keeps its own power spectrum (Γ has a unit diagonal).
 *
 * <p>The STFT uses square-root periodic Hann windows of {@value #FRAME} samples at 50 % overlap for
 * analysis and synthesis (their product sums to one), so an identity mixing reconstructs the input.
 */
public final class DiffuseNoise {
    static final int FRAME = 512;
    static final int HOP = FRAME / 2;
    /** Square-root periodic Hann window of analysis and synthesis. */
    private static final double[] WINDOW = new double[FRAME];
    /** Mixing weights per array geometry, sample rate and sound speed: every clip uses the same. */
    private static final Map<String, double[][][]> WEIGHTS = new ConcurrentHashMap<>();
    private static final int CACHED_GEOMETRIES = 64;

    static {
        for (int i = 0; i < FRAME; i++) WINDOW[i] = Math.sqrt(0.5 - 0.5 * Math.cos(2 * Math.PI * i / FRAME));
    }

    private final ArrayGeometry array;
    /**
     * weights[i][j][q]: F_ij of the bin that value q of the packed real-FFT layout belongs to
     * (q = 0 the DC bin, q = 1 the Nyquist bin, q = 2k and 2k+1 bin k), so that the mixing is an
     * element-wise product the compiler vectorises.
     */
    private final double[][][] weights;

    /** Precomputes the per-bin mixing factors for {@code array} (or reuses those of an equal geometry). */
    public DiffuseNoise(ArrayGeometry array, int sampleRate, double speedOfSound) {
        this.array = array;
        StringBuilder key = new StringBuilder().append(sampleRate).append('/').append(speedOfSound);
        for (int m = 0; m < array.mics(); m++) key.append('/').append(Arrays.toString(array.position(m)));
        if (WEIGHTS.size() > CACHED_GEOMETRIES) WEIGHTS.clear();
        this.weights = WEIGHTS.computeIfAbsent(key.toString(), k -> weights(array, sampleRate, speedOfSound));
    }

    /** Spherically isotropic coherence sin(x)/x, x = 2π f d / c. */
    public static double coherence(double frequencyHz, double distanceM, double speedOfSound) {
        double x = 2 * Math.PI * frequencyHz * distanceM / speedOfSound;
        return Math.abs(x) < 1e-12 ? 1.0 : Math.sin(x) / x;
    }

    /**
     * Returns signals with the diffuse-field coherence of the array imposed on
     * {@code independent} (one mutually independent signal per mic, equal power spectra).
     *
     * @param independent [mic][sample], not modified
     */
    public float[][] impose(float[][] independent) {
        int m = array.mics();
        if (independent.length != m) {
            throw new IllegalArgumentException("diffuse noise needs " + m + " independent signals, got "
                    + independent.length);
        }
        int len = independent[0].length;
        for (float[] ch : independent) {
            if (ch.length != len) throw new IllegalArgumentException("independent signals differ in length");
        }
        DoubleFFT_1D fft = Convolution.plan(FRAME);
        double[][] in = new double[m][FRAME];
        double[][] mixed = new double[m][FRAME];
        double[][] acc = new double[m][len];
        // Frames start one hop before the signal so every sample is covered by two frames.
        for (int start = -HOP; start < len; start += HOP) {
            // Frame samples [lo, hi) lie inside the signal; the rest are zero.
            int lo = Math.max(0, -start);
            int hi = Math.min(FRAME, len - start);
            for (int c = 0; c < m; c++) {
                double[] buf = in[c];
                float[] x = independent[c];
                Arrays.fill(buf, 0, lo, 0.0);
                for (int i = lo; i < hi; i++) buf[i] = x[start + i] * WINDOW[i];
                Arrays.fill(buf, hi, FRAME, 0.0);
                fft.realForward(buf);
            }
            mix(in, mixed, weights, m);
            for (int c = 0; c < m; c++) {
                double[] buf = mixed[c];
                fft.realInverse(buf, true);
                double[] out = acc[c];
                for (int i = lo; i < hi; i++) out[start + i] += buf[i] * WINDOW[i];
            }
        }
        float[][] result = new float[m][len];
        for (int c = 0; c < m; c++) {
            for (int n = 0; n < len; n++) result[c][n] = (float) acc[c][n];
        }
        return result;
    }

    /** The row-major m×m square-root factor of Γ per bin 0..FRAME/2, spread on the packed layout. */
    private static double[][][] weights(ArrayGeometry array, int sampleRate, double speedOfSound) {
        int m = array.mics();
        int half = FRAME / 2;
        double[][] f = new double[half + 1][m * m];
        double[] a = new double[m * m];
        double[] v = new double[m * m];
        for (int k = 0; k <= half; k++) {
            double hz = (double) k * sampleRate / FRAME;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) a[i * m + j] = coherence(hz, array.spacing(i, j), speedOfSound);
            }
            SymmetricEigen.sqrtFactor(a, m, v, f[k]);
        }
        double[][][] w = new double[m][m][FRAME];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double[] wij = w[i][j];
                wij[0] = f[0][i * m + j];
                wij[1] = f[half][i * m + j];
                for (int k = 1; k < half; k++) {
                    wij[2 * k] = f[k][i * m + j];
                    wij[2 * k + 1] = f[k][i * m + j];
                }
            }
        }
        return w;
    }

    /** out_i(k) = Σ_j F_ij(k)·in_j(k) on the packed real-FFT layout (bin 0 and FRAME/2 are real). */
    private static void mix(double[][] in, double[][] out, double[][][] weights, int m) {
        for (int i = 0; i < m; i++) {
            double[] o = out[i];
            Arrays.fill(o, 0.0);
            for (int j = 0; j < m; j++) {
                double[] w = weights[i][j];
                double[] x = in[j];
                for (int q = 0; q < FRAME; q++) o[q] += w[q] * x[q];
            }
        }
    }
}
