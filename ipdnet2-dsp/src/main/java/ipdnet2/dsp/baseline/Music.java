package ipdnet2.dsp.baseline;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.stft.Stft;

/**
 * Narrowband MUSIC (Schmidt 1986) on the 1° azimuth grid, averaged incoherently over frequency.
 *
 * <p>Per bin k and output frame j (STFT frames 5j … 5j+4): the spatial covariance
 * R_j = α·R_{j−1} + Σ_t x_t·x_tᴴ (x_t the M mic values of bin k in STFT frame t of output frame j,
 * α = {@link #DEFAULT_SMOOTHING}, the causal recursive average of {@link SrpPhat}; the subspaces do
 * not depend on R's scale, so it is left unnormalised). Its
 * {@value #SOURCES} largest eigenvectors span the signal subspace E_s. For the far-field steering
 * vector a_m(θ) = e^{jω u(θ)·m/c} (the sign of {@link SrpPhat}'s steering; |a|² = M) the bin's
 * pseudo-spectrum is the share of a in the signal subspace, ‖E_sᴴ a‖²/M = 1 − ‖E_nᴴ a‖²/M: a
 * monotone map of the classical 1/‖E_nᴴ a‖², with the same peaks but bounded in [0, 1], so that the
 * average over bins {@value SrpPhat#FIRST_BIN} … {@value SrpPhat#LAST_BIN} is not ruled by a few
 * bins where a null is nearly exact, and can be thresholded like SRP-PHAT's normalised power.
 *
 * <p>The Hermitian M × M covariance is decomposed through its real 2M × 2M embedding
 * [[Re R, −Im R], [Im R, Re R]], whose eigenvalues are R's, each twice; E_s then corresponds to the
 * 2·{@value #SOURCES} leading real eigenvectors. A bin whose covariance is zero (silence) adds 0.
 *
 * <p>All work arrays are local to {@link #spectra}; one instance may serve several threads.
 */
public final class Music implements SpatialSpectrum {
    /** Smoothing constant α of the covariance across output frames. */
    public static final double DEFAULT_SMOOTHING = SrpPhat.DEFAULT_SMOOTHING;
    /** Dimension of the signal subspace: two talkers. */
    public static final int SOURCES = 2;
    private static final int BINS = SrpPhat.LAST_BIN - SrpPhat.FIRST_BIN + 1;

    private final ArrayGeometry geometry;
    private final double smoothing;
    private final int mics;
    /** Steering vector real and imaginary parts per [bin − FIRST_BIN][azimuth][mic]. */
    private final float[] steerRe;
    private final float[] steerIm;

    public Music(ArrayGeometry geometry) {
        this(geometry, DEFAULT_SMOOTHING);
    }

