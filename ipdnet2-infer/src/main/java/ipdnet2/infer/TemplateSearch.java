package ipdnet2.infer;

import ipdnet2.dsp.decode.DoaDecoder;
import ipdnet2.dsp.decode.DoaEstimate;
import ipdnet2.dsp.target.DoaTemplates;
import ipdnet2.nn.kernels.Gemm;

/**
 * The decoding of {@link DoaDecoder} (ARCHITECTURE.md §4) with the same results, made fast for
 * live use: ‖p − t_a‖² = ‖p‖² − 2·p·t_a + ‖t_a‖², so the dot products of all the frame's tracks
 * with all 360 templates form one matrix product; only the candidates whose error so estimated
 * lies within a safe margin of the smallest are then evaluated exactly as {@link DoaDecoder}
 * does (double sum of squared differences, first minimum wins), so the chosen template, its MSE
 * and the detection flag are those of {@link DoaDecoder#decodeTrack}.
 *
 * <p>Holds per-frame work arrays: one instance per thread.
 */
final class TemplateSearch {
    /**
     * Relative width of the candidate band: far above the float rounding of a 2048-term dot
     * product (about 1e-6 of ‖p‖·‖t‖), far below typical error gaps between neighbouring templates.
     */
    private static final double MARGIN = 1e-4;

    private final DoaTemplates templates;
    private final double threshold;
    private final int count, size, tracks;
    private final float[] flat, flatT, p, dots;
    private final double[] templateNorm;
    private double maxTemplateNorm;

    TemplateSearch(DoaTemplates templates, double threshold, int tracks) {
        this.templates = templates;
        this.threshold = threshold;
        this.count = templates.count();
        this.size = templates.size();
        this.tracks = tracks;
        flat = new float[count * size];
        // [size][count] as well: products with few rows then run along contiguous template rows
        flatT = new float[size * count];
        templateNorm = new double[count];
        for (int a = 0; a < count; a++) {
            float[] t = templates.template(a);
            System.arraycopy(t, 0, flat, a * size, size);
            for (int i = 0; i < size; i++) flatT[i * count + a] = t[i];
            double s = 0;
            for (float v : t) s += (double) v * v;
            templateNorm[a] = s;
            maxTemplateNorm = Math.max(maxTemplateNorm, s);
        }
        p = new float[BLOCK * tracks * size];
        dots = new float[BLOCK * tracks * count];
    }

    /** Frames decoded with one matrix product (bounds the work arrays). */
    static final int BLOCK = 16;

    /** Decodes every track of one frame laid out [size][K] from {@code pred[off]}. */
    DoaEstimate[] decodeFrame(float[] pred, int off) {
        return decodeFrames(pred, off, 1)[0];
    }

    /** Decodes {@code frames} consecutive frames, each [size][K], from {@code pred[off]}: [frame][track]. */
    DoaEstimate[][] decodeFrames(float[] pred, int off, int frames) {
        DoaEstimate[][] out = new DoaEstimate[frames][tracks];
        int frameSize = size * tracks;
        for (int f0 = 0; f0 < frames; f0 += BLOCK) {
            int nf = Math.min(BLOCK, frames - f0);
            for (int f = 0; f < nf; f++) {
                int src = off + (f0 + f) * frameSize;
                for (int k = 0; k < tracks; k++) {
                    int dst = (f * tracks + k) * size;
                    for (int i = 0; i < size; i++) p[dst + i] = pred[src + i * tracks + k];
                }
            }
            int rows = nf * tracks;
            Gemm.gemm(false, false, rows, count, size, p, 0, size, flatT, 0, count, dots, 0, count, false);
            for (int f = 0; f < nf; f++) {
                for (int k = 0; k < tracks; k++) {
                    out[f0 + f][k] = decodeTrack(pred, off + (f0 + f) * frameSize + k, f * tracks + k);
                }
            }
        }
        return out;
    }

    /** Track at {@code pred[off]} (stride K) whose gathered copy and dot products are row {@code k}. */
    private DoaEstimate decodeTrack(float[] pred, int off, int k) {
        double pn = 0;
        for (int i = 0; i < size; i++) pn += (double) p[k * size + i] * p[k * size + i];
        double minApprox = Double.POSITIVE_INFINITY;
        for (int a = 0; a < count; a++) minApprox = Math.min(minApprox, pn - 2.0 * dots[k * count + a] + templateNorm[a]);
        double band = minApprox + MARGIN * (pn + maxTemplateNorm) + 1e-9;
        int best = 0;
        double bestMse = Double.POSITIVE_INFINITY;
        for (int a = 0; a < count; a++) {
            if (pn - 2.0 * dots[k * count + a] + templateNorm[a] > band) continue;
            // exactly DoaDecoder's sum, in its order
            int base = a * size;
            double sum = 0;
            for (int i = 0, q = off; i < size; i++, q += tracks) {
                double d = pred[q] - flat[base + i];
                sum += d * d;
            }
            double mse = sum / size;
            if (mse < bestMse) {
                bestMse = mse;
                best = a;
            }
        }
        return new DoaEstimate(best, templates.azimuthDeg(best), bestMse, bestMse / DoaDecoder.MSE_SCALE < threshold);
    }
}
