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
 * <p>Immutable and thread-safe; each call allocates its own work arrays.
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
     * Predictions decoded per pass over the templates: 64 rows of 2048 floats (512 KiB, the 40
     * predictions of a 4-s clip in one pass) stay in a core's second-level cache while the
     * templates stream past them once.
     */
    static final int BATCH = 64;
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
    /**
     * When the grid pairs every azimuth a with its opposite a + count/2 (the default whole-degree
     * grid of a planar array): the cosine halves [count/2][size/2] and the sine halves of the
     * first count/2 templates; else null. Opposite directions have opposite delays, so template
     * a + count/2 is (cos, −sin) of template a and its dot product is the cosine half's minus the
     * sine half's: half the multiply-adds of the estimating pass. The pairing holds to float
     * rounding of the templates (checked at construction to {@value #PAIRING_TOLERANCE}), far
     * inside the band, and the exact search that follows uses every template's own values.
     */
    private final float[] halfCos, halfSin;
    private static final double PAIRING_TOLERANCE = 1e-6;

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
        if (opposite(flat, count, size)) {
            int half = count / 2, hs = size / 2;
            halfCos = new float[half * hs];
            halfSin = new float[half * hs];
            for (int a = 0; a < half; a++) {
                System.arraycopy(flat, a * size, halfCos, a * hs, hs);
                System.arraycopy(flat, a * size + hs, halfSin, a * hs, hs);
            }
        } else {
            halfCos = null;
            halfSin = null;
        }
    }

    /**
     * Whether template a + count/2 is (cos, −sin) of template a for every a &lt; count/2, the
     * layout being [cos values | sin values] (DoaTemplates).
     */
    private static boolean opposite(float[] flat, int count, int size) {
        if (count % 2 != 0 || size % 2 != 0) return false;
        int half = count / 2, hs = size / 2;
        for (int a = 0; a < half; a++) {
            int t = a * size, o = (a + half) * size;
            for (int i = 0; i < hs; i++) {
                if (Math.abs(flat[o + i] - flat[t + i]) > PAIRING_TOLERANCE) return false;
                if (Math.abs(flat[o + hs + i] + flat[t + hs + i]) > PAIRING_TOLERANCE) return false;
            }
        }
        return true;
    }

    /** Whether the estimating pass uses the pairing of opposite directions ({@link #halfCos}). */
    boolean pairsOpposites() {
        return halfCos != null;
    }

    /** dots[j·count + a] ≈ p_j · t_a for the {@code preds} rows of p (see {@link #halfCos}). */
    private void templateDots(float[] p, int preds, float[] dots) {
        if (halfCos == null) {
            dotAll(VECTOR, p, preds, flat, count, size, dots);
            return;
        }
        int half = count / 2, hs = size / 2;
        float[] pc = new float[preds * hs], ps = new float[preds * hs];
        for (int j = 0; j < preds; j++) {
            System.arraycopy(p, j * size, pc, j * hs, hs);
            System.arraycopy(p, j * size + hs, ps, j * hs, hs);
        }
        float[] dc = new float[preds * half], ds = new float[preds * half];
        dotAll(VECTOR, pc, preds, halfCos, half, hs, dc);
        dotAll(VECTOR, ps, preds, halfSin, half, hs, ds);
        for (int j = 0; j < preds; j++) {
            for (int a = 0; a < half; a++) {
                float c = dc[j * half + a], sn = ds[j * half + a];
                dots[j * count + a] = c + sn;
                dots[j * count + a + half] = c - sn;
            }
        }
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
        float[] p = new float[size];
        float[] dots = new float[count];
        double pn = gather(pred, off, stride, p, 0);
        templateDots(p, 1, dots);
        return pick(p, 0, pn, dots, 0);
    }

    /** Decodes every track of one frame laid out [512][M-1][K] from {@code pred[off]}: [K] estimates. */
    public DoaEstimate[] decodeFrame(float[] pred, int off, int tracks) {
        return decodeFrames(pred, off, 1, tracks)[0];
    }

    /**
     * Decodes {@code frames} consecutive frames, each laid out [512][M-1][K], from
     * {@code pred[off]}; returns [frames][K] estimates, each the same as {@link #decodeTrack} of
     * that track.
     *
     * <p>The predictions are gathered into rows and decoded {@value #BATCH} at a time in one pass
     * over the template matrix (templates × values, 360 × 2048 floats, larger than the core's
     * caches), instead of one pass per prediction: decoding is bound by reading the templates.
     */
    public DoaEstimate[][] decodeFrames(float[] pred, int off, int frames, int tracks) {
        checkFrames(pred, off, frames, tracks);
        DoaEstimate[][] out = new DoaEstimate[frames][tracks];
        inBatches(pred, off, frames, tracks, (first, n, p, pn, dots) -> {
            for (int j = 0; j < n; j++) {
                out[(first + j) / tracks][(first + j) % tracks] = pick(p, j * size, pn[j], dots, j * count);
            }
        });
        return out;
    }

    /**
     * The error against every template of the {@code frames} frames at {@code pred[off]} (each
     * [512][M-1][K]): {@code out[(t·K + k)·count + a]} is the MSE of frame t, track k against
     * template a. These are the estimates of the search's first pass, ‖p‖² − 2·p·t_a + ‖t_a‖² over
     * the size, within float rounding (about 1e-6 of ‖p‖·‖t_a‖) of the exact errors; averaged over
     * predictions ({@link SymmetricDecoder}) that rounding is far below their differences.
     */
    public void errorSpectra(float[] pred, int off, int frames, int tracks, double[] out) {
        checkFrames(pred, off, frames, tracks);
        if (out.length < (long) frames * tracks * count) {
            throw new IllegalArgumentException("spectra need " + (long) frames * tracks * count + " values, got " + out.length);
        }
        inBatches(pred, off, frames, tracks, (first, n, p, pn, dots) -> {
            for (int j = 0; j < n; j++) {
                int o = (first + j) * count;
                for (int a = 0; a < count; a++) out[o + a] = (pn[j] - 2.0 * dots[j * count + a] + templateNorm[a]) / size;
            }
        });
    }

    /** Rejects a frame range that does not lie within the prediction. */
    private void checkFrames(float[] pred, int off, int frames, int tracks) {
        long end = off + (long) frames * size * tracks;
        if (off < 0 || frames < 0 || tracks < 1 || end > pred.length) {
            throw new IllegalArgumentException("prediction has " + pred.length + " values, " + frames + " frames x "
                    + size + " x " + tracks + " tracks from " + off + " need " + end);
        }
    }

    /** One batch of {@link #inBatches}: rows first..first+n−1 gathered in p, their ‖p‖² and template dots. */
    private interface Batch {
        void accept(int first, int n, float[] p, double[] pn, float[] dots);
    }

    /**
     * The first pass over the {@code frames} frames at {@code pred[off]} (each [512][M-1][K], the
     * range checked by the caller): row
     * r = t·K + k (frame t, track k) is gathered, and the rows go {@value #BATCH} at a time through
     * one pass over the templates, each batch then handed to {@code batch}.
     */
    private void inBatches(float[] pred, int off, int frames, int tracks, Batch batch) {
        int total = frames * tracks;
        int rows = Math.max(1, Math.min(BATCH, total));
        float[] p = new float[rows * size];
        double[] pn = new double[rows];
        float[] dots = new float[rows * count];
        for (int first = 0; first < total; first += rows) {
            int n = Math.min(rows, total - first);
            for (int j = 0; j < n; j++) {
                int t = (first + j) / tracks, k = (first + j) % tracks;
                pn[j] = gather(pred, off + t * size * tracks + k, tracks, p, j * size);
            }
            templateDots(p, n, dots);
            batch.accept(first, n, p, pn, dots);
        }
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

    /** Copies one track at {@code pred[off]} (stride {@code stride}) to {@code p[to..to+size)}; returns ‖p‖². */
    private double gather(float[] pred, int off, int stride, float[] p, int to) {
        double pn = 0;
        for (int i = 0, q = off; i < size; i++, q += stride) {
            float v = pred[q];
            p[to + i] = v;
            pn += (double) v * v;
        }
        return pn;
    }

    /**
     * The exact search of one prediction {@code p[po..po+size)} with squared norm {@code pn},
     * given its template dot products {@code dots[d..d+count)}: the exact error of every template
     * whose estimate lies within the band, the smallest wins (the first on ties).
     */
    private DoaEstimate pick(float[] p, int po, double pn, float[] dots, int d) {
        double minApprox = Double.POSITIVE_INFINITY;
        for (int a = 0; a < count; a++) minApprox = Math.min(minApprox, pn - 2.0 * dots[d + a] + templateNorm[a]);
        double band = minApprox + MARGIN * (pn + maxTemplateNorm) + 1e-9;
        int best = 0;
        double bestMse = Double.POSITIVE_INFINITY;
        for (int a = 0; a < count; a++) {
            if (pn - 2.0 * dots[d + a] + templateNorm[a] > band) continue;
            int base = a * size;
            double sum = 0;
            for (int i = 0; i < size; i++) {
                double diff = p[po + i] - flat[base + i];
                sum += diff * diff;
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
     * dots[j·count + a] = p_j · t_a for every prediction row j &lt; preds of {@code p} and every
     * template: in vector lanes ({@link VectorDots}) when {@link #VECTOR}, else one fused
     * multiply-add chain per pair in increasing i, with each block of four templates reused by
     * every prediction before the next is read. Either way a pair's sum does not depend on the
     * other rows. The two paths differ by float rounding (lane sums versus one running sum, about
     * 1e-6 of ‖p‖·‖t‖ for 2048 terms), far inside {@link #MARGIN}, so the exact search picks the
     * same template.
     */
    static void dotAll(boolean vector, float[] p, int preds, float[] flat, int count, int size, float[] dots) {
        if (vector) {
            VectorDots.dotAll(p, preds, flat, count, size, dots);
            return;
        }
        for (int a0 = 0; a0 < count; a0 += 4) {
            int a1 = Math.min(count, a0 + 4);
            for (int j = 0; j < preds; j++) {
                int q = j * size;
                for (int a = a0; a < a1; a++) {
                    int b = a * size;
                    float r = 0;
                    for (int i = 0; i < size; i++) r = Math.fma(p[q + i], flat[b + i], r);
                    dots[j * count + a] = r;
                }
            }
        }
    }
}
