package ipdnet2.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static ipdnet2.nn.GradCheck.check;
import static ipdnet2.nn.GradCheck.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LayerNormOpTest {
    @Test
    void forwardByHandWithBiasedVariance() {
        // row [1, 2, 3, 6]: mean 3, biased variance (4+1+0+9)/4 = 3.5
        Tensor x = Tensor.of(new float[] {1, 2, 3, 6}, 1, 4);
        Tensor g = Tensor.of(new float[] {1, 2, 1, 1}, 4);
        Tensor b = Tensor.of(new float[] {0, 0, 5, 0}, 4);
        float[] y = LayerNormOp.apply(x, g, b, 1e-5f).data();
        double rs = 1 / Math.sqrt(3.5 + 1e-5);
        assertThat(y[0]).isCloseTo((float) (-2 * rs), within(1e-6f));
        assertThat(y[1]).isCloseTo((float) (-2 * rs), within(1e-6f));
        assertThat(y[2]).isCloseTo(5f, within(1e-6f));
        assertThat(y[3]).isCloseTo((float) (3 * rs), within(1e-6f));
    }

    @Test
    void gradients() {
        SplittableRandom rng = new SplittableRandom(41);
        Tensor x = param(rng, -2, 2, 3, 5, 8);
        Tensor g = param(rng, 0.5, 1.5, 8);
        Tensor b = param(rng, -1, 1, 8);
        check("layerNorm", in -> LayerNormOp.apply(in[0], in[1], in[2], 1e-5f), x, g, b);
        Tensor many = param(rng, -2, 2, 600, 48);
        check("layerNorm many rows", in -> LayerNormOp.apply(in[0], in[1], in[2], 1e-5f),
                new Tensor[] {many, param(rng, 0.5, 1.5, 48), param(rng, -1, 1, 48)}, 3e-3, 1e-2, 40, 5);
    }
}
