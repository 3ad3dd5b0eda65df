package ipdnet2.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    private final TrainCli cli = new TrainCli();

    private int run(String... args) {
        return cli.run(args);
    }

    private String err() {
        return cli.err();
    }

    @Test
    void helpListsTheCommandsAndExplainsSimulateSet() {
        assertThat(run("--help")).isZero();
        assertThat(cli.out()).contains("simulate-set");
        assertThat(run("simulate-set", "--help")).isZero();
        assertThat(cli.out()).contains("--rt60 LO:HI").contains("--speech-dir");
    }

    @Test
    void badArgumentsGiveAMessageAndStatusTwo() {
        assertThat(run("simulate")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'simulate'");
        assertThat(run("simulate-set", "--out", "x", "--clips", "ten", "--seed", "1")).isEqualTo(2);
        assertThat(err()).contains("--clips must be an integer, got 'ten'").doesNotContain("Exception");
        assertThat(run("simulate-set", "--out", "x", "--clips", "2", "--seed", "1", "--snr", "15:-5")).isEqualTo(2);
        assertThat(err()).contains("--snr");
        assertThat(run("simulate-set", "--out", "x", "--clips", "2")).isEqualTo(2);
        assertThat(err()).contains("--seed is required");
        assertThat(run("simulate-set", "--out", "x", "--clips", "3", "--seed", "1", "--mirror-pairs")).isEqualTo(2);
        assertThat(err()).contains("--mirror-pairs needs an even --clips, got 3");
    }

    /** An empty --out would quietly mean the current folder: it is a usage error, and nothing is written. */
    @Test
    void anEmptyOutIsAUsageError() throws Exception {
        try (var before = Files.list(Path.of(""))) {
            long files = before.count();
            assertThat(run("simulate-set", "--out", "", "--clips", "1", "--seed", "1", "--quiet")).isEqualTo(2);
            assertThat(err()).contains("--out needs a value, got an empty one");
            assertThat(run("speech-bank", "--out", " ", "--utterances", "1", "--seed", "1")).isEqualTo(2);
            assertThat(err()).contains("--out needs a value, got an empty one");
            try (var after = Files.list(Path.of(""))) {
                assertThat(after.count()).isEqualTo(files);
            }
        }
    }

    @Test
    void unwritableOutputGivesAMessageAndStatusOne(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("plain-file");
        Files.writeString(file, "not a directory");
        assertThat(run("simulate-set", "--out", file.resolve("sub").toString(), "--clips", "1", "--seed", "1",
                "--quiet")).isEqualTo(1);
        assertThat(err()).contains("not writable").contains("plain-file");
    }

    @Test
    void simulateSetWritesTheRequestedClips(@TempDir Path tmp) throws Exception {
        assertThat(run("simulate-set", "--out", tmp.toString(), "--clips", "2", "--seed", "3", "--seconds", "0.5",
                "--rt60", "0.3:0.4", "--snr", "-5:-5", "--format", "pcm16", "--quiet")).isZero();
        List<String> manifest = Files.readAllLines(tmp.resolve("manifest.csv"));
        assertThat(manifest).hasSize(3);
        List<String> columns = List.of(manifest.get(0).split(","));
        for (String row : manifest.subList(1, 3)) {
            String[] f = row.split(",");
            // every option took effect: the room's RT60 lies in --rt60, the SNR is --snr's only value
            assertThat(Double.parseDouble(f[columns.indexOf("rt60_s")])).isBetween(0.3, 0.4);
            assertThat(f[columns.indexOf("snr_db")]).isEqualTo("-5.000");
            // and the WAV is 16-bit PCM, 5 channels at 16 kHz, 0.5 s = 8000 frames long
            int[] wav = wavHeader(tmp.resolve(f[columns.indexOf("audio_file")]));
            assertThat(wav).as("format, channels, rate, bits, frames").containsExactly(1, 5, 16000, 16, 8000);
        }
        Path pairs = tmp.resolve("pairs");
        assertThat(run("simulate-set", "--out", pairs.toString(), "--clips", "2", "--seed", "3", "--seconds", "0.5",
                "--mirror-pairs", "--quiet")).isZero();
        List<String> rows = Files.readAllLines(pairs.resolve("manifest.csv"));
        assertThat(rows.get(0)).endsWith(",seed,mirrored");
        assertThat(rows.get(1)).endsWith(",0");
        assertThat(rows.get(2)).endsWith(",1");
        // without --format the clips are 32-bit float (format 3), so pcm16 above was not the default
        assertThat(wavHeader(pairs.resolve(rows.get(1).split(",")[1]))).containsExactly(3, 5, 16000, 32, 8000);
    }

    /**
     * {format code, channels, sample rate, bits per sample, frames} from a WAV file's RIFF chunks,
     * read here from the bytes (little-endian) rather than with the project's reader; an
     * extensible format is reported by its sub-format code.
     */
    private static int[] wavHeader(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(b.array(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(b.array(), 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
        int format = -1, channels = -1, rate = -1, bits = -1, frames = -1;
        int at = 12;
        while (at + 8 <= b.limit()) {
            String id = new String(b.array(), at, 4, StandardCharsets.US_ASCII);
            int size = b.getInt(at + 4);
            if (id.equals("fmt ")) {
                format = b.getShort(at + 8) & 0xFFFF;
                channels = b.getShort(at + 10);
                rate = b.getInt(at + 12);
                bits = b.getShort(at + 22);
                if (format == 0xFFFE) format = b.getShort(at + 32) & 0xFFFF;
            } else if (id.equals("data")) {
                frames = size / (channels * bits / 8);
            }
            at += 8 + size + (size & 1);
        }
        return new int[] {format, channels, rate, bits, frames};
    }
}
