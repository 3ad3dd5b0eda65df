package ipdnet2.infer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.sim.FractionalDelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --method srp-phat|music}: the classical baselines scored like the network. */
class EvaluateBaselineTest {
    @TempDir
    static Path dir;
    static Path set;
    private final CliFixtures cli = new CliFixtures();

    /**
     * One 1-s clip: a far-field noise talker at 90° on the RealMAN 5-mic array (mic m delayed by
     * −u·m/c, placed with band-limited fractional delays), active in all 10 frames.
     */
    @BeforeAll
    static void files() throws Exception {
        set = Files.createDirectories(dir.resolve("set"));
        ArrayGeometry array = ArrayGeometry.realmanDefault();
        int n = 16000;
        SplittableRandom rng = new SplittableRandom(5);
        float[] src = new float[n + 200];
        for (int i = 0; i < src.length; i++) src[i] = (float) (0.1 * rng.nextGaussian());
        float[][] x = new float[array.mics()][n];
        for (int m = 0; m < array.mics(); m++) {
            double tau = -array.position(m)[1] / 340.0 * 16000;
            for (int i = 0; i < src.length; i++) FractionalDelay.add(x[m], i - 100 + tau, src[i]);
        }
        CliFixtures.wav(set.resolve("c.wav"), x, 16000);
        StringBuilder labels = new StringBuilder("frame,time_s,azimuth_deg_0,distance_m_0,active_0\n");
        for (int f = 0; f < 10; f++) labels.append(f).append(',').append(f / 10.0).append(",90.000,2.0000,1\n");
        Files.writeString(set.resolve("c.labels.csv"), labels);
        Files.writeString(set.resolve("manifest.csv"), "clip_id,audio_file,labels_file,rt60_s,snr_db\nc,c.wav,c.labels.csv,0.2,30\n");
    }

    @Test
    void baselinesFindTheTalkerInEveryFrame() {
        for (String method : new String[] {"srp-phat", "music"}) {
            assertThat(cli.run("evaluate", set.toString(), "--method", method)).as(cli.err()).isZero();
            List<String> lines = cli.out().lines().toList();
            assertThat(lines.get(0)).contains("MDR(%)").contains("FAR(%)").contains("MAE(°)").contains("ACC(%)");
            // clips 1, MDR 0, ACC 100 (the MAE column: the peak is on the 1° grid next to 90°)
            assertThat(lines.get(1)).as(method).startsWith(set.toString()).matches(".*\\s1\\s+0\\.0\\s+\\S+\\s+[01]\\.\\d\\d\\s+100\\.0");
            assertThat(cli.out()).contains("RT60 < 0.3 s").contains("SNR >= 10 dB");
        }
    }

    @Test
    void calibrationPrintsTheChosenValues() {
        assertThat(cli.run("evaluate", set.toString(), "--method", "srp-phat", "--calibrate")).isZero();
        assertThat(cli.out()).contains("calibrated srp-phat: threshold");
    }

    @Test
    void badMethodAndNetworkOptionsAreRejected() {
        assertThat(cli.run("evaluate", set.toString(), "--method", "beamformer")).isEqualTo(2);
        assertThat(cli.err()).contains("--method must be ipdnet2, srp-phat or music");
        assertThat(cli.run("evaluate", set.toString(), "--method", "srp-phat", "--weights", "w.safetensors")).isEqualTo(2);
        assertThat(cli.err()).contains("unknown option --weights");
        assertThat(cli.run("evaluate", set.toString(), "--method", "music", "--thresholds", "0.2")).isEqualTo(2);
        assertThat(cli.err()).contains("--thresholds needs two numbers");
    }
}
