package ipdnet2.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static ipdnet2.nn.GradCheck.check;
import static ipdnet2.nn.GradCheck.param;
import static org.assertj.core.api.Assertions.assertThat;

class PoolOpTest {
    @Test
    void averagesGroupsAndDropsTheRemainder() {
        // [2, 7] pooled by 3 along axis 1: 7 → 2, element 6 of each row dropped
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 99, 6, 6, 9, 1, 1, 1, -99}, 2, 7);
        Tensor y = PoolOp.avg(x, 1, 3);
        assertThat(y.shape()).containsExactly(2, 2);
        assertThat(y.data()).containsExactly(1f, 4f, 7f, 1f);
        // along a middle axis: [2, 4, 2] by 2 → [2, 2, 2]
        Tensor z = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 2, 2, 4, 4, 6, 6}, 2, 4, 2);
        assertThat(PoolOp.avg(z, 1, 2).data()).containsExactly(2, 3, 6, 7, 1, 1, 5, 5);
    }

    @Test
    void gradients() {
        SplittableRandom rng = new SplittableRandom(51);
        Tensor x = param(rng, -1, 1, 2, 11, 3, 4);
        check("pool T by 5", in -> PoolOp.avg(in[0], 1, 5), x);
        check("pool last by 2", in -> PoolOp.avg(in[0], -1, 2), x);
        check("pool first by 2", in -> PoolOp.avg(in[0], 0, 2), x);
    }
}
