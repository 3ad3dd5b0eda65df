package ipdnet2.dsp.decode;

import ipdnet2.dsp.array.ArraySymmetry;
import ipdnet2.dsp.target.DoaTemplates;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes together the network's outputs on the same audio with its channels reordered by each
 * symmetry of the array ({@link ArraySymmetry}), to average out errors that are not themselves
 * symmetric.
 *
 * <p>Per output frame, each output's error spectrum (its MSE against every template,
 * {@link DoaDecoder#errorSpectra}) is mapped from the directions the network saw to the array's
 * (θ = Rθ'); the spectra are averaged track by track, and each track's estimate is the azimuth of
 * the mean's smallest error, detected when that error / 0.2919 is below the threshold, as in
 * {@link DoaDecoder}. The network's K tracks come in no fixed order, and not necessarily in the
 * same order for every reordering: each symmetry's tracks are first matched to the identity's by
 * the permutation with the smallest summed squared distance between their spectra.
 *
 * <p>With the identity alone this gives the estimates of {@link DoaDecoder} (its error
 * spectra are the first pass's estimates, equal to the exact search's up to float rounding).
 * Immutable and thread-safe.
 */
public final class SymmetricDecoder {
    private final DoaDecoder decoder;
    private final DoaTemplates templates;
    private final int count;
    /** toArray[s][a]: the template index, in the array's directions, of network template a under symmetry s. */
    private final int[][] toArray;
    private final int symmetries;

    /**
     * @param decoder    decoding grid and threshold; its grid must map onto itself under every symmetry
     * @param symmetries the identity first, then any others of the decoder's array
     */
    public SymmetricDecoder(DoaDecoder decoder, List<ArraySymmetry> symmetries) {
        if (symmetries.isEmpty() || !symmetries.get(0).isIdentity()) {
            throw new IllegalArgumentException("the first symmetry must be the identity");
        }
        this.decoder = decoder;
        this.templates = decoder.templates();
        this.count = templates.count();
        this.symmetries = symmetries.size();
        this.toArray = new int[this.symmetries][count];
        for (int s = 0; s < this.symmetries; s++) {
            ArraySymmetry sym = symmetries.get(s);
            for (int a = 0; a < count; a++) {
                toArray[s][a] = gridIndex(sym.toArrayAzimuthDeg(templates.azimuthDeg(a)));
                if (toArray[s][a] < 0) {
                    throw new IllegalArgumentException(sym + " maps the grid's " + templates.azimuthDeg(a)
                            + "° off the grid");
                }
            }
        }
    }

    /** The grid index of the azimuth (any turn), or -1 when no grid point is within 1e-6°. */
    private int gridIndex(double deg) {
        for (int b = 0; b < count; b++) {
            double d = Math.IEEEremainder(templates.azimuthDeg(b) - deg, 360.0);
            if (Math.abs(d) < 1e-6) return b;
        }
        return -1;
    }

    /** Number of symmetries decoded together. */
    public int symmetries() {
        return symmetries;
    }

    /**
     * Decodes {@code frames} frames from {@code predictions[s][off]}, the network's output ([512][M-1][K]
     * per frame) on the input reordered by symmetry s; returns [frames][K] estimates in the array's
     * directions, their MSE that of the mean spectrum.
     */
    public DoaEstimate[][] decodeFrames(float[][] predictions, int off, int frames, int tracks) {
        if (predictions.length != symmetries) {
            throw new IllegalArgumentException("got " + predictions.length + " outputs for " + symmetries + " symmetries");
        }
        int rows = frames * tracks, span = rows * decoder.templates().size();
        // all outputs side by side, so that one pass over the templates serves them all (the
        // templates, 2.9 MB, are what the decoding reads most)
        float[] all = new float[symmetries * span];
        for (int s = 0; s < symmetries; s++) {
            if (off < 0 || off + (long) span > predictions[s].length) {
                throw new IllegalArgumentException("output " + s + " has " + predictions[s].length + " values, "
                        + frames + " frames from " + off + " need " + (off + (long) span));
            }
            System.arraycopy(predictions[s], off, all, s * span, span);
        }
        double[] raw = new double[symmetries * rows * count];
        decoder.errorSpectra(all, 0, symmetries * frames, tracks, raw);
        // spectra[s][(t·K + k)·count + b], b in the array's directions
        double[][] spectra = new double[symmetries][rows * count];
        for (int s = 0; s < symmetries; s++) {
            int from = s * rows * count;
            for (int r = 0; r < rows; r++) {
                for (int a = 0; a < count; a++) spectra[s][r * count + toArray[s][a]] = raw[from + r * count + a];
            }
        }
        List<int[]> perms = permutations(tracks);
        double[] mean = new double[tracks * count];
        DoaEstimate[][] out = new DoaEstimate[frames][tracks];
        for (int t = 0; t < frames; t++) {
            int base = t * tracks * count;
            System.arraycopy(spectra[0], base, mean, 0, tracks * count);
            for (int s = 1; s < symmetries; s++) {
                int[] best = closest(spectra[0], spectra[s], base, perms, tracks);
                for (int k = 0; k < tracks; k++) {
                    int from = base + best[k] * count;
                    for (int b = 0; b < count; b++) mean[k * count + b] += spectra[s][from + b];
                }
            }
            for (int k = 0; k < tracks; k++) out[t][k] = pick(mean, k * count);
        }
        return out;
    }

    /** The permutation π of the tracks that minimises Σ_k ‖ref_k − other_π(k)‖² (the first on ties). */
    private int[] closest(double[] ref, double[] other, int base, List<int[]> perms, int tracks) {
        int[] best = perms.get(0);
        double bestCost = Double.POSITIVE_INFINITY;
        for (int[] p : perms) {
            double cost = 0;
            for (int k = 0; k < tracks; k++) {
                int r = base + k * count, o = base + p[k] * count;
                for (int b = 0; b < count; b++) {
                    double d = ref[r + b] - other[o + b];
                    cost += d * d;
                }
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = p;
            }
        }
        return best;
    }

    /** The smallest of the summed spectrum at {@code mean[o..o+count)}, averaged; the first on ties. */
    private DoaEstimate pick(double[] mean, int o) {
        int best = 0;
        for (int b = 1; b < count; b++) if (mean[o + b] < mean[o + best]) best = b;
        double mse = mean[o + best] / symmetries;
        return new DoaEstimate(best, templates.azimuthDeg(best), mse,
                mse / DoaDecoder.MSE_SCALE < decoder.threshold());
    }

    /** All orderings of 0..n-1, the identity first. */
    static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] p, boolean[] used, int i, List<int[]> out) {
        if (i == p.length) {
            out.add(p.clone());
            return;
        }
        for (int v = 0; v < p.length; v++) {
            if (used[v]) continue;
            used[v] = true;
            p[i] = v;
            permute(p, used, i + 1, out);
            used[v] = false;
        }
    }
}
