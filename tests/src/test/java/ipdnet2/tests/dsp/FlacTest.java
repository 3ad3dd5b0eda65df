package ipdnet2.tests.dsp;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.FlacInfo;
import ipdnet2.dsp.audio.FlacReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Bit-exact FLAC decoding of files made by an independent encoder. */
class FlacTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void encoderPresent() {
        assumeTrue(FlacEncoder.available(), "the flac command-line encoder is not installed");
    }

    /**
     * Integer test signal exercising every subframe kind: tones plus noise (LPC / fixed), digital
     * silence (constant), full-scale white noise (verbatim or escaped partitions), a stretch with
     * the low 8 bits zero (wasted bits), and channels that are correlated (stereo modes).
     */
    static int[][] signal(int channels, int n, int bits, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int max = (1 << (bits - 1)) - 1;
        int[][] s = new int[channels][n];
        for (int i = 0; i < n; i++) {
            int seg = (i * 5) / n;
            double common = 0.4 * Math.sin(2 * Math.PI * 440 * i / 48000.0) + 0.2 * Math.sin(2 * Math.PI * 3130 * i / 48000.0);
            for (int c = 0; c < channels; c++) {
                double v;
                switch (seg) {
                    case 0: v = common * (1 + 0.1 * c) + 0.01 * r.nextGaussian(); break;
                    case 1: v = 0; break;
                    case 2: v = r.nextDouble() * 2 - 1; break;
                    case 3: v = common + 0.3 * Math.sin(2 * Math.PI * 97 * (c + 1) * i / 48000.0); break;
                    default: v = common * 0.9 - 0.05 * c + 0.001 * r.nextGaussian(); break;
                }
                int q = (int) Math.max(-max - 1, Math.min(max, Math.round(v * max)));
                if (seg == 3) q &= ~0xFF;
                s[c][i] = q;
            }
        }
        return s;
    }

    static void assertExact(AudioData a, int[][] s, int bits, int from) {
        float scale = 1f / (1 << (bits - 1));
        for (int c = 0; c < s.length; c++) {
            float[] got = a.channels()[c];
            for (int i = 0; i < got.length; i++) {
                if (got[i] != s[c][from + i] * scale) {
                    throw new AssertionError("channel " + c + " sample " + (from + i) + ": got " + got[i] / scale
                            + ", expected " + s[c][from + i]);
                }
            }
        }
    }

    @Test
    void decodes24Bit48kHzStereoBitExactly() throws Exception {
        int[][] s = signal(2, 48000 * 2 + 123, 24, 1);
        String[][] settings = {{"-8", "-e", "-p"}, {"-0"}, {"-5", "-b", "1000"}, {"-8", "--lax", "-b", "4096", "-r", "15"}};
        for (int k = 0; k < settings.length; k++) {
            Path f = dir.resolve("s24_" + k + ".flac");
            FlacEncoder.encode(f, s, 24, 48000, settings[k]);
            FlacInfo info = FlacReader.info(f);
            assertThat(info.sampleRate()).isEqualTo(48000);
            assertThat(info.bitsPerSample()).isEqualTo(24);
            assertThat(info.totalSamples()).isEqualTo(s[0].length);
            AudioData a = FlacReader.read(f);
            assertThat(a.frames()).isEqualTo(s[0].length);
            assertExact(a, s, 24, 0);
        }
    }

    @Test
    void decodes16BitMonoAndMultichannelBitExactly() throws Exception {
        int[][] mono = signal(1, 48000 + 7, 16, 2);
        Path f = dir.resolve("m16.flac");
        FlacEncoder.encode(f, mono, 16, 48000, "-8");
        assertExact(FlacReader.read(f), mono, 16, 0);

        int[][] five = signal(5, 20000, 24, 3);
        Path g = dir.resolve("c5.flac");
        FlacEncoder.encode(g, five, 24, 48000, "-5");
        AudioData a = FlacReader.read(g);
        assertThat(a.channelCount()).isEqualTo(5);
        assertExact(a, five, 24, 0);
    }

    @Test
    void readsRangesWithAndWithoutSeekTable() throws Exception {
        int[][] s = signal(1, 48000 * 3, 24, 4);
        Path with = dir.resolve("seek.flac");
        Path without = dir.resolve("noseek.flac");
        FlacEncoder.encode(with, s, 24, 48000, "-5", "-S", "20x");
        FlacEncoder.encode(without, s, 24, 48000, "-5", "-S-");
        long[][] ranges = {{0, 100}, {4095, 2}, {4096, 4096}, {70001, 30000}, {48000 * 3 - 10, 10}, {12345, 0}};
        for (Path f : new Path[] {with, without}) {
            for (long[] r : ranges) {
                AudioData a = FlacReader.read(f, r[0], (int) r[1]);
                assertThat(a.frames()).isEqualTo((int) r[1]);
                assertExact(a, s, 24, (int) r[0]);
            }
        }
    }
}
