package ipdnet2.dsp.decode;

import ipdnet2.dsp.target.DoaTemplates;

/**
 * Turns predicted IPD vectors into directions (ARCHITECTURE.md §4): per output frame and track,
 * the mean squared error against every far-field template; the azimuth of the smallest error is
 * the estimate, and the track counts as detected when that error / 0.2919 is below the threshold
 * (0.4 by default, the paper's threshold on the spatial spectrum).
 */
public final class DoaDecoder {
    /** Divides the minimum MSE before comparing with the threshold (published code). */
    public static final double MSE_SCALE = 0.2919;
    /** Default detection threshold. */
    public static final double DEFAULT_THRESHOLD = 0.4;

    private final DoaTemplates templates;
    private final double threshold;
    private final int size;
    private final float[] flat;

    /** A decoder with the default threshold. */
    public DoaDecoder(DoaTemplates templates) {
        this(templates, DEFAULT_THRESHOLD);
    }

    public DoaDecoder(DoaTemplates templates, double threshold) {
        this.templates = templates;
        this.threshold = threshold;
        this.size = templates.size();
        this.flat = new float[templates.count() * size];
        for (int a = 0; a < templates.count(); a++) System.arraycopy(templates.template(a), 0, flat, a * size, size);
    }

    public DoaTemplates templates() {
        return templates;
    }

    public double threshold() {
        return threshold;
    }

    /**
     * Decodes one track's prediction: value i of its [512][M-1] vector is
     * {@code pred[off + i·stride]} (stride K for the interleaved network output).
     */
    public DoaEstimate decodeTrack(float[] pred, int off, int stride) {
        int best = 0;
        double bestMse = Double.POSITIVE_INFINITY;
        int count = templates.count();
        for (int a = 0; a < count; a++) {
            int base = a * size;
            double sum = 0;
            for (int i = 0, p = off; i < size; i++, p += stride) {
                double d = pred[p] - flat[base + i];
                sum += d * d;
            }
            double mse = sum / size;
            if (mse < bestMse) {
                bestMse = mse;
                best = a;
            }
        }
        return new DoaEstimate(best, templates.azimuthDeg(best), bestMse, bestMse / MSE_SCALE < threshold);
    }

    /**
     * Decodes a whole clip's prediction laid out [T][512][M-1][K]; returns [T][K] estimates.
     */
    public DoaEstimate[][] decodeClip(float[] pred, int frames, int tracks) {
        if (pred.length != frames * size * tracks) {
            throw new IllegalArgumentException("prediction has " + pred.length + " values, expected " + frames + " frames x "
                    + size + " x " + tracks + " tracks");
        }
        DoaEstimate[][] out = new DoaEstimate[frames][tracks];
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < tracks; k++) out[t][k] = decodeTrack(pred, t * size * tracks + k, tracks);
        }
        return out;
    }
}
