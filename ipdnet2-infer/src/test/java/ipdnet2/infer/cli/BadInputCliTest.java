package ipdnet2.infer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one line naming the file and the problem, a nonzero exit code and nothing written. */
class BadInputCliTest {
    @TempDir
    static Path dir;
    static Path weights, clip;
    private final CliFixtures cli = new CliFixtures();

    @BeforeAll
    static void files() throws Exception {
        weights = CliFixtures.tinyWeights(dir);
        clip = CliFixtures.wav(dir.resolve("clip.wav"), CliFixtures.noise(5, 3200, 1), 16000);
    }

    private void assertError(int code, String... parts) {
        assertThat(code).isNotZero();
        String err = cli.err();
        assertThat(err).startsWith("error: ").doesNotContain("\tat ").doesNotContain("Exception").doesNotContain(".tmp");
        assertThat(err.strip().lines().filter(l -> l.startsWith("error:")).count()).isEqualTo(1);
        for (String p : parts) assertThat(err).contains(p);
    }

    private static String[] names(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void outputThroughASymlinkReplacesItsTargetNotTheLink() throws Exception {
        Path sp = Files.createDirectory(dir.resolve("sp"));
        Path real = Files.writeString(sp.resolve("real.csv"), "old");
        Path link = Files.createSymbolicLink(sp.resolve("link.csv"), Path.of("real.csv"));
        assertThat(cli.run(clip.toString(), "--weights", weights.toString(), "--output", link.toString())).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).startsWith("frame,");
        assertThat(names(sp)).containsExactly("link.csv", "real.csv");
    }

    @Test
    void outputToAFullDeviceIsAnErrorAndTheDeviceStays() {
        Path full = Path.of("/dev/full");
        if (!Files.isWritable(full)) return;
        assertError(cli.run(clip.toString(), "--weights", weights.toString(), "--output", full.toString()),
                "/dev/full", "o space left on device");
        assertThat(Files.isRegularFile(full)).isFalse();
    }

