package ipdnet2.train.realman;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A miniature RealMAN tree in the dataset's layout, 48-kHz FLAC files encoded by the system's
 * {@code flac} command from raw PCM (so no code under test writes them): per split one scene
 * "Office" with two static recordings of speaker 0001 and one moving recording of speaker 0002,
 * all 4 s long, and one 5-s noise recording. Recording S1's direct path (and array signals) is
 * silent after 2 s; the moving recording's angle series is 10°, 20°, ... (one value per 100 ms).
 */
final class MiniRealman {
    static final int RATE = 48000;
    static final int[] ALL_CHANNELS = {0, 1, 3, 5, 7};
    static final double STATIC_ANGLE_1 = 30, STATIC_ANGLE_2 = -120, DIST = 1.5;

    private MiniRealman() {
    }

    static boolean flacAvailable() {
        try {
            Process p = new ProcessBuilder("flac", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Writes splits "train" and "val" under {@code root}. */
    static void build(Path root) throws IOException, InterruptedException {
        for (String split : new String[] {"train", "val"}) buildSplit(root, split);
    }

    static void buildSplit(Path root, String split) throws IOException, InterruptedException {
        String up = split.toUpperCase();
        Path dir = root.resolve(split);
        String s1 = up + "_S_OFFICE_0001_0001", s2 = up + "_S_OFFICE_0001_0002", m1 = up + "_M_OFFICE_0002_0001";
        long seed = split.hashCode();
        recording(dir, "static", "0001", s1, 4 * RATE, 2 * RATE, seed + 1);
        recording(dir, "static", "0001", s2, 4 * RATE, 4 * RATE, seed + 2);
        recording(dir, "moving", "0002", m1, 4 * RATE, 4 * RATE, movingSeed(split));
        String rel = split + "/ma_speech/Office/";
        Files.writeString(dir.resolve(split + "_static_source_location.csv"),
                "filename,angle(°),distance,ele\n"
                        + rel + "static/0001/" + s1 + ".flac," + STATIC_ANGLE_1 + "," + DIST + ",90\n"
                        + rel + "static/0001/" + s2 + ".flac," + STATIC_ANGLE_2 + "," + DIST + ",90\n",
                StandardCharsets.UTF_8);
        StringBuilder series = new StringBuilder();
        for (int i = 1; i <= 40; i++) series.append(i > 1 ? "," : "").append(10 * i);
        Files.writeString(dir.resolve(split + "_moving_source_location.csv"),
                "filename,angle(°),distance,ele\n" + rel + "moving/0002/" + m1 + ".flac,\"" + series + "\"," + DIST + ",90\n",
                StandardCharsets.UTF_8);
        Path noise = dir.resolve("ma_noise/Office");
        Files.createDirectories(noise);
        SplittableRandom rng = new SplittableRandom(seed + 9);
        for (int ch : ALL_CHANNELS) {
            int[] x = new int[5 * RATE];
            for (int i = 0; i < x.length; i++) x[i] = (int) (rng.nextGaussian() * 300);
            flac(noise.resolve(up + "_N_OFFICE_0001_CH" + ch + ".flac"), x, 16);
        }
    }

    /** Seed of the moving recording's signal in {@code split}. */
    private static long movingSeed(String split) {
        return split.hashCode() + 3L;
    }

    /**
     * The moving recording's direct path in {@code split} at 48 kHz, as written (before 24-bit
     * rounding); array channel c is this delayed by c samples at half the level.
     */
    static double[] movingDirectPath(String split) {
        return directPath(4 * RATE, 4 * RATE, movingSeed(split));
    }

    /** Gaussian noise (standard deviation 0.1) for {@code activeSamples} samples, then silence. */
    private static double[] directPath(int samples, int activeSamples, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] dp = new double[samples];
        for (int i = 0; i < activeSamples; i++) dp[i] = rng.nextGaussian() * 0.1;
        return dp;
    }

    /**
     * A recording whose direct path is noise for {@code activeSamples} samples, then silence; channel
     * c of the array is that signal delayed by c samples at half the level.
     */
    static void recording(Path dir, String kind, String speaker, String stem, int samples, int activeSamples, long seed)
            throws IOException, InterruptedException {
        double[] dp = directPath(samples, activeSamples, seed);
        Path dpDir = dir.resolve("dp_speech/Office/" + kind + "/" + speaker);
        Path maDir = dir.resolve("ma_speech/Office/" + kind + "/" + speaker);
        Files.createDirectories(dpDir);
        Files.createDirectories(maDir);
        int[] d24 = new int[samples];
        for (int i = 0; i < samples; i++) d24[i] = (int) Math.round(dp[i] * (1 << 23));
        flac(dpDir.resolve(stem + ".flac"), d24, 24);
        for (int ch : ALL_CHANNELS) {
            int[] x = new int[samples];
            for (int i = ch; i < samples; i++) x[i] = (int) Math.round(dp[i - ch] * 0.5 * 32767);
            flac(maDir.resolve(stem + "_CH" + ch + ".flac"), x, 16);
        }
    }

    /** Encodes mono integer samples of the given depth at 48 kHz with the {@code flac} command. */
    static void flac(Path out, int[] s, int bits) throws IOException, InterruptedException {
        int bytes = bits / 8;
        ByteBuffer b = ByteBuffer.allocate(s.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : s) {
            for (int k = 0; k < bytes; k++) b.put((byte) (v >> (8 * k)));
        }
        Path raw = out.resolveSibling(out.getFileName() + ".raw");
        Files.write(raw, b.array());
        List<String> cmd = new ArrayList<>(List.of("flac", "-s", "-f", "--force-raw-format", "--endian=little",
                "--sign=signed", "--channels=1", "--bps=" + bits, "--sample-rate=" + RATE, "-o", out.toString(), raw.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("flac encoder failed: " + log);
        Files.delete(raw);
    }
}
