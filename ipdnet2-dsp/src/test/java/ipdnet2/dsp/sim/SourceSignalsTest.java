package ipdnet2.dsp.sim;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.audio.WavWriter;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        float[] a = ramp(8000, 0);
        float[] b = ramp(40000, 1);
        WavWriter.write(dir.resolve("a.wav"), new AudioData(16000, new float[][] {a}), SampleFormat.FLOAT32);
        WavWriter.write(dir.resolve("sub/b.wav"), new AudioData(16000, new float[][] {b}), SampleFormat.FLOAT32);
        SpeechDirectory speech = new SpeechDirectory(dir, 16000);
        assertThat(speech.size()).isEqualTo(2);
        SplittableRandom rng = new SplittableRandom(1);
        for (int trial = 0; trial < 10; trial++) {
            float[] x = speech.next(rng, 6000);
            // Either file a from its start, or a stretch of b: consecutive samples step by the ramp.
            float[] source = Math.abs(x[0]) < 0.5 ? a : b;
            int start = Math.round((Math.abs(x[0]) - (source == b ? 0.5f : 0f)) / 0.4f * source.length);
            for (int i = 1; i < 100; i++) {
                assertThat(x[i] - x[i - 1]).isCloseTo(source[1] - source[0], within(1e-6f));
            }
            assertThat(start).isBetween(-1, source.length);
        }
        assertThatThrownBy(() -> new SpeechDirectory(dir.resolve("missing"), 16000)).hasMessageContaining("missing");
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

    /** Samples of a mono ramp: offset·0.5 + 0.4·i/n, so the slope identifies the file. */
    private static float[] ramp(int n, int which) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (which * 0.5 + 0.4 * i / n);
        return x;
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
