package ipdnet2.tests.dsp;

import static org.assertj.core.api.Assertions.assertThat;

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
 * five selected channels (1, 3, 5, 7, 0) in one WAV file. Without the encoder installed, the
 * selected channels' files it wrote once (test resources {@code /flac/realman/}) are used.
 */
class RealmanClipLocalizeTest {
    @TempDir
    Path dir;

    /** RealMAN's default channels, in network order (the reference mic first). */
    static final int[] SELECTED = {1, 3, 5, 7, 0};

    /**
     * The 32 channels of the clip, 24-bit at 48 kHz, 0.2 s: a tone of its own phase per channel
     * plus a little noise (compact as FLAC, so the selected channels can be committed).
     */
    static int[][] clip() {
        int n = 9600;
        SplittableRandom rng = new SplittableRandom(3);
        int[][] all = new int[32][n];
        for (int c = 0; c < 32; c++) {
            for (int i = 0; i < n; i++) {
                all[c][i] = (int) Math.round(300000 * Math.sin(2 * Math.PI * 700 * i / 48000.0 + 0.2 * c)
                        + 8 * rng.nextGaussian());
            }
        }
        return all;
    }

    @Test
    void perChannelFlacClipLocalisesLikeTheSelectedChannelsInOneFile() throws Exception {
        int rate = 48000;
        int[][] all = clip();
        int n = all[0].length;
        if (FlacEncoder.available()) {
            for (int ch = 0; ch < 32; ch++) {
                FlacEncoder.encode(AudioFiles.channelFile(dir, "clip", ch), new int[][] {all[ch]}, 24, rate, "--no-padding", "-8");
            }
        } else {
            // the selected channels as the reference encoder wrote them once (the others are not read)
            for (int ch : SELECTED) {
                Path f = AudioFiles.channelFile(dir, "clip", ch);
                CommittedFlac.copy("/flac/realman/" + f.getFileName(), f);
            }
        }
        int[] sel = SELECTED;
        float[][] five = new float[5][n];
        for (int m = 0; m < 5; m++) for (int i = 0; i < n; i++) five[m][i] = all[sel[m]][i] / 8388608f;
        Path wav = dir.resolve("five.wav");
        WavWriter.write(wav, new AudioData(rate, five), SampleFormat.FLOAT32);
        Path weights = dir.resolve("tiny.safetensors");
        Weights.save(new IPDnet2(IPDnet2Config.tiny(), 2), weights, Map.of());

        String fromClip = run("--realman-clip", dir.resolve("clip").toString(), "--weights", weights.toString());
        String fromWav = run(wav.toString(), "--weights", weights.toString());
        assertThat(fromClip.lines().count()).isEqualTo(3);   // header and (3200/320 + 1)/5 = 2 frames
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
