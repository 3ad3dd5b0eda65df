package ipdnet2.dsp.decode;

import ipdnet2.dsp.target.DoaTemplates;

/**
 * Turns predicted IPD vectors into directions (ARCHITECTURE.md §4): per output frame and track,
 * the mean squared error against every far-field template; the azimuth of the smallest error is
 * the estimate (the first template on ties), and the track counts as detected when that error /
 * 0.2919 is below the threshold (0.4 by default, the paper's threshold on the spatial spectrum).
 *
 * <p>The search is made fast without changing its result: ‖p − t_a‖² = ‖p‖² − 2·p·t_a + ‖t_a‖²,
 * so one pass of float dot products (vectorised) estimates every template's error; only the
 * templates whose estimate lies within a safe margin of the smallest are then evaluated exactly
 * (double sum of the squared float differences, in index order), and the smallest exact error
 * wins. The chosen template, its MSE and the detection flag are thus those of the exhaustive
 * exact search.
 *
 * <p>Immutable and thread-safe; each call allocates its own small work arrays.
 */
public final class DoaDecoder {
    /** Divides the minimum MSE before comparing with the threshold (published code). */
    public static final double MSE_SCALE = 0.2919;
    /** Default detection threshold. */
    public static final double DEFAULT_THRESHOLD = 0.4;

    /**
     * Relative width of the candidate band: far above the float rounding of a 2048-term dot
     * product (about 1e-6 of ‖p‖·‖t‖), far below typical error gaps between neighbouring templates.
     */
    private static final double MARGIN = 1e-4;
    /**
     * True when the template dot products run on the Vector API: module
     * {@code jdk.incubator.vector} is in the boot layer and property {@code ipdnet2.vector} is not
     * {@code "false"} (the same rule as the network's kernels; the signal chain does not depend on
     * them, and this is its only vector loop). {@link VectorDots} is loaded only when true.
     */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equalsIgnoreCase(System.getProperty("ipdnet2.vector"));

    private final DoaTemplates templates;
    private final double threshold;
    private final int count, size;
    /** Templates as rows [count][size]. */
    private final float[] flat;
    /** ‖t_a‖² per template, and their maximum (sets the band's scale). */
    private final double[] templateNorm;
    private final double maxTemplateNorm;

    /** A decoder with the default threshold. */
    public DoaDecoder(DoaTemplates templates) {
        this(templates, DEFAULT_THRESHOLD);
    }

    public DoaDecoder(DoaTemplates templates, double threshold) {
        this.templates = templates;
        this.threshold = threshold;
        this.count = templates.count();
        this.size = templates.size();
        this.flat = new float[count * size];
        this.templateNorm = new double[count];
        double maxNorm = 0;
        for (int a = 0; a < count; a++) {
            float[] t = templates.template(a);
            System.arraycopy(t, 0, flat, a * size, size);
            double s = 0;
            for (float v : t) s += (double) v * v;
            templateNorm[a] = s;
            maxNorm = Math.max(maxNorm, s);
        }
        this.maxTemplateNorm = maxNorm;
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
        return decode(pred, off, stride, new float[size], new float[count]);
    }

    /** Decodes every track of one frame laid out [512][M-1][K] from {@code pred[off]}: [K] estimates. */
    public DoaEstimate[] decodeFrame(float[] pred, int off, int tracks) {
        return decodeFrames(pred, off, 1, tracks)[0];
    }

    /**
     * Decodes {@code frames} consecutive frames, each laid out [512][M-1][K], from
     * {@code pred[off]}; returns [frames][K] estimates.
     */
    public DoaEstimate[][] decodeFrames(float[] pred, int off, int frames, int tracks) {
        long end = off + (long) frames * size * tracks;
        if (off < 0 || end > pred.length) {
            throw new IllegalArgumentException("prediction has " + pred.length + " values, " + frames + " frames x "
                    + size + " x " + tracks + " tracks from " + off + " need " + end);
        }
        float[] p = new float[size];
        float[] dots = new float[count];
        DoaEstimate[][] out = new DoaEstimate[frames][tracks];
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < tracks; k++) out[t][k] = decode(pred, off + t * size * tracks + k, tracks, p, dots);
        }
        return out;
    }

    /**
     * Decodes a whole clip's prediction laid out [T][512][M-1][K]; returns [T][K] estimates.
     */
    public DoaEstimate[][] decodeClip(float[] pred, int frames, int tracks) {
        if (pred.length != frames * size * tracks) {
            throw new IllegalArgumentException("prediction has " + pred.length + " values, expected " + frames + " frames x "
                    + size + " x " + tracks + " tracks");
        }
        return decodeFrames(pred, 0, frames, tracks);
    }

    /** One track at {@code pred[off]} (stride {@code stride}); {@code p} and {@code dots} are work arrays. */
    private DoaEstimate decode(float[] pred, int off, int stride, float[] p, float[] dots) {
        double pn = 0;
        for (int i = 0, q = off; i < size; i++, q += stride) {
            float v = pred[q];
            p[i] = v;
            pn += (double) v * v;
        }
        dotAll(VECTOR, p, flat, count, size, dots);
        double minApprox = Double.POSITIVE_INFINITY;
        for (int a = 0; a < count; a++) minApprox = Math.min(minApprox, pn - 2.0 * dots[a] + templateNorm[a]);
        double band = minApprox + MARGIN * (pn + maxTemplateNorm) + 1e-9;
        int best = 0;
        double bestMse = Double.POSITIVE_INFINITY;
        for (int a = 0; a < count; a++) {
            if (pn - 2.0 * dots[a] + templateNorm[a] > band) continue;
            int base = a * size;
            double sum = 0;
            for (int i = 0; i < size; i++) {
                double d = p[i] - flat[base + i];
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
     * dots[a] = p · t_a for every template: in vector lanes ({@link VectorDots}) when
     * {@link #VECTOR}, else one fused multiply-add chain per template in increasing i. The two
     * differ by float rounding (lane sums versus one running sum, about 1e-6 of ‖p‖·‖t‖ for
     * 2048 terms), far inside {@link #MARGIN}, so the exact search picks the same template.
     */
    static void dotAll(boolean vector, float[] p, float[] flat, int count, int size, float[] dots) {
        if (vector) {
            VectorDots.dotAll(p, flat, count, size, dots);
            return;
        }
        for (int a = 0; a < count; a++) {
            int b = a * size;
            float r = 0;
            for (int i = 0; i < size; i++) r = Math.fma(p[i], flat[b + i], r);
            dots[a] = r;
        }
    }
}
