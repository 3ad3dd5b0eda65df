package ipdnet2.tests.dsp;

import ipdnet2.dsp.resample.Resampler;
import ipdnet2.dsp.resample.StreamingResampler;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Chunk by chunk, the resampler gives the whole-signal conversion's samples, bit for bit. */
class StreamingResamplerTest {
    private static float[][] noise(int channels, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[channels][n];
        for (float[] c : x) {
            for (int i = 0; i < n; i++) c[i] = (float) (0.3 * r.nextGaussian());
        }
        return x;
    }

    /** Pushes x in random chunks (1 sample to 0.1 s, some empty) and concatenates every output. */
    private static float[][] streamed(StreamingResampler s, float[][] x, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = x[0].length;
        float[][] y = new float[x.length][0];
        for (int off = 0; off < n; ) {
            int len = Math.min(n - off, r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(s.inRate() / 10));
            y = concat(y, s.push(x, off, len));
            off += len;
        }
        return concat(y, s.finish());
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = java.util.Arrays.copyOf(a[i], a[i].length + b[i].length);
            System.arraycopy(b[i], 0, c[i], a[i].length, b[i].length);
        }
        return c;
    }

    @Test
    void randomChunksGiveTheWholeSignalConversionBitForBit() {
        int[][] rates = {{48000, 16000}, {44100, 16000}, {8000, 16000}, {22050, 16000}, {16000, 16000}};
        for (int[] rr : rates) {
            float[][] x = noise(3, rr[0] * 3 / 2 + 7, rr[0]);
            Resampler whole = new Resampler(rr[0], rr[1]);
            float[][] y = streamed(new StreamingResampler(rr[0], rr[1], 3), x, rr[0] + 1);
            for (int c = 0; c < 3; c++) {
                float[] expected = whole.process(x[c]);
                assertThat(y[c]).as("%d -> %d Hz, channel %d", rr[0], rr[1], c).containsExactly(expected);
            }
        }
    }

    @Test
    void outputsArriveWithinTheFilterLengthOfTheInput() {
        // 48 -> 16 kHz: a 0.1-s chunk yields its 1,600 outputs but the last few, whose taps
        // reach past it; they follow with the next chunk.
        StreamingResampler s = new StreamingResampler(48000, 16000, 1);
        float[][] x = noise(1, 48000, 5);
        int first = s.push(x, 0, 4800)[0].length;
        assertThat(first).isBetween(1600 - 40, 1599);
        int second = s.push(x, 4800, 4800)[0].length;
        assertThat(first + second).isBetween(3200 - 40, 3199);
    }

    @Test
    void memoryStaysBoundedOverALongStream() {
        StreamingResampler s = new StreamingResampler(48000, 16000, 1);
        float[][] chunk = noise(1, 4800, 9);
        long out = 0;
        int most = 0;
        for (int i = 0; i < 2000; i++) {   // 200 s
            out += s.push(chunk, 0, 4800)[0].length;
            most = Math.max(most, s.bufferedSamples());
        }
        out += s.finish()[0].length;
        assertThat(out).isEqualTo(2000L * 1600);
        assertThat(most).isLessThanOrEqualTo(4800 + 3 * 105);   // the chunk and about twice the filter half-length (105 taps)
    }

    @Test
    void misuseIsRefused() {
        StreamingResampler s = new StreamingResampler(48000, 16000, 2);
        assertThatThrownBy(() -> s.push(new float[3][10], 0, 10)).hasMessageContaining("expected 2 channels, got 3");
        assertThatThrownBy(() -> s.push(new float[2][5], 0, 10)).hasMessageContaining("fewer than 10");
        s.finish();
        assertThatThrownBy(() -> s.push(new float[2][10], 0, 10)).hasMessageContaining("already finished");
        assertThatThrownBy(() -> new StreamingResampler(48000, 16000, 0)).hasMessageContaining("channels must be positive");
    }
}
