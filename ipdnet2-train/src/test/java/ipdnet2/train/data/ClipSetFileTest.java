package ipdnet2.train.data;

import ipdnet2.dsp.label.FrameLabels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClipSetFileTest {
    private static final String RECIPE = "recipe A";
    /** Offset of the clip count: 8-byte magic, then the recipe as 2-byte length and its bytes. */
    private static final int COUNT_AT = 8 + 2 + RECIPE.length();
    /** Offset of the first clip's first sample: count, then that clip's mics and samples. */
    private static final int FIRST_SAMPLE_AT = COUNT_AT + 4 + 4 + 4;

    /** A small deterministic source: clip {@code seed} has 2 mics of 200 samples and 3 label frames. */
    private static final class Counting implements ClipSource {
        final List<Long> seeds = new ArrayList<>();

        @Override
        public Clip clip(long seed) {
            seeds.add(seed);
            float[][] audio = new float[2][200];
            for (int m = 0; m < 2; m++) {
                for (int i = 0; i < 200; i++) audio[m][i] = (float) Math.sin(0.01 * (seed % 1000) + 0.1 * i + m);
            }
            double[][] az = new double[3][2], dist = new double[3][2];
            boolean[][] active = new boolean[3][2];
            for (int t = 0; t < 3; t++) {
                az[t] = new double[] {seed % 360 - 180, -t};
                dist[t] = new double[] {1 + t, 2.5};
                active[t] = new boolean[] {true, t == 1};
            }
            return new Clip(audio, new FrameLabels(az, dist, active));
        }

        @Override
        public int mics() {
            return 2;
        }

        @Override
        public String describe() {
            return "counting";
        }
    }

    private static void assertSameClips(List<Clip> actual, List<Clip> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Clip a = actual.get(i), e = expected.get(i);
            assertThat(a.audio()).isDeepEqualTo(e.audio());
            assertThat(a.labels().frames()).isEqualTo(e.labels().frames());
            assertThat(a.labels().sources()).isEqualTo(e.labels().sources());
            for (int t = 0; t < e.labels().frames(); t++) {
                for (int s = 0; s < e.labels().sources(); s++) {
                    assertThat(a.labels().azimuthDeg(t, s)).isEqualTo(e.labels().azimuthDeg(t, s));
                    assertThat(a.labels().distanceM(t, s)).isEqualTo(e.labels().distanceM(t, s));
                    assertThat(a.labels().active(t, s)).isEqualTo(e.labels().active(t, s));
                }
            }
        }
    }

    /** Writes {@code clips} to {@code file} and returns its bytes, after checking the offsets used here. */
    private static byte[] written(Path file, List<Clip> clips) throws Exception {
        ClipSetFile.write(file, RECIPE, clips);
        byte[] bytes = Files.readAllBytes(file);
        // the layout the offsets above assume
        assertThat(new String(bytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("IPD2CLPS");
        assertThat(ByteBuffer.wrap(bytes).getInt(COUNT_AT)).isEqualTo(clips.size());
        assertThat(ByteBuffer.wrap(bytes).getFloat(FIRST_SAMPLE_AT)).isEqualTo(clips.get(0).audio()[0][0]);
        return bytes;
    }

    @Test
    void aWrittenSetReadsBackExactly(@TempDir Path dir) throws Exception {
        Counting source = new Counting();
        List<Clip> clips = List.of(source.clip(5), source.clip(77));
        Path f = dir.resolve("set.clips");
        written(f, clips);
        assertSameClips(ClipSetFile.read(f), clips);
        assertThat(ClipSetFile.recipeOf(f)).isEqualTo(RECIPE);
        assertThat(ClipSetFile.recipeOf(dir.resolve("none.clips"))).isNull();
    }

    /** Each damage is reported with the file's name and what is wrong, never half-read. */
    @Test
    void damagedFilesAreRejectedByNameAndProblem(@TempDir Path dir) throws Exception {
        Counting source = new Counting();
        byte[] bytes = written(dir.resolve("set.clips"), List.of(source.clip(5), source.clip(77)));

        byte[] magic = bytes.clone();
        magic[0] ^= 0x01;
        Path foreign = write(dir, "foreign.clips", magic);
        assertThatThrownBy(() -> ClipSetFile.read(foreign)).isInstanceOf(DataException.class)
                .hasMessageContaining("foreign.clips").hasMessageContaining("not a clip-set file (bad magic)");
        assertThat(ClipSetFile.recipeOf(foreign)).isNull();

        for (int count : new int[] {-1, 20_000_000}) {
            byte[] b = bytes.clone();
            ByteBuffer.wrap(b).putInt(COUNT_AT, count);
            Path f = write(dir, "count" + count + ".clips", b);
            assertThatThrownBy(() -> ClipSetFile.read(f)).isInstanceOf(DataException.class)
                    .hasMessageContaining(f.getFileName().toString())
                    .hasMessageContaining("corrupt clip count " + count);
        }

        byte[] header = bytes.clone();
        ByteBuffer.wrap(header).putInt(COUNT_AT + 4, 0);
        Path noMics = write(dir, "no-mics.clips", header);
        assertThatThrownBy(() -> ClipSetFile.read(noMics)).isInstanceOf(DataException.class)
                .hasMessageContaining("no-mics.clips").hasMessageContaining("corrupt clip 0 header");

        // one flipped bit in a sample still parses: only the checksum can tell
        byte[] flipped = bytes.clone();
        flipped[FIRST_SAMPLE_AT + 3] ^= 0x01;
        Path altered = write(dir, "altered.clips", flipped);
        assertThatThrownBy(() -> ClipSetFile.read(altered)).isInstanceOf(DataException.class)
                .hasMessageContaining("altered.clips").hasMessageContaining("checksum mismatch, the file is corrupt");

        // cut inside the second clip's audio, and inside the final checksum
        for (int length : new int[] {bytes.length / 2 + 100, bytes.length - 3}) {
            Path cut = write(dir, "cut" + length + ".clips", Arrays.copyOf(bytes, length));
            assertThatThrownBy(() -> ClipSetFile.read(cut)).isInstanceOf(DataException.class)
                    .hasMessageContaining(cut.getFileName().toString())
                    .hasMessageContaining("truncated clip-set file");
        }
    }

    /**
     * The cache is reused only for the recipe it was made from: then no clip is drawn again;
     * for another recipe the clips are drawn anew (seeds of stream 1) and the cache rewritten.
     */
    @Test
    void theValidationCacheIsReusedForItsRecipeAndRebuiltForAnother(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("validation.clips");
        Counting first = new Counting();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Clip> made = ValidationSet.cached(cache, "recipe A", first, 3, 9, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(first.seeds).containsExactly(Seeds.of(9, 1, 0), Seeds.of(9, 1, 1), Seeds.of(9, 1, 2));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("making 3 validation clips").contains(cache.toString());

        Counting reuse = new Counting();
        log.reset();
        List<Clip> reread = ValidationSet.cached(cache, "recipe A", reuse, 3, 9, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(reuse.seeds).as("clips drawn when the cache fits").isEmpty();
        assertThat(log.size()).isZero();
        assertSameClips(reread, made);

        // another recipe (here: another seed, so other clips): rebuilt, and the file now says so
        Counting rebuild = new Counting();
        List<Clip> other = ValidationSet.cached(cache, "recipe B", rebuild, 2, 10, null);
        assertThat(rebuild.seeds).containsExactly(Seeds.of(10, 1, 0), Seeds.of(10, 1, 1));
        assertThat(ClipSetFile.recipeOf(cache)).isEqualTo("recipe B");
        assertSameClips(ClipSetFile.read(cache), other);
        assertThat(other.get(0).audio()[0]).isNotEqualTo(made.get(0).audio()[0]);

        // a damaged cache of the right recipe is reported, not silently used or remade
        byte[] b = Files.readAllBytes(cache);
        b[b.length - 20] ^= 0x40;
        Files.write(cache, b);
        assertThatThrownBy(() -> ValidationSet.cached(cache, "recipe B", new Counting(), 2, 10, null))
                .isInstanceOf(DataException.class).hasMessageContaining(cache.toString())
                .hasMessageContaining("checksum mismatch");
    }

    private static Path write(Path dir, String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }
}
