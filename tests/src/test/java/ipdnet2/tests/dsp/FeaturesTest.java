package ipdnet2.tests.dsp;

import ipdnet2.dsp.stft.FeatureExtractor;
import ipdnet2.dsp.stft.Features;
import ipdnet2.dsp.stft.Stft;
import ipdnet2.dsp.stft.StreamingFeatures;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** STFT, forgetting norm and network features (ARCHITECTURE.md §1) against the published code. */
class FeaturesTest {
    private static final int N = 32000;
    private static final int T = 101;

    /** Channel c of batch item b of the reference signal [2, 32000, 5]. */
    private static float[][] signal(int b) {
        float[] s = Ref.load("signal.npy").floats();
        float[][] x = new float[5][N];
        for (int c = 0; c < 5; c++) for (int i = 0; i < N; i++) x[c][i] = s[(b * N + i) * 5 + c];
        return x;
    }

    @Test
    void stftMatchesReference() {
        float[] re = Ref.load("stft_real.npy").floats(); // [2, 257, 101, 5]
        float[] im = Ref.load("stft_imag.npy").floats();
        Stft stft = new Stft();
        double worst = 0;
        for (int b = 0; b < 2; b++) {
            float[][] x = signal(b);
            for (int c = 0; c < 5; c++) {
                float[][] s = stft.transform(x[c]);
                assertThat(s[0].length).isEqualTo(T * 257);
                for (int k = 0; k < 257; k++) {
                    for (int t = 0; t < T; t++) {
                        int r = ((b * 257 + k) * T + t) * 5 + c;
                        worst = Math.max(worst, Math.abs(s[0][t * 257 + k] - re[r]));
                        worst = Math.max(worst, Math.abs(s[1][t * 257 + k] - im[r]));
                    }
                }
            }
        }
        assertThat(worst).isLessThan(1e-4);
    }

    @Test
    void normaliserAndFeaturesMatchReference() {
        float[] mu = Ref.load("forgetting_mu.npy").floats(); // [2, 1, 1, 101]
        float[] feat = Ref.load("features.npy").floats(); // [2, 10, 256, 101]
        for (int b = 0; b < 2; b++) {
            Features f = FeatureExtractor.compute(signal(b));
            assertThat(f.frames()).isEqualTo(T);
            assertThat(f.planes()).isEqualTo(10);
            for (int t = 0; t < T; t++) {
                assertThat(relErr(f.mu()[t], mu[b * T + t], 0)).isLessThan(1e-3);
            }
            double scale = 0;
            for (int i = 0; i < 10 * 256 * T; i++) scale = Math.max(scale, Math.abs(feat[b * 10 * 256 * T + i]));
            for (int i = 0; i < 10 * 256 * T; i++) {
                // relative to the value, with a floor of 1e-3 of the largest feature for near-zero entries
                double ref = feat[b * 10 * 256 * T + i];
                assertThat(relErr(f.data()[i], ref, 1e-3 * scale)).as("feature %d", i).isLessThan(1e-3);
            }
        }
    }

    @Test
    void firstMuIsTwiceTheFirstMeanMagnitude() {
        float[] re = Ref.load("stft_real.npy").floats();
        float[] im = Ref.load("stft_imag.npy").floats();
        double m0 = 0;
        for (int k = 0; k < 257; k++) {
            for (int c = 0; c < 5; c++) {
                int r = (k * T) * 5 + c;
                m0 += Math.hypot(re[r], im[r]);
            }
        }
        m0 /= 257 * 5;
        Features f = FeatureExtractor.compute(signal(0));
        assertThat(relErr(f.mu()[0], 2 * m0, 0)).isLessThan(1e-5);
    }

    @Test
    void streamingAgreesExactlyWithBatch() {
        SplittableRandom r = new SplittableRandom(12);
        int n = 20000 + 137;
        float[][] x = new float[3][n];
        for (float[] ch : x) for (int i = 0; i < n; i++) ch[i] = (float) r.nextGaussian();
        Features batch = FeatureExtractor.compute(x);
        for (int maxChunk : new int[] {1, 37, 320, 5000}) {
            StreamingFeatures s = new StreamingFeatures(3);
            int[] count = {0};
            StreamingFeatures.FrameSink sink = (t, feat, mu) -> {
                assertThat(t).isEqualTo(count[0]++);
                assertThat(mu).isEqualTo(batch.mu()[t]);
                for (int p = 0; p < 6; p++) {
                    for (int k = 1; k <= 256; k++) {
                        if (feat[p * 256 + k - 1] != batch.at(p, k, t)) {
                            throw new AssertionError("chunk " + maxChunk + " frame " + t + " plane " + p + " bin " + k);
                        }
                    }
                }
            };
            int pos = 0;
            while (pos < n) {
                int len = Math.min(n - pos, 1 + r.nextInt(maxChunk));
                s.push(x, pos, len, sink);
                // causal: a frame appears as soon as its last sample has arrived, not later
                pos += len;
                int ready = pos <= 256 ? 0 : 1 + Math.max(0, (pos - 256) / 320);
                assertThat(s.framesEmitted()).isEqualTo(ready);
            }
            s.finish(sink);
            assertThat(count[0]).isEqualTo(batch.frames()).isEqualTo(n / 320 + 1);
        }
    }

    @Test
    void rejectsSignalsTooShortToPad() {
        assertThatThrownBy(() -> FeatureExtractor.compute(new float[][] {new float[256]}))
                .hasMessageContaining("256 samples").hasMessageContaining("too short");
        StreamingFeatures s = new StreamingFeatures(1);
        s.push(new float[][] {new float[100]}, 0, 100, (t, f, m) -> { });
        assertThatThrownBy(() -> s.finish((t, f, m) -> { })).hasMessageContaining("100 samples");
    }

    private static double relErr(double got, double ref, double floor) {
        return Math.abs(got - ref) / Math.max(Math.abs(ref), floor == 0 ? 1e-30 : floor);
    }
}
