package ipdnet2.tests.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.AudioFiles;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.audio.WavWriter;
import ipdnet2.infer.cli.CliRun;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.IPDnet2Config;
import ipdnet2.nn.model.Weights;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The localisation command on a RealMAN-style clip: 32 per-channel 24-bit FLAC files at 48 kHz
 * written by the reference encoder, read with {@code --realman-clip}, give the same frames as the
 * five selected channels (1, 3, 5, 7, 0) in one WAV file.
 */
class RealmanClipLocalizeTest {
    @TempDir
    Path dir;

    @Test
    void perChannelFlacClipLocalisesLikeTheSelectedChannelsInOneFile() throws Exception {
        assumeTrue(FlacEncoder.available());
        int rate = 48000, n = 48000;
        SplittableRandom rng = new SplittableRandom(3);
        int[][] all = new int[32][n];
        for (int[] ch : all) for (int i = 0; i < n; i++) ch[i] = (int) (rng.nextGaussian() * 400000);
        for (int ch = 0; ch < 32; ch++) {
            FlacEncoder.encode(AudioFiles.channelFile(dir, "clip", ch), new int[][] {all[ch]}, 24, rate, "-0");
        }
        int[] sel = {1, 3, 5, 7, 0};
        float[][] five = new float[5][n];
        for (int m = 0; m < 5; m++) for (int i = 0; i < n; i++) five[m][i] = all[sel[m]][i] / 8388608f;
        Path wav = dir.resolve("five.wav");
        WavWriter.write(wav, new AudioData(rate, five), SampleFormat.FLOAT32);
        Path weights = dir.resolve("tiny.safetensors");
        Weights.save(new IPDnet2(IPDnet2Config.tiny(), 2), weights, Map.of());

        String fromClip = run("--realman-clip", dir.resolve("clip").toString(), "--weights", weights.toString());
        String fromWav = run(wav.toString(), "--weights", weights.toString());
        assertThat(fromClip.lines().count()).isEqualTo(11);
        assertThat(fromClip).isEqualTo(fromWav);
    }

    /** Runs the command line without exiting; it must succeed and print nothing on standard error. */
    private static String run(String... argv) {
        CliRun r = CliRun.of(argv);
        assertThat(r.err()).as("standard error of %s", String.join(" ", argv)).isEmpty();
        assertThat(r.code()).as("exit code of %s", String.join(" ", argv)).isZero();
        return r.out();
    }
}
