package ipdnet2.infer.cli;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.audio.WavWriter;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.IPDnet2Config;
import ipdnet2.nn.model.Weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/** Files and a runner shared by the command tests. */
final class CliFixtures {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... argv) {
        out.reset();
        err.reset();
        return Main.standard().run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Random-initialised Tiny weights with their configuration. */
    static Path tinyWeights(Path dir) throws IOException {
        Path w = dir.resolve("tiny.safetensors");
        Weights.save(new IPDnet2(IPDnet2Config.tiny(), 1), w, Map.of());
        return w;
    }

    /** A common random source, one sample of delay per channel, plus a little independent noise. */
    static float[][] noise(int channels, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] src = new float[n + channels];
        for (int i = 0; i < src.length; i++) src[i] = (float) (0.1 * rng.nextGaussian());
        float[][] x = new float[channels][n];
        for (int m = 0; m < channels; m++) {
            for (int i = 0; i < n; i++) x[m][i] = src[i + m] + (float) (0.01 * rng.nextGaussian());
        }
        return x;
    }

    static Path wav(Path file, float[][] channels, int rate) throws IOException {
        WavWriter.write(file, new AudioData(rate, channels), SampleFormat.FLOAT32);
        return file;
    }
}
