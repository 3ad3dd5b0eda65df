package ipdnet2.tests.dsp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Small FLAC files encoded once by the reference command-line encoder (flac 1.4.2) and committed
 * under the test resources {@code /flac/}, so the decoder is tested where the encoder is not
 * installed. Each is the encoding of a seeded {@link FlacTest#signal}, which the tests regenerate
 * as the expected samples; {@code /flac/README.md} gives the command lines.
 */
record CommittedFlac(String name, int channels, int samples, int bits, int rate, long seed, List<String> options) {

    /** Stereo 24-bit in 128-sample blocks: 6 frames, the last one short. */
    static final CommittedFlac STEREO_24 = new CommittedFlac("s24-stereo.flac", 2, 700, 24, 48000, 21, List.of("--no-padding", "-8", "-b", "128"));
    /** The same signal with a Rice partition order up to 15 (needs --lax). */
    static final CommittedFlac STEREO_24_LAX = new CommittedFlac("s24-stereo-lax.flac", 2, 700, 24, 48000, 21,
            List.of("--no-padding", "-8", "--lax", "-b", "256", "-r", "15"));
    static final CommittedFlac MONO_16 = new CommittedFlac("m16.flac", 1, 1007, 16, 48000, 22, List.of("--no-padding", "-8", "-b", "256"));
    static final CommittedFlac FIVE_24 = new CommittedFlac("c5.flac", 5, 400, 24, 48000, 23, List.of("--no-padding", "-5", "-b", "192"));
    static final CommittedFlac SEEK = new CommittedFlac("seek.flac", 1, 1500, 24, 48000, 24, List.of("--no-padding", "-5", "-b", "192", "-S", "5x"));
    static final CommittedFlac NO_SEEK = new CommittedFlac("noseek.flac", 1, 1500, 24, 48000, 24, List.of("--no-padding", "-5", "-b", "192", "-S-"));

    /** Mono 24-bit at 16 kHz (a per-channel file whose rate differs from the others'). */
    static final CommittedFlac MONO_16K = new CommittedFlac("m24-16k.flac", 1, 1000, 24, 16000, 25, List.of("--no-padding", "-5"));

    static final List<CommittedFlac> ALL = List.of(STEREO_24, STEREO_24_LAX, MONO_16, FIVE_24, SEEK, NO_SEEK, MONO_16K);

    /** The samples the file holds. */
    int[][] signal() {
        return FlacTest.signal(channels, samples, bits, seed);
    }

    /** Copies the committed file to {@code dir}; returns the copy. */
    Path copyTo(Path dir) throws IOException {
        return copy("/flac/" + name, dir.resolve(name));
    }

    /** Copies the test resource {@code resource} to {@code target}. */
    static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = CommittedFlac.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("test resource " + resource + " is missing");
            Files.copy(in, target);
        }
        return target;
    }
}
