package ipdnet2.nn.model;

import ipdnet2.nn.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PitMseLossTest {

    /** [B=1, T'=2, V=2, K=2]: frame 0 matches the target as is, frame 1 with the tracks swapped. */
    @Test
    void handComputedPermutations() {
        // pred[t][v][k]
        float[] pred = {
                1, 0, 1, 0,     // frame 0: track 0 = (1, 1), track 1 = (0, 0)
                0, 2, 0, 2};    // frame 1: track 0 = (0, 0), track 1 = (2, 2)
        float[] target = {
                1, 0, 0, 0,     // frame 0: track 0 = (1, 0), track 1 = (0, 0)
                2, 0, 2, 0};    // frame 1: track 0 = (2, 2), track 1 = (0, 0)
        Tensor p = Tensor.parameter(1, 2, 2, 2);
        System.arraycopy(pred, 0, p.data(), 0, pred.length);
        PitMseLoss loss = new PitMseLoss(2);
        Tensor l = loss.apply(p, Tensor.of(target, 1, 2, 2, 2));
        // Frame 0 identity: errors (0,0,1,0) -> 1; swapped: (1,0,1,0) ... = (1-0)²+(0-1)²+(1-0)²+(0-0)² = 3.
        // Frame 1 swapped: all zero; identity: 4·4 = 16. Loss = (1 + 0) / 8.
        assertThat(l.item()).isCloseTo(1f / 8f, within(1e-7f));
        assertThat(loss.chosenPermutation(0)).containsExactly(0, 1);
        assertThat(loss.chosenPermutation(1)).containsExactly(1, 0);
        l.backward();
        // d/dpred = 2(pred - target∘π)/8: frame 0 only pred[0][1][0] = 1 vs 0 differs.
        float[] expected = {0, 0, 0.25f, 0, 0, 0, 0, 0};
        assertThat(p.grad()).containsExactly(expected, within(1e-7f));
    }

    /** Three tracks: the best of the six permutations is a 3-cycle. */
    @Test
    void threeTracksPickTheCycle() {
        float[] target = {10, 20, 30};
        float[] pred = {20, 30, 10};   // pred track j equals target track (j+1) mod 3
        Tensor p = Tensor.parameter(1, 1, 1, 3);
        System.arraycopy(pred, 0, p.data(), 0, 3);
        PitMseLoss loss = new PitMseLoss(3);
        assertThat(loss.apply(p, Tensor.of(target, 1, 1, 1, 3)).item()).isEqualTo(0f);
        assertThat(loss.chosenPermutation(0)).containsExactly(1, 2, 0);
    }

    @Test
    void permutationsAreAllDistinctIdentityFirst() {
        int[][] p = PitMseLoss.permutations(4);
        assertThat(p).hasNumberOfRows(24);
        assertThat(p[0]).containsExactly(0, 1, 2, 3);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int[] q : p) seen.add(java.util.Arrays.toString(q));
        assertThat(seen).hasSize(24);
    }

    /** Gradient against central finite differences of the loss itself (re-choosing permutations). */
    @Test
    void gradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(5);
        int[] shape = {2, 3, 4, 3, 2};
        Tensor p = Tensor.parameter(shape);
        float[] target = new float[p.numel()];
        for (int i = 0; i < target.length; i++) {
            p.data()[i] = (float) rng.nextDouble(-1, 1);
            target[i] = (float) rng.nextDouble(-1, 1);
        }
        Tensor y = Tensor.of(target, shape);
        PitMseLoss loss = new PitMseLoss(2);
        loss.apply(p, y).backward();
        float[] grad = p.grad().clone();
        double h = 1e-3;
        for (int i = 0; i < target.length; i++) {
            float keep = p.data()[i];
            p.data()[i] = (float) (keep + h);
            double up = loss.apply(p.detach(), y).item();
            p.data()[i] = (float) (keep - h);
            double down = loss.apply(p.detach(), y).item();
            p.data()[i] = keep;
            assertThat(grad[i]).as("element %d", i).isCloseTo((float) ((up - down) / (2 * h)), within(2e-4f));
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        PitMseLoss loss = new PitMseLoss(2);
        assertThatThrownBy(() -> loss.apply(Tensor.zeros(1, 2, 3, 2), Tensor.zeros(1, 2, 4, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in shape");
        assertThatThrownBy(() -> loss.apply(Tensor.zeros(1, 2, 3, 3), Tensor.zeros(1, 2, 3, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be [B, T', ..., 2]");
    }
}
