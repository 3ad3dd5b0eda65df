package ipdnet2.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static ipdnet2.nn.GradCheck.check;
import static ipdnet2.nn.GradCheck.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayoutTest {
    private final SplittableRandom rng = new SplittableRandom(5);

    private static Tensor iota(int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.numel(); i++) t.data()[i] = i;
        return t;
    }

    @Test
    void permuteMovesEachElementToItsPermutedIndex() {
        Tensor x = iota(2, 3, 4, 5);
        Tensor y = Layout.permute(x, 2, 0, 3, 1);
        assertThat(y.shape()).containsExactly(4, 2, 5, 3);
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 3; b++)
                for (int c = 0; c < 4; c++)
                    for (int d = 0; d < 5; d++)
                        assertThat(y.get(c, a, d, b)).isEqualTo(x.get(a, b, c, d));
        assertThat(Layout.permute(iota(2, 3), 1, 0).data()).containsExactly(0, 3, 1, 4, 2, 5);
    }

    @Test
    void concatSplitAndChunkByHand() {
        Tensor a = iota(2, 2);          // [[0,1],[2,3]]
        Tensor b = iota(2, 1);          // [[0],[1]]
        Tensor c = Layout.concat(1, a, b);
        assertThat(c.shape()).containsExactly(2, 3);
        assertThat(c.data()).containsExactly(0, 1, 0, 2, 3, 1);
        Tensor[] parts = Layout.split(iota(2, 5), -1, 1, 3, 1);
        assertThat(parts[0].data()).containsExactly(0, 5);
        assertThat(parts[1].data()).containsExactly(1, 2, 3, 6, 7, 8);
        assertThat(parts[2].data()).containsExactly(4, 9);
        Tensor[] halves = Layout.chunk(iota(4, 2), 0, 2);
        assertThat(halves[1].data()).containsExactly(4, 5, 6, 7);
        assertThatThrownBy(() -> Layout.split(iota(2, 5), 1, 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not add up");
        assertThatThrownBy(() -> Layout.reshape(iota(2, 5), 3, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reshapeInfersOneSizeAndSharesStorage() {
        Tensor x = iota(2, 3, 4);
        Tensor y = Layout.reshape(x, 6, -1);
        assertThat(y.shape()).containsExactly(6, 4);
        assertThat(y.data()).isSameAs(x.data());
    }

    @Test
    void gradients() {
        Tensor x = param(rng, -1, 1, 2, 3, 4, 5);
        check("permute", in -> Layout.permute(in[0], 3, 1, 0, 2), x);
        check("permute identity-last", in -> Layout.permute(in[0], 1, 0, 2, 3), x);
        check("reshape", in -> Pointwise.tanh(Layout.reshape(in[0], 6, 20)), x);
        Tensor y = param(rng, -1, 1, 2, 3, 2, 5);
        check("concat axis 2", in -> Layout.concat(2, in[0], in[1], in[0]), x, y);
        check("split axis 2", in -> {
            Tensor[] p = Layout.split(in[0], 2, 1, 3);
            // use the pieces unequally so that a swapped gradient shows
            return Layout.concat(2, Pointwise.scale(p[1], 2f), p[0]);
        }, x);
        check("chunk last", in -> {
            Tensor[] p = Layout.chunk(in[0], -1, 5);
            return Pointwise.mul(p[0], p[3]);
        }, x);
    }

    @Test
    void channelsLastPermuteOfALongContiguousAxisGoesByTiles() {
        // [B, C, F, T] → [B, F, T, C] with T = 37 ≥ one tile: the tiled transpose path
        java.util.SplittableRandom r = new java.util.SplittableRandom(17);
        Tensor x = GradCheck.param(r, -1, 1, 2, 3, 4, 37);
        Tensor y = Layout.permute(x, 0, 2, 3, 1);
        assertThat(y.shape()).containsExactly(2, 4, 37, 3);
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 3; c++)
                for (int f = 0; f < 4; f++)
                    for (int t = 0; t < 37; t++) assertThat(y.get(b, f, t, c)).isEqualTo(x.get(b, c, f, t));
        GradCheck.check("tiled permute", in -> Layout.permute(in[0], 0, 2, 3, 1), x);
    }
}
