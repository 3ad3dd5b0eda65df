package ipdnet2.infer.cli;

import ipdnet2.dsp.audio.PcmStreamReader;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.resample.StreamingResampler;
import ipdnet2.infer.LocalizationFrame;
import ipdnet2.infer.Localizer;
import ipdnet2.infer.LocalizerStream;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Live localisation of an audio stream (standard input or a named pipe): each 100-ms frame is
 * printed, and flushed, as soon as its audio has arrived, so a recorder piped in gives azimuths
 * as it records. The stream is a WAV stream or, with {@code --raw}, bare interleaved samples;
 * rates other than 16 kHz are converted as they arrive ({@link StreamingResampler}), and the
 * frames are those of {@link LocalizerStream}, which equal the offline ones.
 */
final class ListenCommand implements Command {
    private static final String STDIN = "standard input";
    private final Supplier<InputStream> stdin;

    ListenCommand() {
        this(() -> System.in);
    }

    /** With another standard input (tests). */
    ListenCommand(Supplier<InputStream> stdin) {
        this.stdin = stdin;
    }

    @Override
    public String name() {
        return "listen";
    }

    @Override
    public String summary() {
        return "localise a live stream (standard input or a pipe), printing each 100-ms frame as it completes";
    }

    @Override
    public Set<String> flags() {
        return ModelOptions.flags();
    }

    @Override
    public String usage() {
        return "listen [INPUT] [options]\n"
                + "  INPUT              '-' or nothing: standard input; or a file or named pipe. A WAV stream\n"
                + "                     (its length may be unknown, as recorders write it to a pipe), or with\n"
                + "                     --raw, headerless interleaved little-endian samples\n"
                + "  --raw FORMAT       headerless samples: u8, s16, s24, s32, f32 or f64 (e.g. arecord -t raw -f S16_LE)\n"
                + "  --rate HZ          sample rate of --raw input (default 16000); any rate is converted to 16 kHz\n"
                + "  --input-channels N channels of --raw input (default: the model's mics)\n"
                + "  --channels LIST    channels to use, in order, reference first (default: all when the input\n"
                + "                     has as many as the model's mics; 1,3,5,7,0 of 32)\n"
                + ModelOptions.USAGE
                + "  --format csv|jsonl a CSV row (after a header) or one JSON object per line (default csv)\n"
                + "Example: arecord -D hw:1 -c 5 -r 16000 -f S16_LE -t wav | java -jar ipdnet2-infer.jar listen\n"
                + "Each frame is printed once its last STFT window is complete; at the end of the stream the\n"
                + "remaining frames follow. Bad samples (NaN, infinite), a stream shorter than one frame or an\n"
                + "unreadable header stop with an error naming the problem.";
    }

    @Override
    public void run(Args args, PrintStream out) throws Exception {
        run(args, out, System.err);
    }

    @Override
    public void run(Args args, PrintStream out, PrintStream err) throws Exception {
        if (args.positionals().size() > 1) {
            throw new CliException("expected at most one input, got " + args.positionals().size() + ": "
                    + String.join(" ", args.positionals()));
        }
        String input = args.positionals().isEmpty() ? "-" : args.positionals().get(0);
        String raw = args.string("raw");
        int rate = args.integer("rate", -1);
        int inputChannels = args.integer("input-channels", -1);
        int[] channels = args.integers("channels", null);
        ModelOptions model = new ModelOptions(args);
        String format = args.string("format", "csv").toLowerCase(Locale.ROOT);
        args.finish();
        if (!format.equals("csv") && !format.equals("jsonl")) {
            throw new CliException("--format must be csv or jsonl, got '" + format + "'");
        }
        if (raw == null && (rate != -1 || inputChannels != -1)) {
            throw new CliException("--rate and --input-channels describe --raw input; a WAV stream declares them");
        }
        if (rate > 0) {
            try {
                Localizer.checkSampleRate(rate);
            } catch (IllegalArgumentException e) {
                throw new CliException("--rate: " + e.getMessage());
            }
        }
        if (raw != null && inputChannels == -1 && channels != null) {
            throw new CliException("--raw with --channels needs --input-channels (how many channels the stream interleaves)");
        }
        Localizer loc = model.open(err);
        int mics = loc.config().mics();
        String name = input.equals("-") ? STDIN : input;
        try (InputStream in = open(input)) {
            PcmStreamReader reader = raw == null ? PcmStreamReader.wav(in, name)
                    : PcmStreamReader.raw(in, name, rawFormat(raw), inputChannels == -1 ? mics : inputChannels,
                            rate == -1 ? Localizer.SAMPLE_RATE : rate);
            AudioInput.checkRate(reader.sampleRate(), name);
            int[] sel = AudioInput.selection(reader.channels(), mics, channels, name);
            PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            boolean csv = format.equals("csv");
            if (csv) {
                w.println(ResultFormat.csvHeader(loc.config().tracks()));
                w.flush();
            }
            boolean[] heard = {false};
            Consumer<LocalizationFrame> sink = f -> {
                w.println(csv ? ResultFormat.csvRow(f) : ResultFormat.jsonFrame(f));
                w.flush();
                // The reader went away (e.g. `listen | head`): stop listening, as a pipeline expects.
                if (w.checkError() || out.checkError()) throw new OutputClosed();
                heard[0] |= !f.silent();
            };
            try {
                localize(loc, reader, sel, sink, name);
            } catch (OutputClosed e) {
                return;
            }
            if (reader.incompleteTail() > 0) {
                err.println("warning: " + name + " ended inside a sample frame; its last " + reader.incompleteTail()
                        + " bytes were ignored");
            }
            if (!heard[0]) err.println("warning: " + name + " was silent (all samples zero)");
        }
    }

