package ipdnet2.dsp.metrics;

import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.dsp.target.DirectPathIpd;

import java.util.Locale;

/**
 * How well the network's output matches the learning target of ARCHITECTURE.md §2, mic pair by
 * mic pair, on the frames where a talker is active: the mean squared error of the track matched
 * to each active talker against that talker's direct-path IPD, and against the IPD of the same
 * talker reflected across the line through the array centre and the reference mic.
 *
 * <p>The reflection tells whether the model uses the mics off that line. Without them, a talker
 * and its reflection look the same to the model, so the best it can output for a pair with an
 * off-line mic is the average of the two targets: its errors to both are then equal. A model
 * that uses the whole array has a clearly smaller error to the talker's own target. For pairs
 * whose mic lies on the line, the two targets coincide and so do the errors.
 *
 * <p>Each frame's tracks are matched to its active talkers by the permutation with the smallest
 * total error over the talkers' targets (the loss's permutation-invariant matching, restricted
 * to the active talkers).
 */
public final class PairErrors {
    private final DirectPathIpd ipd;
    private final int pairs;
    private final boolean mirrorDefined;
    /** Azimuth of the reference mic seen from the array centre, in degrees. */
    private final double referenceAzimuthDeg;
    private final double[] own, mirrored;
    private long talkerFrames;

    public PairErrors(DirectPathIpd ipd) {
        this.ipd = ipd;
        this.pairs = ipd.pairs();
        // azimuths are about the origin of the array's coordinates (§2), so is the line
        double[] ref = ipd.geometry().position(0);
        mirrorDefined = Math.hypot(ref[0], ref[1]) > 1e-9;
        referenceAzimuthDeg = Math.toDegrees(Math.atan2(ref[1], ref[0]));
        own = new double[pairs];
        mirrored = new double[pairs];
    }

    /** The azimuth reflected across the line through the centre and the reference mic. */
    public double mirror(double azimuthDeg) {
        return 2 * referenceAzimuthDeg - azimuthDeg;
    }

    /**
     * Adds a clip's network output, laid out [T'][512][M−1][K] (K tracks), scored on the frames
     * both the output and the labels have.
     */
    public void add(float[] output, int frames, FrameLabels labels) {
        int size = ipd.size();
        int k = output.length / (frames * size);
        if (k * frames * size != output.length || k < 1) {
            throw new IllegalArgumentException("output of " + output.length + " values is not " + frames
                    + " frames of " + size + " values per track");
        }
        int sources = labels.sources();
        if (sources > k) throw new IllegalArgumentException(sources + " talkers but only " + k + " tracks");
        int n = Math.min(frames, labels.frames());
        float[][] target = new float[sources][size], reflected = new float[sources][size];
        boolean[] on = new boolean[sources];
        int[] perm = new int[sources], best = new int[sources];
        for (int t = 0; t < n; t++) {
            int active = 0;
            for (int s = 0; s < sources; s++) {
                on[s] = labels.active(t, s);
                if (!on[s]) continue;
                active++;
                ipd.active(labels.azimuthDeg(t, s), labels.distanceM(t, s), target[s], 0, 1);
                ipd.active(mirror(labels.azimuthDeg(t, s)), labels.distanceM(t, s), reflected[s], 0, 1);
            }
            if (active == 0) continue;
            int base = t * size * k;
            // track perm[s] is matched to talker s; try every assignment of distinct tracks
            double bestCost = Double.POSITIVE_INFINITY;
            for (int code = 0; code < pow(k, sources); code++) {
                if (!distinct(code, k, sources, perm)) continue;
                double cost = 0;
                for (int s = 0; s < sources; s++) {
                    if (on[s]) cost += squaredError(output, base, k, perm[s], target[s]);
                }
                if (cost < bestCost) {
                    bestCost = cost;
                    System.arraycopy(perm, 0, best, 0, sources);
                }
            }
            for (int s = 0; s < sources; s++) {
                if (!on[s]) continue;
                talkerFrames++;
                for (int p = 0; p < pairs; p++) {
                    own[p] += pairError(output, base, k, best[s], target[s], p);
                    mirrored[p] += pairError(output, base, k, best[s], reflected[s], p);
                }
            }
        }
    }

    /** Σ (output − target)² over all values of one track. */
    private static double squaredError(float[] out, int base, int k, int track, float[] target) {
        double sum = 0;
        for (int i = 0; i < target.length; i++) {
            double d = out[base + i * k + track] - target[i];
            sum += d * d;
        }
        return sum;
    }

    /** Σ (output − target)² over the values of pair p of one track. */
    private double pairError(float[] out, int base, int k, int track, float[] target, int p) {
        double sum = 0;
        for (int v = 0; v < DirectPathIpd.VALUES; v++) {
            int i = v * pairs + p;
            double d = out[base + i * k + track] - target[i];
            sum += d * d;
        }
        return sum;
    }

    private static int pow(int b, int e) {
        int r = 1;
        for (int i = 0; i < e; i++) r *= b;
        return r;
    }

    /** Decodes {@code code} into one track per talker (base k digits); true when all differ. */
    private static boolean distinct(int code, int k, int sources, int[] perm) {
        for (int s = 0; s < sources; s++) {
            perm[s] = code % k;
            code /= k;
            for (int r = 0; r < s; r++) if (perm[r] == perm[s]) return false;
        }
        return true;
    }

    /** Active talker-frames seen. */
    public long talkerFrames() {
        return talkerFrames;
    }

    /** Mean squared error of pair p (0-based) against the talkers' own targets. */
    public double ownError(int p) {
        return talkerFrames == 0 ? Double.NaN : own[p] / (talkerFrames * (double) DirectPathIpd.VALUES);
    }

    /** Mean squared error of pair p against the reflected talkers' targets (NaN without a reflection line). */
    public double mirroredError(int p) {
        if (!mirrorDefined || talkerFrames == 0) return Double.NaN;
        return mirrored[p] / (talkerFrames * (double) DirectPathIpd.VALUES);
    }

    /** A table: per pair, the spacing and the two errors. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "target error per mic pair (%d talker-frames; MSE of the matched track"
                + " against the talker's IPD and against its reflection across the reference mic's axis):%n",
                talkerFrames));
        for (int p = 0; p < pairs; p++) {
            b.append(String.format(Locale.ROOT, "  pair 0-%d (%.1f cm): own %.4f   reflected %.4f%n", p + 1,
                    100 * ipd.geometry().spacing(0, p + 1), ownError(p), mirroredError(p)));
        }
        return b.toString();
    }
}
