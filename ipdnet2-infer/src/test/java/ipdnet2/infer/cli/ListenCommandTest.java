package ipdnet2.infer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.audio.WavWriter;
import ipdnet2.dsp.resample.Resampler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live localisation of a stream: the rows of the streaming path, as the audio arrives. */
class ListenCommandTest {
    @TempDir
    static Path dir;
    static Path weights, clip;
    static byte[] clipBytes;
    private final CliFixtures cli = new CliFixtures();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void files() throws Exception {
        weights = CliFixtures.tinyWeights(dir);
        clip = dir.resolve("clip.wav");
        WavWriter.write(clip, new AudioData(16000, CliFixtures.noise(5, 32000, 4)), SampleFormat.PCM16);
        clipBytes = Files.readAllBytes(clip);
    }

    /** Runs listen with {@code stdin} as standard input; returns the exit code. */
    private int listen(InputStream stdin, String... argv) {
        out.reset();
        err.reset();
        Main main = new Main(List.of(new ListenCommand(() -> stdin)), null);
        String[] all = new String[argv.length + 1];
        all[0] = "listen";
        System.arraycopy(argv, 0, all, 1, argv.length);
        return main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A stream that hands out its bytes a few hundred at a time, as a pipe does. */
    private static InputStream trickle(byte[] b, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new ByteArrayInputStream(b) {
            @Override
            public synchronized int read(byte[] dst, int off, int len) {
                return super.read(dst, off, Math.min(len, 1 + r.nextInt(900)));
            }
        };
    }

    /** Where the samples of a WAV file start (after the "data" chunk's header). */
    private static int dataStart(byte[] wav) {
        for (int i = 12; i + 8 <= wav.length; i++) {
            if (wav[i] == 'd' && wav[i + 1] == 'a' && wav[i + 2] == 't' && wav[i + 3] == 'a') return i + 8;
        }
        throw new IllegalArgumentException("no data chunk");
    }

    /** The WAV bytes with the lengths a recorder writes to a pipe (unknown). */
    private static byte[] unknownLength(byte[] wav) {
        byte[] b = wav.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(4, -1).putInt(dataStart(wav) - 4, -1);
        return b;
    }

    private String streamingRows(Path file, String... extra) {
        String[] argv = new String[4 + extra.length];
        argv[0] = file.toString();
        argv[1] = "--weights";
        argv[2] = weights.toString();
        argv[3] = "--stream";
        System.arraycopy(extra, 0, argv, 4, extra.length);
        assertThat(cli.run(argv)).isZero();
        return cli.out();
    }

    @Test
    void aWavStreamArrivingInPiecesGivesTheStreamingPathsRows() {
        String expected = streamingRows(clip);
        assertThat(expected.lines().count()).isEqualTo(21);   // header and 20 frames of 2 s
        assertThat(listen(trickle(unknownLength(clipBytes), 1), "--weights", weights.toString())).isZero();
        assertThat(out()).isEqualTo(expected);
        assertThat(err()).isEmpty();
        assertThat(listen(new ByteArrayInputStream(clipBytes), "-", "--weights", weights.toString())).isZero();
        assertThat(out()).isEqualTo(expected);
    }

    @Test
    void rawSamplesAndAChannelSelectionGiveTheSameRows() {
        String expected = streamingRows(clip);
        byte[] data = Arrays.copyOfRange(clipBytes, dataStart(clipBytes), clipBytes.length);
        assertThat(listen(trickle(data, 2), "--raw", "s16le", "--weights", weights.toString())).isZero();
        assertThat(out()).isEqualTo(expected);
        // the five channels as channels 6,1,3,0,4 of an eight-channel stream
        int[] at = {6, 1, 3, 0, 4};
        ByteBuffer src = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer eight = ByteBuffer.allocate(data.length / 5 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 32000; i++) {
            for (int m = 0; m < 5; m++) eight.putShort((i * 8 + at[m]) * 2, src.getShort((i * 5 + m) * 2));
        }
        assertThat(listen(trickle(eight.array(), 3), "--raw", "s16", "--input-channels", "8", "--channels", "6,1,3,0,4",
                "--weights", weights.toString())).isZero();
        assertThat(out()).isEqualTo(expected);
    }

    @Test
    void aFortyEightKilohertzStreamIsConvertedAsTheWholeFileWouldBe() throws Exception {
        float[][] x = CliFixtures.noise(5, 96000, 8);
        Path at48 = dir.resolve("48k.wav");
        WavWriter.write(at48, new AudioData(48000, x), SampleFormat.FLOAT32);
        Path at16 = dir.resolve("48k-converted.wav");
        WavWriter.write(at16, Resampler.toRate(new AudioData(48000, x), 16000), SampleFormat.FLOAT32);
        String expected = streamingRows(at16);
        assertThat(listen(trickle(Files.readAllBytes(at48), 4), "--weights", weights.toString())).isZero();
        assertThat(out()).isEqualTo(expected);
    }

    @Test
    void jsonLinesAreTheJsonFormsFrames() {
        assertThat(cli.run(clip.toString(), "--weights", weights.toString(), "--stream", "--format", "json")).isZero();
        List<String> frames = cli.out().lines().filter(l -> l.startsWith("  {")).map(l -> l.trim().replaceAll(",$", "")).toList();
        assertThat(frames).hasSize(20);
        assertThat(listen(new ByteArrayInputStream(clipBytes), "--weights", weights.toString(), "--format", "jsonl")).isZero();
        assertThat(out().lines().toList()).isEqualTo(frames);
    }

    @Test
    void framesAppearWhileTheStreamIsStillOpen() throws Exception {
        PipedOutputStream recorder = new PipedOutputStream();
        PipedInputStream pipe = new PipedInputStream(recorder, 1 << 16);
        // standard output that counts the lines it receives and signals the eleventh
        CountDownLatch elevenLines = new CountDownLatch(11);
        OutputStream sink = new OutputStream() {
            @Override
            public synchronized void write(int b) {
                out.write(b);
                if (b == '\n') elevenLines.countDown();
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                out.write(b, off, len);
                for (int i = off; i < off + len; i++) if (b[i] == '\n') elevenLines.countDown();
            }
        };
        out.reset();
        err.reset();
        AtomicInteger code = new AtomicInteger(-1);
        Main main = new Main(List.of(new ListenCommand(() -> pipe)), null);
        Thread t = new Thread(() -> code.set(main.run(new String[] {"listen", "--weights", weights.toString()},
                new PrintStream(sink, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))));
        t.setDaemon(true);   // a failed test leaves no thread blocked on the pipe behind
        t.start();
        int oneSecond = dataStart(clipBytes) + 16000 * 10;
        recorder.write(unknownLength(clipBytes), 0, oneSecond);
        recorder.flush();
        // the header and frames 0-9, whose last STFT windows end within the first second (frame j
        // needs sample 1600j + 1535), must arrive while the stream stays open (the timeout only
        // guards against a hang)
        assertThat(elevenLines.await(5, TimeUnit.MINUTES)).as("11 lines before the stream ends; got: " + out()).isTrue();
        assertThat(t.isAlive()).isTrue();
        assertThat(out().lines().count()).isEqualTo(11);
        recorder.write(clipBytes, oneSecond, clipBytes.length - oneSecond);
        recorder.close();
        t.join(TimeUnit.MINUTES.toMillis(5));
        assertThat(t.isAlive()).as("listen still running after the stream was closed").isFalse();
        assertThat(code.get()).as(err()).isZero();
        String streamed = out();
        assertThat(streamed).isEqualTo(streamingRows(clip));
        assertThat(streamed.lines().count()).isEqualTo(21);
    }

    @Test
    void badStreamsStopWithAnErrorThatNamesTheProblem() {
        String w = weights.toString();
        assertThat(listen(new ByteArrayInputStream("not audio at all".getBytes()), "--weights", w)).isEqualTo(2);
        assertThat(err()).contains("standard input: not a WAV stream").contains("--raw");
        ByteBuffer nan = ByteBuffer.allocate(5 * 4 * 4000).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 5 * 4000; i++) nan.putFloat(i == 5 * 2500 + 3 ? Float.NaN : 0.01f * (i % 7));
        assertThat(listen(new ByteArrayInputStream(nan.array()), "--raw", "f32", "--weights", w)).isEqualTo(2);
        assertThat(err()).startsWith("error: standard input: ").contains("channel 3, sample 2500 is NaN");
        assertThat(err().strip().lines().count()).isEqualTo(1);
        assertThat(listen(new ByteArrayInputStream(Arrays.copyOf(clipBytes, dataStart(clipBytes) + 10 * 800)), "--weights", w)).isEqualTo(2);
        assertThat(err()).contains("ended after 0.050 s of audio, less than one 100-ms frame needs");
        assertThat(listen(InputStream.nullInputStream(), "--weights", w)).isEqualTo(2);
        assertThat(err()).contains("standard input: the stream is empty");
        assertThat(listen(InputStream.nullInputStream(), "--raw", "s16", "--input-channels", "3", "--weights", w)).isEqualTo(2);
        assertThat(err()).contains("standard input has 3 channels but the model expects 5");
        assertThat(listen(InputStream.nullInputStream(), "--rate", "48000", "--weights", w)).isEqualTo(2);
        assertThat(err()).contains("--rate and --input-channels describe --raw input");
        assertThat(listen(InputStream.nullInputStream(), "--raw", "s16", "--rate", "0", "--weights", w)).isEqualTo(2);
        assertThat(err()).isEqualTo("error: a raw stream needs a positive sample rate, got 0" + System.lineSeparator());
        assertThat(listen(InputStream.nullInputStream(), "--raw", "s12", "--weights", w)).isEqualTo(2);
        assertThat(err()).contains("--raw must be u8, s16, s24, s32, f32 or f64");
        assertThat(listen(InputStream.nullInputStream(), "--raw", "s16", "--channels", "0,1,2,3,4", "--weights", w)).isEqualTo(2);
        assertThat(err()).contains("needs --input-channels");
        assertThat(listen(InputStream.nullInputStream(), dir.resolve("absent.wav").toString(), "--weights", w)).isEqualTo(2);
        assertThat(err()).contains("absent.wav: no such file");
        assertThat(listen(InputStream.nullInputStream(), "--format", "json", "--weights", w)).isEqualTo(2);
        assertThat(err()).contains("--format must be csv or jsonl");
    }