    /** @param smoothing α in [0, 1): weight of the previous output frame's covariance */
    public Music(ArrayGeometry geometry, double smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("smoothing must be in [0, 1), got " + smoothing);
        }
        if (geometry.mics() <= SOURCES) {
            throw new IllegalArgumentException("MUSIC for " + SOURCES + " sources needs more than " + SOURCES
                    + " mics, the array has " + geometry.mics());
        }
        this.geometry = geometry;
        this.smoothing = smoothing;
        this.mics = geometry.mics();
        steerRe = new float[BINS * AzimuthGrid.SIZE * mics];
        steerIm = new float[BINS * AzimuthGrid.SIZE * mics];
        for (int k = SrpPhat.FIRST_BIN; k <= SrpPhat.LAST_BIN; k++) {
            double w = 2 * Math.PI * k * 16000.0 / Stft.N_FFT / SrpPhat.SOUND_SPEED;
            for (int i = 0; i < AzimuthGrid.SIZE; i++) {
                double ux = Math.cos(AzimuthGrid.azimuthRad(i)), uy = Math.sin(AzimuthGrid.azimuthRad(i));
                for (int m = 0; m < mics; m++) {
                    double[] p = geometry.position(m);
                    double phase = w * (ux * p[0] + uy * p[1]);
                    int o = ((k - SrpPhat.FIRST_BIN) * AzimuthGrid.SIZE + i) * mics + m;
                    steerRe[o] = (float) Math.cos(phase);
                    steerIm[o] = (float) Math.sin(phase);
                }
            }
        }
    }

    @Override
    public String name() {
        return "music";
    }

    @Override
    public ArrayGeometry geometry() {
        return geometry;
    }

    @Override
    public float[][] spectra(float[][] channels) {
        FrameBlocks fb = FrameBlocks.of(channels, mics);
        int n2 = 2 * mics;
        int cov = mics * mics;
        // smoothed covariance per bin: re then im, row-major M×M
        double[] rRe = new double[BINS * cov];
        double[] rIm = new double[BINS * cov];
        double[] emb = new double[n2 * n2];
        double[] vec = new double[n2 * n2];
        float[] signal = new float[2 * SOURCES * n2];
        int[] order = new int[n2];
        double a = smoothing;
        float[][] out = new float[fb.frames][AzimuthGrid.SIZE];
        float norm = 1f / (BINS * mics);
        for (int j = 0; j < fb.frames; j++) {
            for (int i = 0; i < rRe.length; i++) {
                rRe[i] *= a;
                rIm[i] *= a;
            }
            for (int t = j * FrameBlocks.STFT_PER_FRAME; t < (j + 1) * FrameBlocks.STFT_PER_FRAME; t++) {
                int base = t * Stft.BINS;
                for (int k = SrpPhat.FIRST_BIN; k <= SrpPhat.LAST_BIN; k++) {
                    int o = (k - SrpPhat.FIRST_BIN) * cov;
                    for (int p = 0; p < mics; p++) {
                        double xr = fb.re[p][base + k], xi = fb.im[p][base + k];
                        for (int q = 0; q < mics; q++) {
                            double yr = fb.re[q][base + k], yi = fb.im[q][base + k];
                            // x_p·conj(x_q)
                            rRe[o + p * mics + q] += xr * yr + xi * yi;
                            rIm[o + p * mics + q] += xi * yr - xr * yi;
                        }
                    }
                }
            }
            if (fb.silent[j]) continue;
            float[] spec = out[j];
            for (int k = 0; k < BINS; k++) {
                if (!signalSubspace(rRe, rIm, k * cov, emb, vec, order, signal)) continue;
                int so = k * AzimuthGrid.SIZE * mics;
                for (int az = 0; az < AzimuthGrid.SIZE; az++) {
                    int ao = so + az * mics;
                    float share = 0f;
                    for (int e = 0; e < 2 * SOURCES; e++) {
                        int eo = e * n2;
                        float dot = 0f;
                        for (int m = 0; m < mics; m++) {
                            dot += signal[eo + m] * steerRe[ao + m] + signal[eo + mics + m] * steerIm[ao + m];
                        }
                        share += dot * dot;
                    }
                    spec[az] += share * norm;
                }
            }
        }
        return out;
    }

    /**
     * Writes the 2·SOURCES leading eigenvectors of the real embedding of the covariance at
     * rRe/rIm[off …] into {@code signal} (one 2M-vector each); false when the covariance is zero.
     */
    private boolean signalSubspace(double[] rRe, double[] rIm, int off, double[] emb, double[] vec, int[] order,
                                   float[] signal) {
        int n2 = 2 * mics;
        double trace = 0;
        for (int p = 0; p < mics; p++) trace += rRe[off + p * mics + p];
        if (!(trace > 0)) return false;
        for (int p = 0; p < mics; p++) {
            for (int q = 0; q < mics; q++) {
                double re = rRe[off + p * mics + q], im = rIm[off + p * mics + q];
                emb[p * n2 + q] = re;
                emb[(p + mics) * n2 + q + mics] = re;
                emb[p * n2 + q + mics] = -im;
                emb[(p + mics) * n2 + q] = im;
            }
        }
        SymmetricJacobi.decompose(emb, n2, vec);
        for (int i = 0; i < n2; i++) order[i] = i;
        // selection of the largest eigenvalues (n2 is tiny)
        for (int i = 0; i < 2 * SOURCES; i++) {
            int best = i;
            for (int c = i + 1; c < n2; c++) if (emb[order[c] * n2 + order[c]] > emb[order[best] * n2 + order[best]]) best = c;
            int tmp = order[i];
            order[i] = order[best];
            order[best] = tmp;
            for (int r = 0; r < n2; r++) signal[i * n2 + r] = (float) vec[r * n2 + order[i]];
        }
        return true;
    }
}
