package ipdnet2.nn.model;

import ipdnet2.nn.NoGrad;
import ipdnet2.nn.Reduce;
import ipdnet2.nn.Tensor;

import java.util.Arrays;

/**
 * Frame-level permutation-invariant MSE (ARCHITECTURE.md §2): prediction and target are
 * [B, T', V..., K] with the track on the last axis; for every (batch, frame) the permutation π of
 * the K tracks minimising Σ_v Σ_k (pred[v, k] − target[v, π(k)])² is chosen, and the loss is the
 * mean squared error over all values under the chosen permutations.
 *
 * <p>Forward: choose π per (b, t) (ties go to the permutation enumerated first, the identity
 * first), gather the target into the chosen track order, then the MSE against it. Backward: the
 * choice is piecewise constant in the prediction, so d loss / d pred is the MSE's own gradient
 * 2(pred − target∘π)/n against the gathered target, which {@link Reduce#mse} provides; the
 * target receives no gradient.
 */
public final class PitMseLoss {
    private final int[][] permutations;
    /** Chosen permutation index per (b, t) of the last call to {@link #apply}. */
    private int[] chosen = new int[0];

    /** A loss over {@code tracks} tracks (K = 2 for IPDnet2: 2 permutations). */
    public PitMseLoss(int tracks) {
        if (tracks < 1 || tracks > 6) throw new IllegalArgumentException("PIT loss: tracks must be 1..6, got " + tracks);
        permutations = permutations(tracks);
    }

    /**
     * The loss of {@code pred} against {@code target} (same shape [B, T', ..., K]); a scalar that
     * back-propagates into {@code pred}.
     */
    public Tensor apply(Tensor pred, Tensor target) {
        int[] s = pred.shape();
        if (!Arrays.equals(s, target.shape())) {
            throw new IllegalArgumentException("PIT loss: prediction " + Arrays.toString(s) + " and target "
                    + Arrays.toString(target.shape()) + " differ in shape");
        }
        int k = permutations[0].length;
        if (s.length < 3 || s[s.length - 1] != k) {
            throw new IllegalArgumentException("PIT loss: shape " + Arrays.toString(s) + " must be [B, T', ..., " + k + "]");
        }
        int groups = s[0] * s[1];
        int perGroup = pred.numel() / groups;
        int values = perGroup / k;
        float[] p = pred.data(), y = target.data();
        float[] gathered = new float[y.length];
        if (chosen.length != groups) chosen = new int[groups];
        double[] cost = new double[permutations.length];
        for (int g = 0; g < groups; g++) {
            int base = g * perGroup;
            Arrays.fill(cost, 0);
            for (int v = 0; v < values; v++) {
                int off = base + v * k;
                for (int q = 0; q < permutations.length; q++) {
                    int[] perm = permutations[q];
                    double acc = 0;
                    for (int j = 0; j < k; j++) {
                        double d = p[off + j] - y[off + perm[j]];
                        acc += d * d;
                    }
                    cost[q] += acc;
                }
            }
            int best = 0;
            for (int q = 1; q < permutations.length; q++) if (cost[q] < cost[best]) best = q;
            chosen[g] = best;
            int[] perm = permutations[best];
            for (int v = 0; v < values; v++) {
                int off = base + v * k;
                for (int j = 0; j < k; j++) gathered[off + j] = y[off + perm[j]];
            }
        }
        Tensor fixed;
        try (NoGrad ignored = NoGrad.enter()) {
            fixed = Tensor.of(gathered, s);
        }
        return Reduce.mse(pred, fixed);
    }

    /**
     * The permutation chosen for frame {@code g} = b·T' + t of the last call: element j is the
     * target track assigned to predicted track j.
     */
    public int[] chosenPermutation(int g) {
        return permutations[chosen[g]].clone();
    }

    /** All permutations of 0..k-1, identity first, in lexicographic order. */
    static int[][] permutations(int k) {
        int count = 1;
        for (int i = 2; i <= k; i++) count *= i;
        int[][] out = new int[count][];
        int[] a = new int[k];
        for (int i = 0; i < k; i++) a[i] = i;
        for (int n = 0; n < count; n++) {
            out[n] = a.clone();
            // Next lexicographic permutation.
            int i = k - 2;
            while (i >= 0 && a[i] >= a[i + 1]) i--;
            if (i < 0) break;
            int j = k - 1;
            while (a[j] <= a[i]) j--;
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
            for (int l = i + 1, r = k - 1; l < r; l++, r--) {
                t = a[l];
                a[l] = a[r];
                a[r] = t;
            }
        }
        return out;
    }
}