    /** Reads the stream to its end, feeding the selected channels (converted to 16 kHz) to a localiser stream. */
    private static void localize(Localizer loc, PcmStreamReader reader, int[] sel, Consumer<LocalizationFrame> sink,
                                 String name) throws java.io.IOException {
        int mics = loc.config().mics();
        int block = Math.max(1, reader.sampleRate() / 10);
        float[][] all = new float[reader.channels()][block];
        float[][] chosen = new float[mics][];
        for (int m = 0; m < mics; m++) chosen[m] = all[sel == null ? m : sel[m]];
        StreamingResampler resampler = reader.sampleRate() == Localizer.SAMPLE_RATE ? null
                : new StreamingResampler(reader.sampleRate(), Localizer.SAMPLE_RATE, mics);
        LocalizerStream stream = loc.stream();
        try {
            for (int n; (n = reader.read(all, block)) >= 0; ) {
                if (resampler == null) stream.push(chosen, 0, n, sink);
                else push(stream, resampler.push(chosen, 0, n), sink);
            }
            if (resampler != null) push(stream, resampler.finish(), sink);
        } catch (IllegalArgumentException e) {
            throw new CliException(name + ": " + e.getMessage(), e);
        }
        if (stream.samplesReceived() < loc.minimumSamples()) {
            throw new CliException(String.format(Locale.ROOT, "%s ended after %.3f s of audio, less than one %d-ms frame needs"
                    + " (%d samples at 16 kHz)", name, stream.samplesReceived() / (double) Localizer.SAMPLE_RATE,
                    Math.round(LocalizationFrame.FRAME_SECONDS * 1000), loc.minimumSamples()));
        }
        stream.finish(sink);
    }

    private static void push(LocalizerStream stream, float[][] x, Consumer<LocalizationFrame> sink) {
        if (x[0].length > 0) stream.push(x, 0, x[0].length, sink);
    }

    private InputStream open(String input) throws java.io.IOException {
        if (input.equals("-")) return new java.io.FilterInputStream(stdin.get()) {
            @Override
            public void close() {
                // standard input stays open for whoever owns it
            }
        };
        Path p = Path.of(input);
        if (Files.isDirectory(p)) throw new CliException(input + " is a directory, not a stream");
        try {
            return Files.newInputStream(p);
        } catch (NoSuchFileException e) {
            throw new CliException(input + ": no such file");
        }
    }

    /** Standard output can no longer be written. */
    private static final class OutputClosed extends RuntimeException {
        OutputClosed() {
            super(null, null, false, false);
        }
    }

    /** A --raw sample format: u8, s16, s24, s32, f32 or f64, little-endian ("le" may be added). */
    static SampleFormat rawFormat(String s) {
        String f = s.toLowerCase(Locale.ROOT);
        if (f.endsWith("le") && f.length() > 2) f = f.substring(0, f.length() - 2);
        switch (f) {
            case "u8": return SampleFormat.PCM8;
            case "s16": return SampleFormat.PCM16;
            case "s24": return SampleFormat.PCM24;
            case "s32": return SampleFormat.PCM32;
            case "f32": return SampleFormat.FLOAT32;
            case "f64": return SampleFormat.FLOAT64;
            default: throw new CliException("--raw must be u8, s16, s24, s32, f32 or f64 (little-endian), got '" + s + "'");
        }
    }
}
