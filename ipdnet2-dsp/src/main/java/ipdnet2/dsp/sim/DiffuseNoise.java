package ipdnet2.dsp.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import org.jtransforms.fft.DoubleFFT_1D;

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

    private final ArrayGeometry array;
    private final double[][] factors;
    private final double[] window = new double[FRAME];

    /** Precomputes the per-bin mixing factors for {@code array}. */
    public DiffuseNoise(ArrayGeometry array, int sampleRate, double speedOfSound) {
        this.array = array;
        this.factors = factors(array, sampleRate, speedOfSound);
        for (int i = 0; i < FRAME; i++) window[i] = Math.sqrt(0.5 - 0.5 * Math.cos(2 * Math.PI * i / FRAME));
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
        DoubleFFT_1D fft = new DoubleFFT_1D(FRAME);
        double[][] in = new double[m][FRAME];
        double[][] mixed = new double[m][FRAME];
        double[][] acc = new double[m][len];
        // Frames start one hop before the signal so every sample is covered by two frames.
        for (int start = -HOP; start < len; start += HOP) {
            for (int c = 0; c < m; c++) {
                double[] buf = in[c];
                float[] x = independent[c];
                for (int i = 0; i < FRAME; i++) {
                    int n = start + i;
                    buf[i] = (n >= 0 && n < len) ? x[n] * window[i] : 0.0;
                }
                fft.realForward(buf);
            }
            mix(in, mixed, factors, m);
            for (int c = 0; c < m; c++) {
                double[] buf = mixed[c];
                fft.realInverse(buf, true);
                double[] out = acc[c];
                for (int i = 0; i < FRAME; i++) {
                    int n = start + i;
                    if (n >= 0 && n < len) out[n] += buf[i] * window[i];
                }
            }
        }
        float[][] result = new float[m][len];
        for (int c = 0; c < m; c++) {
            for (int n = 0; n < len; n++) result[c][n] = (float) acc[c][n];
        }
        return result;
    }

    /** One row-major m×m square-root factor of Γ per bin 0..FRAME/2. */
    private static double[][] factors(ArrayGeometry array, int sampleRate, double speedOfSound) {
        int m = array.mics();
        int bins = FRAME / 2 + 1;
        double[][] f = new double[bins][m * m];
        double[] a = new double[m * m];
        double[] v = new double[m * m];
        for (int k = 0; k < bins; k++) {
            double hz = (double) k * sampleRate / FRAME;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) a[i * m + j] = coherence(hz, array.spacing(i, j), speedOfSound);
            }
            SymmetricEigen.sqrtFactor(a, m, v, f[k]);
        }
        return f;
    }

    /** out_i(k) = Σ_j F_ij(k)·in_j(k) on the packed real-FFT layout (bin 0 and FRAME/2 are real). */
    private static void mix(double[][] in, double[][] out, double[][] factors, int m) {
        int half = FRAME / 2;
        for (int i = 0; i < m; i++) {
            double[] o = out[i];
            double dc = 0;
            double ny = 0;
            for (int j = 0; j < m; j++) {
                dc += factors[0][i * m + j] * in[j][0];
                ny += factors[half][i * m + j] * in[j][1];
            }
            o[0] = dc;
            o[1] = ny;
            for (int k = 1; k < half; k++) {
                double[] fk = factors[k];
                double re = 0;
                double im = 0;
                for (int j = 0; j < m; j++) {
                    double w = fk[i * m + j];
                    re += w * in[j][2 * k];
                    im += w * in[j][2 * k + 1];
                }
                o[2 * k] = re;
                o[2 * k + 1] = im;
            }
        }
    }
}
