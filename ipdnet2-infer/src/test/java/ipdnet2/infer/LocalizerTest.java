package ipdnet2.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.array.ArraySymmetry;
import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.resample.Resampler;
import ipdnet2.dsp.stft.FeatureExtractor;
import ipdnet2.dsp.stft.Features;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.IPDnet2Config;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LocalizerTest {
    /** Like Large (time pooling after the last layer) with a small hidden size for speed. */
    static IPDnet2Config poolLast() {
        return new IPDnet2Config(5, 16, 8, 8, 256, 16, 5, 7, 16, 4, 2, 5, 8, 5, 2);
    }

    /** Five channels of a common random source with a small per-channel delay, plus noise. */
    static float[][] noiseClip(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] src = new float[n + 8];
        for (int i = 0; i < src.length; i++) src[i] = (float) (0.1 * rng.nextGaussian());
        float[][] x = new float[5][n];
        for (int m = 0; m < 5; m++) {
            for (int i = 0; i < n; i++) x[m][i] = src[i + m] + (float) (0.01 * rng.nextGaussian());
        }
        return x;
    }

    @Test
    void tinyStreamWithRandomChunksEqualsOffline() {
        assertStreamEqualsOffline(new Localizer(new IPDnet2(IPDnet2Config.tiny(), 7)), 20580, 1);
    }

    @Test
    void timePoolingAfterLastLayerStreamWithRandomChunksEqualsOffline() {
        assertStreamEqualsOffline(new Localizer(new IPDnet2(poolLast(), 8)), 15800, 2);
    }

    @Test
    void symmetryAveragingStreamWithRandomChunksEqualsOffline() {
        Localizer loc = new Localizer(new IPDnet2(IPDnet2Config.tiny(), 7)).withSymmetryAveraging();
        assertThat(loc.symmetries()).hasSize(8);
        assertStreamEqualsOffline(loc, 12580, 3);
    }

    @Test
    void reorderingTheFeaturesEqualsComputingThemFromReorderedChannels() {
        float[][] x = noiseClip(6400, 8);
        Features f = FeatureExtractor.compute(x);
        for (ArraySymmetry s : ArraySymmetry.of(ArrayGeometry.realmanDefault())) {
            Features expected = FeatureExtractor.compute(s.reorder(x));
            float[] got = new float[f.data().length];
            Localizer.reorderPlanes(f.data(), s.channels(), 5, FeatureExtractor.FEATURE_BINS * f.frames(), got);
            for (int i = 0; i < got.length; i++) {
                assertThat(got[i]).isCloseTo(expected.data()[i], within(1e-5f * (1 + Math.abs(expected.data()[i]))));
            }
        }
    }

    @Test
    void anArrayWithoutSymmetriesAveragesNothing() {
        double[][] p = new double[5][];
        for (int i = 0; i < 5; i++) p[i] = ArrayGeometry.realmanDefault().position(i);
        p[1][0] = -0.01;
        Localizer plain = new Localizer(new IPDnet2(IPDnet2Config.tiny(), 7), new ArrayGeometry(p), 0.4);
        Localizer averaged = plain.withSymmetryAveraging();
        assertThat(averaged.symmetries()).hasSize(1);
        float[][] x = noiseClip(8000, 2);
        List<LocalizationFrame> a = plain.localize(x, 16000), b = averaged.localize(x, 16000);
        // 8000 samples: (8000/320 + 1)/5 = 5 frames of 2 tracks each
        assertThat(a).hasSize(5);
        assertThat(b).hasSize(5);
        for (LocalizationFrame f : a) assertThat(f.sources()).hasSize(2);
        for (LocalizationFrame f : b) assertThat(f.sources()).hasSize(2);
        for (int j = 0; j < a.size(); j++) {
            for (int k = 0; k < 2; k++) {
                assertThat(b.get(j).sources().get(k).azimuthDeg()).isEqualTo(a.get(j).sources().get(k).azimuthDeg());
                assertThat(b.get(j).sources().get(k).detected()).isEqualTo(a.get(j).sources().get(k).detected());
            }
        }
    }

    @Test
    void localizeHandsOverTheRawOutputItDecodes() {
        Localizer loc = new Localizer(new IPDnet2(IPDnet2Config.tiny(), 7));
        float[][] x = noiseClip(8000, 3);
        float[][] raw = new float[1][];
        List<LocalizationFrame> frames = loc.localize(x, 16000, r -> raw[0] = r);
        assertThat(raw[0]).containsExactly(loc.predict(x));
        List<LocalizationFrame> plain = loc.localize(x, 16000);
        assertThat(frames).hasSameSizeAs(plain);
        for (int j = 0; j < frames.size(); j++) {
            for (int k = 0; k < 2; k++) {
                assertThat(frames.get(j).sources().get(k).azimuthDeg()).isEqualTo(plain.get(j).sources().get(k).azimuthDeg());
                assertThat(frames.get(j).sources().get(k).detected()).isEqualTo(plain.get(j).sources().get(k).detected());
            }
        }
    }

    private static void assertStreamEqualsOffline(Localizer loc, int n, long seed) {
        float[][] x = noiseClip(n, seed);
        float[] offline = loc.predict(x);
        List<LocalizationFrame> offlineFrames = loc.localize(x, 16000);
        int size = offline.length / offlineFrames.size();
        assertThat(offlineFrames).hasSize(loc.outputFrames(n)).hasSize((n / 320 + 1) / 5);

        SplittableRandom rng = new SplittableRandom(seed + 50);
        LocalizerStream stream = loc.stream();
        List<float[]> raw = new ArrayList<>();
        List<LocalizationFrame> frames = new ArrayList<>();
        List<Long> receivedAtEmission = new ArrayList<>();
        int pos = 0;
        while (pos < n) {
            int len = Math.min(n - pos, 1 + rng.nextInt(rng.nextBoolean() ? 40 : 3000));
            final long end = pos + len;
            stream.pushRaw(x, pos, len, (i, p, s) -> {
                raw.add(p.clone());
                receivedAtEmission.add(end);
            });
            pos += len;
        }
        int beforeFinish = raw.size();
        stream.finishRaw((i, p, s) -> raw.add(p.clone()));
        assertThat(raw).hasSize(offlineFrames.size());
        // The last output frame here needs a reflect-padded STFT frame, so only finish() can emit it.
        assertThat(beforeFinish).isEqualTo(raw.size() - 1);
        // Output frame j is emitted once sample 1600·j + 1535 has arrived (and not before).
        for (int j = 0; j < beforeFinish; j++) assertThat(receivedAtEmission.get(j)).isGreaterThan(1600L * j + 1535);
        double maxErr = 0;
        for (int j = 0; j < raw.size(); j++) {
            for (int i = 0; i < size; i++) maxErr = Math.max(maxErr, Math.abs(raw.get(j)[i] - offline[j * size + i]));
        }
        assertThat(maxErr).isLessThan(1e-4);

        // The decoded frames agree too.
        LocalizerStream again = loc.stream();
        again.push(x, 0, 9999, frames::add);
        again.push(x, 9999, n - 9999, frames::add);
        again.finish(frames::add);
        assertThat(frames).hasSameSizeAs(offlineFrames);
        for (int j = 0; j < frames.size(); j++) {
            for (int k = 0; k < 2; k++) {
                SourceEstimate a = frames.get(j).sources().get(k), b = offlineFrames.get(j).sources().get(k);
                assertThat(a.azimuthDeg()).isEqualTo(b.azimuthDeg());
                assertThat(a.detected()).isEqualTo(b.detected());
                assertThat(a.score()).isCloseTo(b.score(), org.assertj.core.data.Offset.offset(1e-3));
            }
        }
    }

    @Test
    void recordingsTooLongForTheWholeClipNetworkGoThroughTheStreamingOneWithTheSameResult() {
        Localizer loc = new Localizer(new IPDnet2(IPDnet2Config.tiny(), 7));
        float[][] x = noiseClip(20580, 1);
        List<LocalizationFrame> whole = loc.localize(x, 16000);
        loc.limitOfflineFrames(20);
        List<LocalizationFrame> streamed = loc.localize(x, 16000);
        assertThat(streamed).hasSameSizeAs(whole);
        for (int j = 0; j < whole.size(); j++) {
            for (int k = 0; k < 2; k++) {
                SourceEstimate a = streamed.get(j).sources().get(k), b = whole.get(j).sources().get(k);
                assertThat(a.azimuthDeg()).isEqualTo(b.azimuthDeg());
                assertThat(a.detected()).isEqualTo(b.detected());
                assertThat(a.score()).isCloseTo(b.score(), org.assertj.core.data.Offset.offset(1e-3));
            }
        }
    }

    @Test
    void wrongChannelCountIsRejected() {
        Localizer loc = new Localizer(new IPDnet2(IPDnet2Config.tiny(), 1));
        assertThatThrownBy(() -> loc.localize(new float[4][16000], 16000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 channels").hasMessageContaining("expects 5");
        assertThatThrownBy(() -> loc.stream().push(new float[6][100], f -> { }))
                .hasMessageContaining("6 channels");
    }

    @Test
    void lessAudioThanOneOutputFrameIsRejected() {
        Localizer loc = new Localizer(new IPDnet2(IPDnet2Config.tiny(), 1));
        assertThat(loc.localize(noiseClip(1280, 3), 16000)).hasSize(1);
        assertThatThrownBy(() -> loc.localize(noiseClip(1279, 3), 16000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too short")
                .hasMessageContaining("1279 samples").hasMessageContaining("at least 1280");
        // at 48 kHz: 3000 samples become 1000 at 16 kHz
        assertThatThrownBy(() -> loc.localize(noiseClip(3000, 3), 48000)).hasMessageContaining("1000 samples");
    }

    @Test
    void nonFiniteSamplesAreRejectedWithTheirPosition() {
        Localizer loc = new Localizer(new IPDnet2(IPDnet2Config.tiny(), 1));
        float[][] x = noiseClip(4000, 4);
        x[2][1234] = Float.NaN;
        assertThatThrownBy(() -> loc.localize(x, 16000)).hasMessageContaining("channel 2, sample 1234 is NaN");
        x[2][1234] = 0f;
        x[4][10] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> loc.localize(x, 16000)).hasMessageContaining("channel 4, sample 10 is Infinity");
        LocalizerStream s = loc.stream();
        s.push(x, 0, 5, f -> { });
        assertThatThrownBy(() -> s.push(x, 5, 100, f -> { })).hasMessageContaining("channel 4, sample 10 is Infinity");
        assertThat(s.samplesReceived()).isEqualTo(5);
    }

    @Test
    void silenceGivesSilentFramesWithoutDetections() {
        // A threshold so lax that every non-silent frame of this random network detects both tracks.
        Localizer loc = new Localizer(new IPDnet2(IPDnet2Config.tiny(), 1), ArrayGeometry.realmanDefault(), 1e9);
        List<LocalizationFrame> frames = loc.localize(new float[5][16000], 16000);
        assertThat(frames).hasSize(10).allSatisfy(f -> {
            assertThat(f.silent()).isTrue();
            assertThat(f.detected()).isEmpty();
        });
        // Sound in the second half only: frames well inside it are not silent and detect.
        float[][] x = new float[5][16000];
        float[][] noise = noiseClip(8000, 5);
        for (int m = 0; m < 5; m++) System.arraycopy(noise[m], 0, x[m], 8000, 8000);
        List<LocalizationFrame> half = loc.localize(x, 16000);
        assertThat(half.get(0).silent()).isTrue();
        assertThat(half.get(0).detected()).isEmpty();
        assertThat(half.get(8).silent()).isFalse();
        assertThat(half.get(8).detected()).hasSize(2);
    }

    @Test
    void otherSampleRatesAreResampled() {
        Localizer loc = new Localizer(new IPDnet2(IPDnet2Config.tiny(), 1));
        float[][] x = noiseClip(48000, 6);
        List<LocalizationFrame> got = loc.localize(x, 48000);
        assertThat(got).hasSize(10);
        // the frames of the band-limited 16-kHz version of the same second (Resampler), not of
        // every third sample
        float[][] at16k = Resampler.toRate(new AudioData(48000, x), 16000).channels();
        assertThat(at16k[0]).hasSize(16000);
        assertThat(got).isEqualTo(loc.localize(at16k, 16000));
        float[][] decimated = new float[5][16000];
        for (int m = 0; m < 5; m++) for (int i = 0; i < 16000; i++) decimated[m][i] = x[m][3 * i];
        assertThat(got).isNotEqualTo(loc.localize(decimated, 16000));
    }
}
