package ipdnet2.infer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.resample.Resampler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalizeCommandTest {
    @TempDir
    static Path dir;
    static Path weights, clip;
    private final CliFixtures cli = new CliFixtures();

    @BeforeAll
    static void files() throws Exception {
        weights = CliFixtures.tinyWeights(dir);
        clip = CliFixtures.wav(dir.resolve("clip.wav"), CliFixtures.noise(5, 16000, 1), 16000);
    }

    @Test
    void localizeIsTheDefaultCommandAndWritesOneCsvRowPerFrame() {
        assertThat(cli.run(clip.toString(), "--weights", weights.toString())).isZero();
        List<String> lines = cli.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("frame,time_s,silent,azimuth_deg_0,score_0,detected_0,azimuth_deg_1,score_1,detected_1");
        assertThat(lines).hasSize(11);   // (16000/320 + 1)/5 = 10 frames
        assertThat(lines.get(3)).startsWith("2,0.2,0,");
        assertThat(cli.run("localize", clip.toString(), "--weights", weights.toString())).isZero();
        assertThat(cli.out().lines().toList()).isEqualTo(lines);
    }

    @Test
    void jsonToAFileIsWrittenAtomicallyAndStdoutStaysEmpty() throws Exception {
        Path out = dir.resolve("sub/result.json");
        assertThat(cli.run(clip.toString(), "--weights", weights.toString(), "--format", "json", "--output", out.toString()))
                .isZero();
        assertThat(cli.out()).isEmpty();
        String json = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"recording\": ").contains("\"frame\": 9,").doesNotContain("\"frame\": 10,")
                .contains("\"azimuth_deg\": ").endsWith("]}\n");
        try (var files = Files.list(out.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("result.json");
        }
    }

    @Test
    void streamingPathGivesTheSameDirectionsAsTheWholeClip() {
        assertThat(cli.run(clip.toString(), "--weights", weights.toString())).isZero();
        List<String> whole = directions(cli.out());
        assertThat(whole).hasSize(10);   // (16000/320 + 1)/5 frames
        assertThat(cli.run(clip.toString(), "--weights", weights.toString(), "--stream")).isZero();
        assertThat(directions(cli.out())).isEqualTo(whole);
    }

    @Test
    void symmetryAveragingGivesTheSameDirectionsStreamedAndWhole() {
        assertThat(cli.run(clip.toString(), "--weights", weights.toString(), "--symmetry-average")).isZero();
        List<String> whole = directions(cli.out());
        assertThat(whole).hasSize(10);
        assertThat(cli.err()).isEmpty();
        assertThat(cli.run(clip.toString(), "--weights", weights.toString(), "--symmetry-average", "--stream")).isZero();
        assertThat(directions(cli.out())).isEqualTo(whole);
    }

    @Test
    void symmetryAveragingOnAnArrayWithoutSymmetriesIsWarnedAbout() throws Exception {
        Path array = dir.resolve("irregular.txt");
        Files.writeString(array, "0.03 0 0\n-0.01 0.03 0\n-0.03 0 0\n0 -0.03 0\n0 0 0\n");
        assertThat(cli.run(clip.toString(), "--weights", weights.toString(), "--array", array.toString(),
                "--symmetry-average")).isZero();
        assertThat(cli.err()).contains("--symmetry-average").contains("no rotation or reflection");
    }

    /** frame, azimuths and detection flags (scores may differ in the last printed digit). */
    private static List<String> directions(String csv) {
        List<String> rows = new ArrayList<>();
        for (String line : csv.lines().skip(1).toList()) {
            String[] f = line.split(",");
            rows.add(f[0] + "," + f[3] + "," + f[5] + "," + f[6] + "," + f[8]);
        }
        return rows;
    }

    @Test
    void aThirtyTwoChannelRecordingUsesChannels13570ByDefault() throws Exception {
        float[][] five = CliFixtures.noise(5, 16000, 1);
        float[][] all = new float[32][16000];
        int[] realman = {1, 3, 5, 7, 0};
        for (int i = 0; i < 5; i++) all[realman[i]] = five[i];
        Path big = CliFixtures.wav(dir.resolve("realman32.wav"), all, 16000);
        assertThat(cli.run(clip.toString(), "--weights", weights.toString())).isZero();
        String expected = cli.out();
        assertThat(cli.run(big.toString(), "--weights", weights.toString())).isZero();
        assertThat(cli.out()).isEqualTo(expected);
        assertThat(cli.run(big.toString(), "--weights", weights.toString(), "--channels", "1,3,5,7,0")).isZero();
        assertThat(cli.out()).isEqualTo(expected);
        assertThat(cli.run(big.toString(), "--weights", weights.toString(), "--channels", "1,3,5,7,40")).isEqualTo(2);
        assertThat(cli.err()).contains("channel 40 does not exist");
    }

    @Test
    void otherSampleRatesAreResampled() throws Exception {
        float[][] x = CliFixtures.noise(5, 48000, 2);
        Path hi = CliFixtures.wav(dir.resolve("clip48k.wav"), x, 48000);
        assertThat(cli.run(hi.toString(), "--weights", weights.toString())).isZero();
        String rows = cli.out();
        assertThat(rows.lines().count()).isEqualTo(11);
        // the rows of the band-limited 16-kHz version (Resampler) of the same second
        Path lo = CliFixtures.wav(dir.resolve("clip48k-at16k.wav"), Resampler.toRate(new AudioData(48000, x), 16000).channels(),
                16000);
        assertThat(cli.run(lo.toString(), "--weights", weights.toString())).isZero();
        assertThat(rows).isEqualTo(cli.out());
        // ... which every third sample alone would not give
        float[][] decimated = new float[5][16000];
        for (int m = 0; m < 5; m++) for (int i = 0; i < 16000; i++) decimated[m][i] = x[m][3 * i];
        Path naive = CliFixtures.wav(dir.resolve("clip48k-decimated.wav"), decimated, 16000);
        assertThat(cli.run(naive.toString(), "--weights", weights.toString())).isZero();
        assertThat(rows).isNotEqualTo(cli.out());
    }

    @Test
    void aDifferentArrayIsWarnedAbout() throws Exception {
        Path array = dir.resolve("array.txt");
        Files.writeString(array, "0.05 0 0\n0 0.05 0\n-0.05 0 0\n0 -0.05 0\n0 0 0\n");
        assertThat(cli.run(clip.toString(), "--weights", weights.toString(), "--array", array.toString())).isZero();
        assertThat(cli.err()).contains("warning:").contains("differs from the RealMAN array");
        Path same = dir.resolve("realman.txt");
        Files.writeString(same, "0.03 0 0\n0 0.03 0\n-0.03 0 0\n0 -0.03 0\n0 0 0\n");
        assertThat(cli.run(clip.toString(), "--weights", weights.toString(), "--array", same.toString())).isZero();
        assertThat(cli.err()).isEmpty();
    }

    // ---------------------------------------------------------------- bad input

    private void assertOneLineError(String expected, String... argv) {
        assertThat(cli.run(argv)).isEqualTo(2);
        assertThat(cli.err()).startsWith("error: ").contains(expected).doesNotContain("\tat ");
        assertThat(cli.err().strip().lines().count()).isEqualTo(1);
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void wrongChannelCount() throws Exception {
        Path four = CliFixtures.wav(dir.resolve("four.wav"), CliFixtures.noise(4, 16000, 3), 16000);
        assertOneLineError("has 4 channels but the model expects 5", four.toString(), "--weights", weights.toString());
        assertOneLineError("selects 3 channels but the model expects 5", clip.toString(), "--weights", weights.toString(),
                "--channels", "0,1,2");
    }

    @Test
    void lessAudioThanOneOutputFrame() throws Exception {
        Path shortClip = CliFixtures.wav(dir.resolve("short.wav"), CliFixtures.noise(5, 1000, 4), 16000);
        assertOneLineError("too short: 1000 samples", shortClip.toString(), "--weights", weights.toString());
    }

    @Test
    void nanAndInfiniteSamples() throws Exception {
        float[][] x = CliFixtures.noise(5, 16000, 5);
        x[3][777] = Float.NaN;
        Path nan = CliFixtures.wav(dir.resolve("nan.wav"), x, 16000);
        assertOneLineError("channel 3, sample 777 is NaN", nan.toString(), "--weights", weights.toString());
        x[3][777] = Float.NEGATIVE_INFINITY;
        Path inf = CliFixtures.wav(dir.resolve("inf.wav"), x, 16000);
        assertOneLineError("is -Infinity", inf.toString(), "--weights", weights.toString());
    }

    @Test
    void silence() throws Exception {
        Path silent = CliFixtures.wav(dir.resolve("silent.wav"), new float[5][16000], 16000);
        assertOneLineError("silent", silent.toString(), "--weights", weights.toString());
    }

    @Test
    void unreadableWeights() throws Exception {
        Path junk = dir.resolve("junk.safetensors");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        assertOneLineError("junk.safetensors: is neither a safetensors file", clip.toString(), "--weights", junk.toString());
        // a valid weights file cut off inside its JSON header, and inside its tensor data
        byte[] whole = Files.readAllBytes(weights);
        Path inHeader = dir.resolve("cut-header.safetensors");
        Files.write(inHeader, Arrays.copyOf(whole, 1000));
        assertOneLineError("cut-header.safetensors: truncated safetensors file", clip.toString(), "--weights",
                inHeader.toString());
        Path inData = dir.resolve("cut-data.safetensors");
        Files.write(inData, Arrays.copyOf(whole, whole.length / 2));
        assertOneLineError("cut-data.safetensors: tensor '", clip.toString(), "--weights", inData.toString());
        assertThat(cli.err()).contains("outside the data section").contains("truncated or corrupt file");
        assertOneLineError("absent.safetensors: no such file", clip.toString(), "--weights",
                dir.resolve("absent.safetensors").toString());
    }

    @Test
    void missingFiles() {
        assertOneLineError("nothere.wav: no such file", dir.resolve("nothere.wav").toString(), "--weights", weights.toString());
        assertOneLineError("clip_CH1.flac: no such file (channel 1)", "--realman-clip", dir.resolve("ma_noisy/clip").toString(),
                "--weights", weights.toString());
        assertOneLineError("--array " + dir.resolve("no.txt") + ": no such file", clip.toString(), "--weights",
                weights.toString(), "--array", dir.resolve("no.txt").toString());
    }

    @Test
    void badRecordings() throws Exception {
        byte[] wav = Files.readAllBytes(clip);
        // cut off inside the samples
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, Arrays.copyOf(wav, wav.length / 2));
        assertOneLineError("cut.wav: truncated: data chunk declares " + (wav.length - 68) + " bytes but only "
                + (wav.length / 2 - 68) + " remain", cut.toString(), "--weights", weights.toString());
        // a WAV file under a name of another format
        Path mp3 = dir.resolve("clip.mp3");
        Files.write(mp3, wav);
        assertOneLineError("clip.mp3: unknown audio file type (expected .wav or .flac)", mp3.toString(), "--weights",
                weights.toString());
        // the same samples declared as A-law (WAVE_FORMAT_EXTENSIBLE's sub-format tag at byte 44)
        Path alaw = dir.resolve("alaw.wav");
        byte[] b = wav.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(44, (short) 6);
        Files.write(alaw, b);
        assertOneLineError("alaw.wav: unsupported WAV encoding (format tag 0x0006)", alaw.toString(), "--weights",
                weights.toString());
        // a header that declares sample rate 0 (and byte rate 0)
        Path rate0 = dir.resolve("rate0.wav");
        b = wav.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 0).putInt(28, 0);
        Files.write(rate0, b);
        assertOneLineError("rate0.wav: header declares sample rate 0", rate0.toString(), "--weights", weights.toString());
    }

    @Test
    void missingDefaultWeightsTellTheUserToPassWeights() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("noweights"));
        String old = System.getProperty("ipdnet2.weights.search");
        System.setProperty("ipdnet2.weights.search", empty.toString());
        try {
            assertOneLineError("pass the model file with --weights", clip.toString());
            Files.copy(weights, empty.resolve(DefaultWeights.FILE));
            assertThat(cli.run(clip.toString())).isZero();
        } finally {
            if (old == null) System.clearProperty("ipdnet2.weights.search");
            else System.setProperty("ipdnet2.weights.search", old);
        }
    }

    @Test
    void badOptions() {
        assertOneLineError("--format must be csv or json", clip.toString(), "--weights", weights.toString(), "--format", "xml");
        assertOneLineError("--threshold expects a finite number", clip.toString(), "--threshold", "x");
        assertThat(cli.run()).isEqualTo(2);
        assertThat(cli.err()).contains("usage:");
    }
}
