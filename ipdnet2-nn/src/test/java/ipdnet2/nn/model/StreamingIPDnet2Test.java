package ipdnet2.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ipdnet2.nn.NoGrad;
import ipdnet2.nn.Tensor;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Frame-by-frame inference must reproduce the offline network on the same clip. */
class StreamingIPDnet2Test {

    /** Like Large (time pooling after the last layer), with a small hidden size for test speed. */
    static IPDnet2Config poolLastSmallH() {
        return new IPDnet2Config(5, 16, 8, 8, 256, 16, 5, 7, 16, 4, 2, 5, 8, 5, 2);
    }

    @Test
    void tinyStreamsLikeTheOfflineNetwork() {
        assertStreamEqualsOffline(IPDnet2Config.tiny(), 23, 11);
    }

    @Test
    void poolingAfterTheLastLayerStreamsLikeTheOfflineNetwork() {
        assertStreamEqualsOffline(poolLastSmallH(), 27, 12);
    }

    @Test
    void smallStreamsLikeTheOfflineNetwork() {
        assertStreamEqualsOffline(IPDnet2Config.small(), 10, 13);
    }

    @Test
    void fourMicsAndOtherSizesStreamLikeTheOfflineNetwork() {
        // 4 mics (decoder width 12), 3 layers pooled after layer 1, encoder kernel 3, d_conv 3
        assertStreamEqualsOffline(new IPDnet2Config(4, 24, 3, 4, 256, 16, 5, 1, 8, 3, 2, 5, 8, 3, 2), 17, 14);
    }

    @Test
    void resetStartsAFreshStream() {
        IPDnet2 net = new IPDnet2(IPDnet2Config.tiny(), 3);
        StreamingIPDnet2 s = new StreamingIPDnet2(net);
        float[] frame = new float[10 * 256];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < frame.length; i++) frame[i] = (float) rng.nextGaussian();
        float[] a = new float[s.outputSize()], b = new float[s.outputSize()];
        for (int t = 0; t < 5; t++) s.step(frame, a);
        s.reset();
        assertThat(s.framesSeen()).isZero();
        boolean done = false;
        for (int t = 0; t < 5; t++) done = s.step(frame, b);
        assertThat(done).isTrue();
        assertThat(b).containsExactly(a);
    }

    @Test
    void wrongFrameSizeIsRejected() {
        StreamingIPDnet2 s = new StreamingIPDnet2(new IPDnet2(IPDnet2Config.tiny(), 1));
        assertThatThrownBy(() -> s.step(new float[8 * 256], new float[s.outputSize()]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10x256");
    }

    private static void assertStreamEqualsOffline(IPDnet2Config config, int frames, long seed) {
        IPDnet2 net = new IPDnet2(config, seed);
        int c = config.inputChannels(), f = config.freqs();
        SplittableRandom rng = new SplittableRandom(seed + 100);
        float[] input = new float[c * f * frames];
        for (int i = 0; i < input.length; i++) input[i] = (float) rng.nextGaussian();
        Tensor offline;
        try (NoGrad g = NoGrad.enter()) {
            offline = net.forward(Tensor.of(input, 1, c, f, frames));
        }
        int outFrames = frames / config.timePoolRatio();
        assertThat(offline.size(1)).isEqualTo(outFrames);

        StreamingIPDnet2 stream = new StreamingIPDnet2(net);
        int size = stream.outputSize();
        assertThat(offline.numel()).isEqualTo(outFrames * size);
        float[] frame = new float[c * f];
        float[] out = new float[size];
        int emitted = 0;
        double maxErr = 0, maxAbs = 0;
        for (int t = 0; t < frames; t++) {
            for (int ch = 0; ch < c; ch++) {
                for (int k = 0; k < f; k++) frame[ch * f + k] = input[(ch * f + k) * frames + t];
            }
            boolean ready = stream.step(frame, out);
            assertThat(ready).isEqualTo((t + 1) % config.timePoolRatio() == 0);
            if (ready) {
                for (int i = 0; i < size; i++) {
                    float ref = offline.data()[emitted * size + i];
                    maxErr = Math.max(maxErr, Math.abs(out[i] - ref));
                    maxAbs = Math.max(maxAbs, Math.abs(ref));
                }
                emitted++;
            }
        }
        assertThat(emitted).isEqualTo(outFrames);
        assertThat(maxAbs).isGreaterThan(0.05);
        assertThat(maxErr).isLessThan(1e-4);
    }
}
