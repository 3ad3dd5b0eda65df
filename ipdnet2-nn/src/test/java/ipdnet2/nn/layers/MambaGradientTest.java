package ipdnet2.nn.layers;

import ipdnet2.nn.GradCheckAccess;
import ipdnet2.nn.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class MambaGradientTest {
    @Test
    void wholeBlockGradientsMatchFiniteDifferences() {
        // d_model 8 → E = 16, R = 1, N = 4; 2×2 sequences of 20 steps
        Mamba m = new Mamba(8, 4, 4, 2);
        m.initialize(17);
        SplittableRandom rng = new SplittableRandom(2);
        // move every parameter off its initial pattern (A_log = ln(n+1), D = 1, ...) so an
        // index error cannot hide behind equal values
        for (Tensor p : m.parameters()) {
            float[] d = p.data();
            for (int i = 0; i < d.length; i++) d[i] += (float) (0.1 * rng.nextGaussian());
        }
        Tensor h = Tensor.parameter(2, 2, 20, 8);
        for (int i = 0; i < h.numel(); i++) h.data()[i] = (float) rng.nextGaussian();
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(h);
        inputs.addAll(m.parameters());
        assertThat(inputs).hasSize(10);
        GradCheckAccess.check("mamba block", in -> m.forward(in[0]), inputs.toArray(new Tensor[0]),
                3e-3, 1.5e-2, 40, 13);
    }
}
