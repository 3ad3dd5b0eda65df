package ipdnet2.tests.dsp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Encodes FLAC test files with the system's reference command-line encoder (an independent
 * implementation of the format), fed raw little-endian PCM so no code under test is involved.
 */
final class FlacEncoder {
    private FlacEncoder() {
    }

    /** True if the {@code flac} command is on the PATH. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("flac", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Encodes integer samples {@code s[channel][i]} of the given bit depth into {@code out}. */
    static void encode(Path out, int[][] s, int bits, int rate, String... options) throws IOException, InterruptedException {
        int nc = s.length;
        int n = s[0].length;
        int bytes = bits / 8;
        ByteBuffer b = ByteBuffer.allocate(n * nc * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            for (int[] ch : s) {
                int v = ch[i];
                for (int k = 0; k < bytes; k++) b.put((byte) (v >> (8 * k)));
            }
        }
        Path raw = out.resolveSibling(out.getFileName() + ".raw");
        Files.write(raw, b.array());
        List<String> cmd = new ArrayList<>(List.of("flac", "-s", "-f", "--force-raw-format", "--endian=little",
                "--sign=signed", "--channels=" + nc, "--bps=" + bits, "--sample-rate=" + rate));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-o", out.toString(), raw.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("flac encoder failed: " + log);
        Files.delete(raw);
    }
}
