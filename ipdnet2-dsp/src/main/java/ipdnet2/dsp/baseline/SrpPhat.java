package ipdnet2.dsp.baseline;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.stft.Stft;

/**
 * Steered response power with phase transform (SRP-PHAT) on the 1° azimuth grid.
 *
 * <p>Per STFT frame t, bin k and mic pair (a, b), a &lt; b, the PHAT-weighted cross-spectrum
 * Ĉ = X_a·conj(X_b) / |X_a·conj(X_b)| (0 where X_a·conj(X_b) = 0). Per output frame j (STFT frames
 * 5j … 5j+4) the mean of Ĉ over its five STFT frames is smoothed causally across output frames:
 * S_j = Σ_{i≤j} α^{j−i}·mean_i(Ĉ) / Σ_{i≤j} α^{j−i} (a recursive average whose weights are
 * renormalised, so the first frames are not biased towards zero), with α = {@link #DEFAULT_SMOOTHING}
 * unless given; α = 0 uses the output frame alone.
 *
 * <p>Steering (far field, source in the array plane, unit direction u(θ), c = 340 m/s): a talker
 * at θ gives X_m ∝ e^{−jω τ_m} with τ_m = −u·m/c, so X_a·conj(X_b) has phase ψ = ω u·(m_a − m_b)/c;
 * for the pair (0, p) this is −ω u·(m_p − m_0)/c, the phase of the templates of
 * {@link ipdnet2.dsp.target.DoaTemplates} (ARCHITECTURE.md §4). The normalised power is
 * P(θ) = (1 / (pairs·bins)) Σ_pairs Σ_k Re(S·e^{−jψ}) ∈ [−1, 1]: 1 for a single talker
 * in every bin with no noise and no reverberation, near 0 for incoherent noise, 0 in silence.
 *
 * <p>Bins {@value #FIRST_BIN} … {@value #LAST_BIN} (94 Hz … 7.97 kHz) are used: below, the array
 * (at most 6 cm across) has almost no phase difference to steer with; bin 256 (Nyquist) is real.
 *
 * <p>All work arrays are local to {@link #spectra} and the steering tables are read-only, so one
 * instance may serve several threads.
 */
public final class SrpPhat implements SpatialSpectrum {
    /** Smoothing constant α of the causal recursive average across output frames (chosen on the calibration set, see {@link BaselineLocalizer}). */
    public static final double DEFAULT_SMOOTHING = 0.5;
    /** First and last STFT bin steered over. */
    public static final int FIRST_BIN = 3;
    public static final int LAST_BIN = 255;
    static final double SOUND_SPEED = 340.0;
    private static final int BINS = LAST_BIN - FIRST_BIN + 1;

    private final ArrayGeometry geometry;
    private final double smoothing;
    private final int[] pairA;
    private final int[] pairB;
    /** cos ψ and sin ψ per [azimuth][pair·BINS + bin − FIRST_BIN]. */
    private final float[] cosTable;
    private final float[] sinTable;

    /** SRP-PHAT with the default smoothing constant. */
    public SrpPhat(ArrayGeometry geometry) {
        this(geometry, DEFAULT_SMOOTHING);
    }

    /** @param smoothing α in [0, 1): weight of the previous output frame's smoothed cross-spectra */
    public SrpPhat(ArrayGeometry geometry, double smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("smoothing must be in [0, 1), got " + smoothing);
        }
        this.geometry = geometry;
        this.smoothing = smoothing;
        int m = geometry.mics();
        int pairs = m * (m - 1) / 2;
        pairA = new int[pairs];
        pairB = new int[pairs];
        int p = 0;
        for (int a = 0; a < m; a++) {
            for (int b = a + 1; b < m; b++) {
                pairA[p] = a;
                pairB[p] = b;
                p++;
            }
        }
        int row = pairs * BINS;
        cosTable = new float[AzimuthGrid.SIZE * row];
        sinTable = new float[AzimuthGrid.SIZE * row];
        for (int i = 0; i < AzimuthGrid.SIZE; i++) {
            double ux = Math.cos(AzimuthGrid.azimuthRad(i));
            double uy = Math.sin(AzimuthGrid.azimuthRad(i));
            for (int q = 0; q < pairs; q++) {
                double[] ma = geometry.position(pairA[q]);
                double[] mb = geometry.position(pairB[q]);
                double proj = ux * (ma[0] - mb[0]) + uy * (ma[1] - mb[1]);
                for (int k = FIRST_BIN; k <= LAST_BIN; k++) {
                    double psi = 2 * Math.PI * k * 16000.0 / Stft.N_FFT * proj / SOUND_SPEED;
                    int o = i * row + q * BINS + k - FIRST_BIN;
                    cosTable[o] = (float) Math.cos(psi);
                    sinTable[o] = (float) Math.sin(psi);
                }
            }
        }
    }

    @Override
    public String name() {
        return "srp-phat";
    }

    @Override
    public ArrayGeometry geometry() {
        return geometry;
    }

    /** The smoothing constant α. */
    public double smoothing() {
        return smoothing;
    }

    @Override
    public float[][] spectra(float[][] channels) {
        FrameBlocks fb = FrameBlocks.of(channels, geometry.mics());
        int pairs = pairA.length;
        int row = pairs * BINS;
        float[] sRe = new float[row];
        float[] sIm = new float[row];
        float[] mRe = new float[row];
        float[] mIm = new float[row];
        float a = (float) smoothing;
        double weight = 0;
        float[][] out = new float[fb.frames][AzimuthGrid.SIZE];
        for (int j = 0; j < fb.frames; j++) {
            java.util.Arrays.fill(mRe, 0f);
            java.util.Arrays.fill(mIm, 0f);
            for (int t = j * FrameBlocks.STFT_PER_FRAME; t < (j + 1) * FrameBlocks.STFT_PER_FRAME; t++) {
                accumulatePhat(fb, t, mRe, mIm);
            }
            for (int i = 0; i < row; i++) {
                sRe[i] = a * sRe[i] + mRe[i];
                sIm[i] = a * sIm[i] + mIm[i];
            }
            weight = smoothing * weight + 1;
            if (fb.silent[j]) continue;
            float norm = (float) (1 / (weight * FrameBlocks.STFT_PER_FRAME * row));
            float[] p = out[j];
            for (int az = 0; az < AzimuthGrid.SIZE; az++) {
                int o = az * row;
                float acc = 0f;
                for (int i = 0; i < row; i++) acc += sRe[i] * cosTable[o + i] + sIm[i] * sinTable[o + i];
                p[az] = acc * norm;
            }
        }
        return out;
    }

    /** Adds the PHAT-weighted cross-spectra of STFT frame t to mRe/mIm [pair·BINS + bin]. */
    private void accumulatePhat(FrameBlocks fb, int t, float[] mRe, float[] mIm) {
        int base = t * Stft.BINS;
        for (int q = 0; q < pairA.length; q++) {
            float[] ar = fb.re[pairA[q]], ai = fb.im[pairA[q]], br = fb.re[pairB[q]], bi = fb.im[pairB[q]];
            int o = q * BINS - FIRST_BIN;
            for (int k = FIRST_BIN; k <= LAST_BIN; k++) {
                float xr = ar[base + k], xi = ai[base + k], yr = br[base + k], yi = bi[base + k];
                float cr = xr * yr + xi * yi;
                float ci = xi * yr - xr * yi;
                float mag = (float) Math.sqrt(cr * cr + ci * ci);
                if (mag > 0f) {
                    mRe[o + k] += cr / mag;
                    mIm[o + k] += ci / mag;
                }
            }
        }
    }
}
