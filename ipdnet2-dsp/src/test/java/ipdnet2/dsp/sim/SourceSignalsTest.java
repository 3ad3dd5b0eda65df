package ipdnet2.dsp.sim;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.audio.WavWriter;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SourceSignalsTest {
    @Test
    void speechShapedNoiseHasTheSpeechSpectrumSlopeSyllabicModulationAndPauses() {
        float[] x = new SpeechShapedNoise(16000).next(new SplittableRandom(4), 16000 * 30);
        // Long-term spectrum: about −6 dB/octave above 500 Hz, so 1 kHz → 4 kHz drops ~11–12 dB.
        double[] psd = welchPsd(x, 512);
        double at1k = bandPower(psd, 900, 1100);
        double at4k = bandPower(psd, 3600, 4400);
        assertThat(10 * Math.log10(at1k / at4k)).isBetween(8.0, 16.0);
        // Energy envelope in 10-ms frames: modulation between 2 and 8 Hz dominates 12–30 Hz.
        int frames = x.length / 160;
        double[] env = new double[1 << 12];
        double mean = 0;
        for (int f = 0; f < frames && f < env.length; f++) {
            for (int i = 0; i < 160; i++) env[f] += x[f * 160 + i] * x[f * 160 + i];
            mean += env[f];
        }
        mean /= Math.min(frames, env.length);
        int quiet = 0;
        double peak = 0;
        for (int f = 0; f < Math.min(frames, env.length); f++) peak = Math.max(peak, env[f]);
        for (int f = 0; f < Math.min(frames, env.length); f++) {
            if (env[f] < peak * 1e-3) quiet++;
            env[f] -= mean;
        }
        assertThat(quiet / (double) frames).as("share of pause frames").isBetween(0.1, 0.6);
        new DoubleFFT_1D(env.length).realForward(env);
        double syllabic = 0, fast = 0;
        for (int k = 1; k < env.length / 2; k++) {
            double hz = k * 100.0 / env.length;
            double p = env[2 * k] * env[2 * k] + env[2 * k + 1] * env[2 * k + 1];
            if (hz >= 2 && hz <= 8) syllabic += p;
            if (hz >= 12 && hz <= 30) fast += p;
        }
        assertThat(syllabic / fast).isGreaterThan(2.0);
    }

    @Test
    void directorySignalsAreStretchesOfTheFiles(@TempDir Path dir) throws Exception {
        float[][] files = {labelled(8000, 0), labelled(40000, 1)};
        WavWriter.write(dir.resolve("a.wav"), new AudioData(16000, new float[][] {files[0]}), SampleFormat.FLOAT32);
        WavWriter.write(dir.resolve("sub/b.wav"), new AudioData(16000, new float[][] {files[1]}), SampleFormat.FLOAT32);
        SpeechDirectory speech = new SpeechDirectory(dir, 16000);
        assertThat(speech.size()).isEqualTo(2);
        SplittableRandom rng = new SplittableRandom(1);
        boolean[] used = new boolean[2];
        boolean laterStart = false;
        for (int trial = 0; trial < 10; trial++) {
            float[] x = speech.next(rng, 6000);
            assertThat(x).hasSize(6000);
            // Both files are longer than the request, so the signal is one contiguous stretch of
            // one file: its first sample names the file and the offset, the rest must follow.
            int[] at = locate(x[0], files);
            float[] source = files[at[0]];
            assertThat(at[1] + x.length).as("stretch end").isLessThanOrEqualTo(source.length);
            for (int i = 0; i < x.length; i++) {
                assertThat(x[i]).as("sample %d of a stretch from %d of file %d", i, at[1], at[0])
                        .isEqualTo(source[at[1] + i]);
            }
            used[at[0]] = true;
            laterStart |= at[1] > 0;
        }
        // the draw covers both files and starts other than the beginning
        assertThat(used).containsExactly(true, true);
        assertThat(laterStart).isTrue();
        assertThatThrownBy(() -> new SpeechDirectory(dir.resolve("missing"), 16000)).hasMessageContaining("missing");
    }

    /**
     * Files shorter than the request are played whole, one after another, with 0.15–0.75 s of
     * silence between them; the last piece is cut to fit.
     */
    @Test
    void shortFilesAreJoinedWithPauses(@TempDir Path dir) throws Exception {
        float[][] files = {labelled(3000, 0), labelled(5000, 1)};
        WavWriter.write(dir.resolve("c.wav"), new AudioData(16000, new float[][] {files[0]}), SampleFormat.FLOAT32);
        WavWriter.write(dir.resolve("d.wav"), new AudioData(16000, new float[][] {files[1]}), SampleFormat.FLOAT32);
        SpeechDirectory speech = new SpeechDirectory(dir, 16000);
        SplittableRandom rng = new SplittableRandom(7);
        int pauses = 0;
        for (int trial = 0; trial < 3; trial++) {
            float[] x = speech.next(rng, 48000);
            assertThat(x).hasSize(48000);
            int n = 0;
            while (n < x.length) {
                int[] at = locate(x[n], files);
                float[] source = files[at[0]];
                int left = x.length - n;
                // a piece that fits is the whole file; only the one running into the end is cut
                if (left >= source.length) assertThat(at[1]).as("piece at %d starts its file", n).isZero();
                int count = Math.min(left, source.length - at[1]);
                for (int i = 0; i < count; i++) {
                    assertThat(x[n + i]).as("sample %d of the piece at %d", i, n).isEqualTo(source[at[1] + i]);
                }
                if (left >= source.length) assertThat(count).isEqualTo(source.length);
                n += count;
                int zeros = 0;
                while (n < x.length && x[n] == 0) {
                    zeros++;
                    n++;
                }
                if (n < x.length) {
                    // a pause between two pieces: 0.15 s ≤ pause < 0.75 s
                    assertThat(zeros).as("pause before sample %d", n).isBetween(2400, 11999);
                    pauses++;
                } else {
                    assertThat(zeros).isLessThan(12000);
                }
            }
        }
        assertThat(pauses).as("pauses seen").isGreaterThanOrEqualTo(6);
    }

    @Test
    void aDirectoryWithoutSpeechFilesIsRefusedByName(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> new SpeechDirectory(empty, 16000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("holds no .wav or .flac files");
        // other files do not count, however many there are
        Path notes = Files.createDirectory(dir.resolve("notes"));
        Files.writeString(notes.resolve("readme.txt"), "no audio here");
        Files.writeString(notes.resolve("speech.wav.txt"), "nor here");
        assertThatThrownBy(() -> new SpeechDirectory(notes, 16000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(notes.toString()).hasMessageContaining("holds no .wav or .flac files");
    }

    /** A NaN or infinite sample anywhere in a file, or a file of zeros, is refused when the folder is opened. */
    @Test
    void aSpeechFileWithNonFiniteSamplesOrSilenceIsRefusedByName(@TempDir Path dir) throws Exception {
        float[] tone = new float[16000];
        for (int i = 0; i < tone.length; i++) tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
        WavWriter.write(dir.resolve("a-good.wav"), new AudioData(16000, new float[][] {tone}), SampleFormat.FLOAT32);
        float[] bad = tone.clone();
        bad[12345] = Float.NaN;
        Path nan = dir.resolve("b-nan.wav");
        WavWriter.write(nan, new AudioData(16000, new float[][] {bad}), SampleFormat.FLOAT32);
        assertThatThrownBy(() -> new SpeechDirectory(dir, 16000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("speech file " + nan + " holds a non-finite sample (NaN) at sample 12345");
        bad[12345] = Float.POSITIVE_INFINITY;
        WavWriter.write(nan, new AudioData(16000, new float[][] {bad}), SampleFormat.FLOAT32);
        assertThatThrownBy(() -> new SpeechDirectory(dir, 16000)).hasMessageContaining(nan.toString())
                .hasMessageContaining("Infinity");
        Files.delete(nan);
        Path silent = dir.resolve("c-silent.wav");
        WavWriter.write(silent, new AudioData(16000, new float[][] {new float[8000]}), SampleFormat.PCM16);
        assertThatThrownBy(() -> new SpeechDirectory(dir, 16000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("speech file " + silent + " is silent: every sample is zero");
        Files.delete(silent);
        assertThat(new SpeechDirectory(dir, 16000).size()).isEqualTo(1);
    }

    @Test
    void directoryFilesAtOtherRatesAreResampled(@TempDir Path dir) throws Exception {
        float[] tone = new float[48000 * 2];
        for (int i = 0; i < tone.length; i++) tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 48000.0));
        WavWriter.write(dir.resolve("tone.wav"), new AudioData(48000, new float[][] {tone}), SampleFormat.FLOAT32);
        float[] x = new SpeechDirectory(dir, 16000).next(new SplittableRandom(3), 16000);
        // A stretch of the 440-Hz tone at 16 kHz: x[i] = 0.5 sin(2π·440·i/16000 + θ) for some θ.
        double c = 0, s = 0;
        for (int i = 200; i < 15800; i++) {
            double w = 2 * Math.PI * 440 * i / 16000.0;
            c += x[i] * Math.cos(w);
            s += x[i] * Math.sin(w);
        }
        double amp = 2 * Math.hypot(c, s) / 15600;
        assertThat(amp).isCloseTo(0.5, within(0.01));
        double phase = Math.atan2(c, s);
        for (int i = 200; i < 15800; i++) {
            assertThat((double) x[i]).isCloseTo(0.5 * Math.sin(2 * Math.PI * 440 * i / 16000.0 + phase), within(0.01));
        }
    }

    @Test
    void synthesisedSpeechIsSpeechWhenTheSynthesiserIsInstalled(@TempDir Path dir) {
        Assumptions.assumeTrue(SynthesisedSpeech.available(), "speech synthesiser not installed");
        float[] x = new SynthesisedSpeech(16000, dir).next(new SplittableRandom(2), 16000 * 3);
        assertThat(x).hasSize(48000);
        double p = 0;
        for (float v : x) p += v * v;
        assertThat(p / x.length).isGreaterThan(1e-4);
        double[] psd = welchPsd(x, 512);
        // Voiced speech: most energy below 4 kHz.
        assertThat(bandPower(psd, 100, 4000)).isGreaterThan(10 * bandPower(psd, 4000, 8000));
        // Each sentence is a fresh synthesiser process: the same seed gives the same samples.
        float[] again = new SynthesisedSpeech(16000, dir).next(new SplittableRandom(2), 16000 * 3);
        assertThat(again).isEqualTo(x);
    }

    /**
     * A mono signal whose samples (k + 1) + 0.5·(i + 1)/(n + 1) are nonzero and distinct within
     * and across files k, so one sample names its file and position.
     */
    private static float[] labelled(int n, int k) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (k + 1 + 0.5 * (i + 1) / (n + 1));
        return x;
    }

    /** {file, index} of the sample equal to v; fails if there is none. */
    private static int[] locate(float v, float[][] files) {
        for (int k = 0; k < files.length; k++) {
            for (int i = 0; i < files[k].length; i++) {
                if (files[k][i] == v) return new int[] {k, i};
            }
        }
        throw new AssertionError("sample " + v + " is in none of the files");
    }

    static double[] welchPsd(float[] x, int n) {
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        double[] psd = new double[n / 2 + 1];
        double[] buf = new double[n];
        for (int start = 0; start + n <= x.length; start += n / 2) {
            for (int i = 0; i < n; i++) buf[i] = x[start + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
            fft.realForward(buf);
            for (int k = 1; k < n / 2; k++) psd[k] += buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
        }
        return psd;
    }

    /** Mean power density over the bins in [loHz, hiHz). */
    static double bandPower(double[] psd, double loHz, double hiHz) {
        int n = (psd.length - 1) * 2;
        double p = 0;
        int bins = 0;
        for (int k = 1; k < psd.length - 1; k++) {
            double hz = k * 16000.0 / n;
            if (hz >= loHz && hz < hiHz) {
                p += psd[k];
                bins++;
            }
        }
        return p / bins;
    }
}
