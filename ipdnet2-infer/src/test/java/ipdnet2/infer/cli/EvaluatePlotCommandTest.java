package ipdnet2.infer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ipdnet2.dsp.label.FrameLabels;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatePlotCommandTest {
    @TempDir
    static Path dir;
    static Path weights, set;
    private final CliFixtures cli = new CliFixtures();

    /** A two-clip set in the simulated-set layout; talker 0 at 90°, active in every frame. */
    @BeforeAll
    static void files() throws Exception {
        weights = CliFixtures.tinyWeights(dir);
        set = Files.createDirectories(dir.resolve("set"));
        StringBuilder manifest = new StringBuilder(
                "clip_id,audio_file,labels_file,rt60_s,snr_db,room_x_m,room_y_m,room_z_m,sources,moving,overlap,noise,seed\n");
        double[][] acoustics = {{0.25, 12.0}, {0.7, -2.0}};
        for (int c = 0; c < 2; c++) {
            String id = String.format("clip-%06d", c);
            CliFixtures.wav(set.resolve(id + ".wav"), CliFixtures.noise(5, 16000, 10 + c), 16000);
            StringBuilder labels = new StringBuilder("frame,time_s,azimuth_deg_0,distance_m_0,active_0\n");
            for (int f = 0; f < 10; f++) labels.append(f).append(',').append(f / 10.0).append(",90.000,1.5000,1\n");
            Files.writeString(set.resolve(id + ".labels.csv"), labels);
            manifest.append(id).append(',').append(id).append(".wav,").append(id).append(".labels.csv,")
                    .append(acoustics[c][0]).append(',').append(acoustics[c][1]).append(",5,4,3,1,").append(c).append(",SINGLE,").append(c == 0 ? "DIFFUSE/PINK," : "POINT/WHITE,").append(c)
                    .append('\n');
        }
        Files.writeString(set.resolve("manifest.csv"), manifest);
    }

    @Test
    void evaluateWithNothingDetectedGivesFullMissRateAndNoFalseAlarms() {
        // A threshold below any template error: no estimate is ever detected.
        assertThat(cli.run("evaluate", set.toString(), "--weights", weights.toString(), "--threshold", "1e-12")).isZero();
        List<String> lines = cli.out().lines().toList();
        assertThat(lines.get(0)).contains("MDR(%)").contains("FAR(%)").contains("MAE(°)").contains("ACC(%)");
        assertThat(lines.get(1)).startsWith(set.toString()).matches(".*\\s2\\s+100\\.0\\s+0\\.0\\s+NaN\\s+0\\.0");
        assertThat(cli.out()).contains("RT60 < 0.3 s").contains("RT60 0.6-0.9 s").contains("SNR < 0 dB")
                .contains("SNR >= 10 dB").doesNotContain("RT60 >= 0.9 s");
        // both clips' talker sits 1.5 m from the array
        assertThat(lines).anyMatch(l -> l.matches("distance 1-2 m\\s+2\\s+100\\.0.*"))
                .noneMatch(l -> l.startsWith("distance < 1 m")).noneMatch(l -> l.startsWith("distance >= 2 m"));
        // one row per scene value of the manifest: clip 0 static with diffuse noise, clip 1 moving
        // with a point source; both single talkers
        assertThat(lines).anyMatch(l -> l.matches("overlap SINGLE\\s+2\\s+100\\.0.*"))
                .anyMatch(l -> l.matches("static talkers\\s+1\\s+100\\.0.*"))
                .anyMatch(l -> l.matches("moving talkers\\s+1\\s+100\\.0.*"))
                .anyMatch(l -> l.matches("noise DIFFUSE\\s+1\\s.*"))
                .anyMatch(l -> l.matches("noise POINT\\s+1\\s.*"));
    }

    @Test
    void aClipsDistanceIsTheMeanOverItsActiveTalkerFrames() {
        // talker 0 at 0.5 m talks in frames 0-2 and is silent at 9 m in frame 3; talker 1 at 2.5 m
        // talks in frame 3 only: (3 · 0.5 + 2.5) / 4 = 1.0 m, the lower edge of the 1-2 m band
        double[][] az = {{10, 50}, {10, 50}, {10, 50}, {10, 50}};
        double[][] dist = {{0.5, 2.5}, {0.5, 2.5}, {0.5, 2.5}, {9, 2.5}};
        boolean[][] active = {{true, false}, {true, false}, {true, false}, {false, true}};
        FrameLabels labels = new FrameLabels(az, dist, active);
        assertThat(EvaluateCommand.meanActiveDistance(labels, 4)).isEqualTo(1.0);
        assertThat(EvaluateCommand.band("distance", new double[] {1, 2}, "m", 1.0)).isEqualTo("distance 1-2 m");
        // only the first three frames scored: talker 0 alone
        assertThat(EvaluateCommand.meanActiveDistance(labels, 3)).isEqualTo(0.5);
        boolean[][] silent = new boolean[4][2];
        assertThat(EvaluateCommand.meanActiveDistance(new FrameLabels(az, dist, silent), 4)).isNaN();
    }

    @Test
    void evaluateWithErrorsPrintsTheBinsOfEveryActiveTalkerFrame() {
        // 2 clips × 10 labelled frames with talker 0 active: 20 talker-frames, none detected
        assertThat(cli.run("evaluate", set.toString(), "--weights", weights.toString(), "--threshold", "1e-12",
                "--errors")).isZero();
        assertThat(cli.out()).contains("nearest track to each active talker (20 talker-frames, median ")
                .contains("nearest detected estimate (0 of them, 0.0 %, have one)");
        String bins = cli.out().lines().filter(l -> l.startsWith("  0-1°")).findFirst().orElseThrow();
        double total = 0;
        for (String part : bins.trim().split("\\s{3}")) total += Double.parseDouble(part.replaceAll(".*: ([0-9.]+) %", "$1"));
        assertThat(total).isBetween(99.9, 100.1);
    }

    @Test
    void evaluateWithPairsPrintsEachPairsTargetErrors() {
        assertThat(cli.run("evaluate", set.toString(), "--weights", weights.toString(), "--pairs")).isZero();
        assertThat(cli.out()).contains("target error per mic pair (20 talker-frames");
        List<String> rows = cli.out().lines().filter(l -> l.startsWith("  pair 0-")).toList();
        assertThat(rows).hasSize(4);
        for (int p = 0; p < 4; p++) {
            double own = Double.parseDouble(rows.get(p).replaceAll(".*own ([0-9.]+) .*", "$1"));
            double reflected = Double.parseDouble(rows.get(p).replaceAll(".*reflected ([0-9.]+)$", "$1"));
            // the untrained network's values lie in (-1, 1), the targets' too: errors in (0, 4)
            assertThat(own).isGreaterThan(0).isLessThan(4);
            // channels 5 and 0 (pairs 0-2 and 0-4) lie on the reference mic's axis: a talker at 90°
            // and its reflection at -90° have the same targets there
            if (p % 2 == 1) assertThat(reflected).isEqualTo(own);
        }
        assertThat(cli.run("evaluate", set.toString(), "--method", "srp-phat", "--pairs")).isEqualTo(2);
        assertThat(cli.err()).contains("--pairs applies to the network");
    }

    @Test
    void evaluateRejectsADirectoryWithoutManifest() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(cli.run("evaluate", empty.toString(), "--weights", weights.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("manifest.csv is missing");
    }

    @Test
    void plotDrawsGroundTruthAndEstimates() throws Exception {
        Path png = dir.resolve("plot.png");
        assertThat(cli.run("plot", set.resolve("clip-000000.wav").toString(), "--weights", weights.toString(),
                "--labels", set.resolve("clip-000000.labels.csv").toString(), "--output", png.toString(),
                "--threshold", "1e9")).isZero();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1200);
        assertThat(img.getHeight()).isEqualTo(600);
        // Plot area: x from 70 to 1080 over 1 s, y from 40 to 550 over 180° … -180°: 90° at y = 167.5.
        int truth = new java.awt.Color(255, 150, 150).getRGB();
        int hits = 0, nonWhite = 0;
        for (int x = 75; x < 1075; x += 5) {
            if (img.getRGB(x, 167) == truth) hits++;
        }
        for (int y = 41; y < 549; y++) {
            for (int x = 71; x < 1079; x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                if (rgb != 0xffffff && rgb != 0xe1e1e1 && rgb != (truth & 0xffffff)) nonWhite++;
            }
        }
        assertThat(hits).isGreaterThan(50);
        // 20 detected estimates (threshold 1e9) are drawn as dots.
        assertThat(nonWhite).isGreaterThan(20 * 20);
    }
}
