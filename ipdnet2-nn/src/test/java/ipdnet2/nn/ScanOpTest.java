package ipdnet2.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static ipdnet2.nn.GradCheck.check;
import static ipdnet2.nn.GradCheck.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScanOpTest {
    private final SplittableRandom rng = new SplittableRandom(61);

    @Test
    void oneChannelOneStateByHand() {
        // E = N = 1, A = -1, D = 0.5, Δ = ln 2 → a_t = exp(-ln 2) = 1/2
        // s1 = ln2·1·2 = 2ln2, y1 = s1·1 + 0.5 = 2ln2 + 0.5
        // s2 = s1/2 + ln2·(-1)·2 = -ln2, y2 = -ln2·3 + 0.5·(-1)
        float ln2 = (float) Math.log(2);
        Tensor x = Tensor.of(new float[] {1, -1}, 1, 2, 1);
        Tensor delta = Tensor.of(new float[] {ln2, ln2}, 1, 2, 1);
        Tensor a = Tensor.of(new float[] {-1}, 1, 1);
        Tensor b = Tensor.of(new float[] {2, 2}, 1, 2, 1);
        Tensor c = Tensor.of(new float[] {1, 3}, 1, 2, 1);
        Tensor d = Tensor.of(new float[] {0.5f}, 1);
        float[] y = ScanOp.apply(x, delta, a, b, c, d).data();
        assertThat(y[0]).isCloseTo(2 * ln2 + 0.5f, within(1e-6f));
        assertThat(y[1]).isCloseTo(-3 * ln2 - 0.5f, within(1e-6f));
    }

    @Test
    void forwardMatchesADoublePrecisionRecurrence() {
        int seqs = 3, t = 24, e = 5, n = 4;
        Tensor[] in = inputs(seqs, t, e, n);
        float[] y = ScanOp.apply(in[0], in[1], in[2], in[3], in[4], in[5]).data();
        for (int s = 0; s < seqs; s++) {
            double[] st = new double[e * n];
            for (int k = 0; k < t; k++) {
                for (int ch = 0; ch < e; ch++) {
                    int te = (s * t + k) * e + ch;
                    double dl = in[1].data()[te], xv = in[0].data()[te];
                    double acc = in[5].data()[ch] * xv;
                    for (int j = 0; j < n; j++) {
                        int tn = (s * t + k) * n + j;
                        st[ch * n + j] = Math.exp(dl * in[2].data()[ch * n + j]) * st[ch * n + j]
                                + dl * xv * in[3].data()[tn];
                        acc += st[ch * n + j] * in[4].data()[tn];
                    }
                    assertThat(y[te]).isCloseTo((float) acc, within(1e-5f));
                }
            }
        }
    }

    @Test
    void gradientsOverTwentyFourStepsThroughTheWrapper() {
        Tensor[] in = inputs(2, 24, 4, 3);
        check("scan", p -> ScanOp.apply(p[0], p[1], p[2], p[3], p[4], p[5]), in, 2e-3, 1e-2, 60, 9);
    }

    @Test
    void gradientsWithLeadingBatchAxesAndUpstreamOps() {
        // Δ through softplus and A through -exp as the Mamba block does
        int t = 20, e = 3, n = 2;
        Tensor x = param(rng, -1, 1, 2, 2, t, e);
        Tensor dt = param(rng, -3, 0, 2, 2, t, e);
        Tensor aLog = param(rng, -0.5, 1.0, e, n);
        Tensor b = param(rng, -1, 1, 2, 2, t, n);
        Tensor c = param(rng, -1, 1, 2, 2, t, n);
        Tensor d = param(rng, 0.5, 1.5, e);
        check("scan in context", p -> ScanOp.apply(p[0], Pointwise.softplus(p[1]),
                Pointwise.scale(Pointwise.exp(p[2]), -1f), p[3], p[4], p[5]), x, dt, aLog, b, c, d);
    }

    private Tensor[] inputs(int seqs, int t, int e, int n) {
        Tensor x = param(rng, -1, 1, seqs, t, e);
        Tensor delta = param(rng, 0.05, 0.6, seqs, t, e);
        Tensor a = param(rng, -2.0, -0.2, e, n);
        Tensor b = param(rng, -1, 1, seqs, t, n);
        Tensor c = param(rng, -1, 1, seqs, t, n);
        Tensor d = param(rng, 0.5, 1.5, e);
        return new Tensor[] {x, delta, a, b, c, d};
    }
}