    @Test
    void unwritableOutputsNameTheOutputAndTheProblem() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("unwritable"));
        Path file = Files.writeString(sub.resolve("ok16.wav"), "x");
        assertError(cli.run(clip.toString(), "--weights", weights.toString(), "--output", file.resolve("x.csv").toString()),
                file.resolve("x.csv").toString(), "is a file, not a folder");
        Path folder = Files.createDirectory(sub.resolve("dir.csv"));
        assertError(cli.run(clip.toString(), "--weights", weights.toString(), "--output", folder.toString()),
                folder + ": is a directory");
        if (Files.isDirectory(Path.of("/proc"))) {
            assertError(cli.run(clip.toString(), "--weights", weights.toString(), "--output", "/proc/nope.csv"),
                    "error: /proc/nope.csv: ");
            assertError(cli.run("convert", "--weights", weights.toString(), "--output", "/proc/x.safetensors"),
                    "/proc/x.safetensors: cannot be written: ");
        }
        assertThat(names(sub)).containsExactly("dir.csv", "ok16.wav");
        assertThat(names(folder)).isEmpty();
    }

    @Test
    void weightsWithANaNAreRejectedNamingFileAndTensor() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("nanweights"));
        ipdnet2.nn.io.WeightSet set = ipdnet2.nn.io.WeightFiles.read(weights);
        java.util.Map<String, ipdnet2.nn.io.TensorData> tensors = new java.util.LinkedHashMap<>(set.tensors());
        String name = tensors.keySet().iterator().next();
        float[] d = tensors.get(name).data().clone();
        d[17] = Float.NaN;
        tensors.put(name, new ipdnet2.nn.io.TensorData(tensors.get(name).shape(), d));
        Path bad = sub.resolve("nan.safetensors");
        ipdnet2.nn.io.WeightFiles.writeSafetensors(bad, new ipdnet2.nn.io.WeightSet(tensors, set.metadata()));
        String problem = bad + ": tensor " + name + " holds NaN at index 17";
        assertError(cli.run(clip.toString(), "--weights", bad.toString(), "--output", sub.resolve("x.csv").toString()), problem);
        assertError(cli.run("convert", "--weights", bad.toString(), "--output", sub.resolve("c.safetensors").toString()), problem);
        assertThat(names(sub)).containsExactly("nan.safetensors");
    }

    /** Rates outside 8 kHz..768 kHz are refused before any conversion (from 1 Hz or to 2 GHz it would take all memory). */
    @Test
    void sampleRatesOutsideTheAcceptedRangeAreRejectedUpFrontNamingRateAndFile() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("lowrate"));
        Path one = CliFixtures.wav(sub.resolve("one.wav"), CliFixtures.noise(5, 3200, 2), 1);
        Path low = CliFixtures.wav(sub.resolve("low.wav"), CliFixtures.noise(5, 3200, 2), 7999);
        Path high = CliFixtures.wav(sub.resolve("high.wav"), CliFixtures.noise(5, 3200, 2), 2_000_000_000);
        assertError(cli.run(one.toString(), "--weights", weights.toString(), "--output", sub.resolve("x.csv").toString()),
                one + ": sample rate 1 Hz is below the 8000 Hz");
        assertError(cli.run(low.toString(), "--weights", weights.toString()), low + ": sample rate 7999 Hz");
        assertError(cli.run(high.toString(), "--weights", weights.toString()),
                high + ": sample rate 2000000000 Hz is above the 768000 Hz");
        assertError(cli.run("listen", one.toString(), "--weights", weights.toString()), one + ": sample rate 1 Hz");
        assertError(cli.run("listen", one.toString(), "--raw", "s16", "--rate", "1", "--weights", weights.toString()),
                "--rate: sample rate 1 Hz is below the 8000 Hz");
        assertError(cli.run("listen", one.toString(), "--raw", "s16", "--rate", "2000000000", "--weights", weights.toString()),
                "--rate: sample rate 2000000000 Hz is above the 768000 Hz");
        assertThat(names(sub)).containsExactly("high.wav", "low.wav", "one.wav");
    }

    @Test
    void forwardRejectsANonFiniteInputNamingTheFile() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("forward"));
        float[] x = new float[1 * 10 * 256 * 4];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i);
        x[123] = Float.NaN;
        Path nan = sub.resolve("x_nan.npy");
        ipdnet2.dsp.io.Npy.write(nan, new int[] {1, 10, 256, 4}, x);
        Path out = sub.resolve("y.npy");
        assertError(cli.run("forward", "--weights", weights.toString(), "--input", nan.toString(), "--output", out.toString()),
                nan + ": value 123 is NaN; the input must be finite");
        x[123] = Float.POSITIVE_INFINITY;
        ipdnet2.dsp.io.Npy.write(nan, new int[] {1, 10, 256, 4}, x);
        assertError(cli.run("forward", "--weights", weights.toString(), "--input", nan.toString(), "--output", out.toString()),
                nan + ": value 123 is Infinity");
        assertThat(names(sub)).containsExactly("x_nan.npy");
    }

    @Test
    void missingAndFolderInputsAreNamedWithTheirProblem() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("inputs"));
        Path folder = Files.createDirectory(sub.resolve("dir.wav"));
        Path absent = sub.resolve("nonexist.npy");
        Path out = sub.resolve("y.npy");
        assertError(cli.run("forward", "--weights", weights.toString(), "--input", folder.toString(), "--output", out.toString()),
                folder + ": is a directory");
        assertError(cli.run("forward", "--weights", weights.toString(), "--input", absent.toString(), "--output", out.toString()),
                absent + ": no such file or directory");
        assertError(cli.run(clip.toString(), "--weights", weights.toString(), "--array", folder.toString()),
                folder + " is a directory, not an array file");
        assertError(cli.run("plot", clip.toString(), "--weights", weights.toString(), "--labels", folder.toString(),
                "--output", sub.resolve("p.png").toString()), folder + " is a directory, not a labels file");
        assertThat(names(sub)).containsExactly("dir.wav");
    }

    @Test
    void evaluateRefusesASetWithoutClipsAndAFileForASet() throws Exception {
        Path set = Files.createDirectory(dir.resolve("emptyset"));
        Files.writeString(set.resolve("manifest.csv"), "clip_id,audio_file,labels_file\n");
        assertError(cli.run("evaluate", set.toString(), "--weights", weights.toString()),
                set.resolve("manifest.csv") + " lists no clips");
        assertThat(cli.out()).isEmpty();
        assertError(cli.run("evaluate", clip.toString(), "--weights", weights.toString()),
                clip + " is a file, not a set folder");
        assertThat(names(set)).containsExactly("manifest.csv");
    }

    /** An all-zero clip in a set is scored (its talkers missed) but named in a warning. */
    @Test
    void evaluateNamesASilentClip() throws Exception {
        Path set = Files.createDirectory(dir.resolve("silentset"));
        CliFixtures.wav(set.resolve("quiet.wav"), new float[5][3200], 16000);
        CliFixtures.wav(set.resolve("noisy.wav"), CliFixtures.noise(5, 3200, 4), 16000);
        ipdnet2.dsp.label.FrameLabels talker = new ipdnet2.dsp.label.FrameLabels(new double[][] {{30}, {30}},
                new double[][] {{1.5}, {1.5}}, new boolean[][] {{true}, {true}});
        ipdnet2.dsp.label.LabelFiles.writeLabels(set.resolve("quiet.labels.csv"), talker);
        ipdnet2.dsp.label.LabelFiles.writeLabels(set.resolve("noisy.labels.csv"), talker);
        Files.writeString(set.resolve("manifest.csv"),
                "clip_id,audio_file,labels_file\nquiet,quiet.wav,quiet.labels.csv\nnoisy,noisy.wav,noisy.labels.csv\n");
        assertThat(cli.run("evaluate", set.toString(), "--weights", weights.toString())).isZero();
        assertThat(cli.err()).contains("warning: " + set.resolve("quiet.wav") + " is silent (all samples are zero)")
                .doesNotContain("noisy.wav");
        assertThat(cli.out()).contains("silentset").contains(" 2 ");
    }

    @Test
    void unknownOptionsAreCalledUnknownNotValueless() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("options"));
        Path out = sub.resolve("x.csv");
        assertError(cli.run(clip.toString(), "--weights", weights.toString(), "--output", out.toString(), "--bogus"),
                "unknown option --bogus: localize has no --bogus option");
        assertError(cli.run("bench", "--bogus"), "unknown option --bogus: bench has no --bogus option");
        assertError(cli.run("evaluate", sub.toString(), "--bogus"), "unknown option --bogus: evaluate has no --bogus option");
        assertError(cli.run("listen", clip.toString(), "--stream", "--weights", weights.toString()),
                "listen has no --stream option");
        assertError(cli.run(clip.toString(), "--output", out.toString(), "--weights"), "option --weights needs a value");
        assertError(cli.run(clip.toString(), "--weights", "--output", out.toString()), "option --weights needs a value");
        assertThat(names(sub)).isEmpty();
    }

    @Test
    void networkOptionsWithABaselineSayTheyApplyOnlyToTheNetwork() throws Exception {
        assertError(cli.run("evaluate", dir.toString(), "--method", "srp-phat", "--weights", weights.toString()),
                "--weights applies only to the network method (--method ipdnet2), not to --method srp-phat");
        assertError(cli.run("evaluate", dir.toString(), "--method", "music", "--threshold", "0.3"),
                "--threshold applies only to the network method");
    }

    @Test
    void baselineOptionsWithTheNetworkSayTheyApplyOnlyToTheBaselines() throws Exception {
        assertError(cli.run("evaluate", dir.toString(), "--thresholds", "0.3,0.5"),
                "--thresholds applies only to the classical baselines (--method srp-phat or music)");
        assertError(cli.run("evaluate", dir.toString(), "--weights", weights.toString(), "--smoothing", "0.5"),
                "--smoothing applies only to the classical baselines");
        assertError(cli.run("evaluate", dir.toString(), "--calibrate"), "--calibrate applies only to the classical baselines");
    }

    @Test
    void nonsenseValuesAndExtraArgumentsAreRejected() throws Exception {
        assertError(cli.run("bench", "extra"), "unexpected argument 'extra': bench takes only options");
        assertError(cli.run("flops", "extra"), "unexpected argument 'extra': flops takes only options");
        assertError(cli.run("bench", "--stream-seconds", "0"), "--stream-seconds must be positive, got 0.0");
        assertError(cli.run("evaluate", dir.toString(), "--method", "srp-phat", "--thresholds", "-1,2"),
                "--thresholds: the threshold T must be positive, got -1");
        assertError(cli.run("evaluate", dir.toString(), "--method", "srp-phat", "--thresholds", "0.2,2"),
                "--thresholds: the ratio R must be in (0, 1], got 2");
        Path out = dir.resolve("channels.csv");
        assertError(cli.run(clip.toString(), "--weights", weights.toString(), "--channels", "0,0,0,0,0",
                "--output", out.toString()), "--channels [0, 0, 0, 0, 0] selects channel 0 twice");
        assertThat(Files.exists(out)).isFalse();
    }
}
