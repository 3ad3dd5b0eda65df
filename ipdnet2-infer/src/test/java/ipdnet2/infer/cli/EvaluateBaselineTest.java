package ipdnet2.infer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.baseline.AzimuthEstimate;
import ipdnet2.dsp.baseline.BaselineLocalizer;
import ipdnet2.dsp.sim.FractionalDelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --method srp-phat|music}: the classical baselines scored like the network. */
class EvaluateBaselineTest {
    @TempDir
    static Path dir;
    static Path set;
    /** The clip's channels at 16 kHz. */
    static float[][] x;
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
        x = new float[array.mics()][n];
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

    /** The first result row (the set's) split into clips, MDR, FAR, MAE, ACC. */
    private static double[] setRow(String out) {
        String row = out.lines().toList().get(1);
        assertThat(row).startsWith(set.toString());
        String[] f = row.substring(set.toString().length()).trim().split("\\s+");
        assertThat(f).hasSize(5);
        double[] v = new double[5];
        for (int i = 0; i < 5; i++) v[i] = Double.parseDouble(f[i]);
        return v;
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
            // FAR = (detected - correct) / active: with one talker in each of the 10 frames found
            // (ACC 100 %), every other detection is a false alarm, so FAR is 10 % per frame in which
            // the localiser also reports its second track
            BaselineLocalizer loc = method.equals("music") ? BaselineLocalizer.music(ArrayGeometry.realmanDefault())
                    : BaselineLocalizer.srpPhat(ArrayGeometry.realmanDefault());
            AzimuthEstimate[][] est = loc.localize(x);
            assertThat(est.length).isEqualTo(10);
            int second = 0;
            for (AzimuthEstimate[] frame : est) {
                assertThat(frame[0].detected()).isTrue();
                if (frame[1].detected()) second++;
            }
            assertThat(setRow(cli.out())[2]).as(method + " FAR").isEqualTo(10.0 * second);
            if (method.equals("srp-phat")) {
                // SRP-PHAT's strongest side lobe of one talker is about 0.4 of the main peak
                // (BaselineLocalizer), far below the 0.98 second-peak ratio: no false alarm at all
                assertThat(setRow(cli.out())[2]).as("srp-phat FAR").isEqualTo(0.0);
            }
        }
    }

    @Test
    void calibrationPrintsTheChosenValues() {
        assertThat(cli.run("evaluate", set.toString(), "--method", "srp-phat", "--calibrate")).isZero();
        String calibrated = cli.out();
        Matcher m = Pattern.compile("calibrated srp-phat: threshold (\\S+), second-peak ratio (\\S+) \\(F1 (\\S+) on 1 clips\\)")
                .matcher(calibrated.lines().findFirst().orElseThrow());
        assertThat(m.matches()).as(calibrated).isTrue();
        double threshold = Double.parseDouble(m.group(1)), ratio = Double.parseDouble(m.group(2));
        // the default thresholds already find the talker in every frame with no false alarm
        // (F1 = 2·ACC/(1 + ACC + FAR) = 1, the largest possible), so the best F1 is 1; the grid's
        // first threshold, 0.01, already gives it (every frame's first peak is above the default 0.22)
        assertThat(Double.parseDouble(m.group(3))).isEqualTo(1.0);
        assertThat(threshold).isEqualTo(0.01);
        // the table printed with the chosen values is the one --thresholds T,R gives: MDR 0, FAR 0, ACC 100
        String table = calibrated.substring(calibrated.indexOf('\n') + 1);
        assertThat(cli.run("evaluate", set.toString(), "--method", "srp-phat", "--thresholds", threshold + "," + ratio))
                .isZero();
        assertThat(cli.out()).isEqualTo(table);
        double[] row = setRow(table);
        assertThat(new double[] {row[0], row[1], row[2], row[4]}).containsExactly(1, 0, 0, 100);
        // ratio is the least on the grid that keeps the side lobe out: 0.01 less lets it in
        assertThat(cli.run("evaluate", set.toString(), "--method", "srp-phat", "--thresholds",
                threshold + "," + (Math.round(ratio * 100) - 1) / 100.0)).isZero();
        double[] below = setRow(cli.out());
        assertThat(below[1]).isEqualTo(0.0);
        assertThat(below[2]).isGreaterThan(0.0);
    }

    @Test
    void badMethodAndNetworkOptionsAreRejected() {
        assertThat(cli.run("evaluate", set.toString(), "--method", "beamformer")).isEqualTo(2);
        assertThat(cli.err()).contains("--method must be ipdnet2, srp-phat or music");
        assertThat(cli.run("evaluate", set.toString(), "--method", "srp-phat", "--weights", "w.safetensors")).isEqualTo(2);
        assertThat(cli.err()).contains("--weights applies only to the network method");
        assertThat(cli.run("evaluate", set.toString(), "--method", "music", "--thresholds", "0.2")).isEqualTo(2);
        assertThat(cli.err()).contains("--thresholds needs two numbers");
    }
}