    @Test
    void listeningStopsQuietlyWhenTheOutputIsClosed() {
        // `listen | head -3` on an endless stream: once head exits, writes fail and listen returns
        int[] reads = {0};
        InputStream endless = new InputStream() {
            private final byte[] second = Arrays.copyOfRange(clipBytes, dataStart(clipBytes), dataStart(clipBytes) + 160000);
            private int pos = -dataStart(clipBytes);

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            private final byte[] header = unknownLength(clipBytes);

            @Override
            public int read(byte[] b, int off, int len) {
                if (++reads[0] > 2000) return -1;   // about 80 s: ends a run that does not stop
                int n = Math.min(len, 4000);
                for (int i = 0; i < n; i++, pos++) b[off + i] = pos < 0 ? header[pos + dataStart(clipBytes)] : second[pos % second.length];
                return n;
            }
        };
        java.io.OutputStream head = new java.io.OutputStream() {
            private int lines;

            @Override
            public void write(int c) throws java.io.IOException {
                if (lines >= 3) throw new java.io.IOException("Broken pipe");
                if (c == '\n') lines++;
            }
        };
        Main main = new Main(List.of(new ListenCommand(() -> endless)), null);
        int code = main.run(new String[] {"listen", "--weights", weights.toString()}, new PrintStream(head, true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(reads[0]).isLessThan(1000);
    }

    @Test
    void anIncompleteLastFrameOrSilenceIsAWarning() {
        byte[] cut = Arrays.copyOf(clipBytes, clipBytes.length - 3);   // ends inside the last frame
        assertThat(listen(new ByteArrayInputStream(unknownLength(cut)), "--weights", weights.toString())).isZero();
        assertThat(err()).contains("warning: standard input ended inside a sample frame; its last 7 bytes were ignored");
        // 31,999 whole samples: frames 0-19 (frame j needs sample 1600j + 1535), as for the whole clip
        assertThat(out().lines().count()).isEqualTo(21);
        assertThat(listen(new ByteArrayInputStream(new byte[10 * 32000]), "--raw", "s16", "--weights", weights.toString()))
                .isZero();
        // 2 s of silence: the header and 20 frames, each marked silent
        List<String> rows = out().lines().toList();
        assertThat(rows).hasSize(21);
        assertThat(rows.get(0).split(",")[2]).isEqualTo("silent");
        for (String row : rows.subList(1, 21)) assertThat(row.split(",")[2]).as(row).isEqualTo("1");
        assertThat(err()).contains("warning: standard input was silent");
    }
}
