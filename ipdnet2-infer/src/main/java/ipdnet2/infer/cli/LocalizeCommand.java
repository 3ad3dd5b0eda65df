package ipdnet2.infer.cli;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.io.AtomicFiles;
import ipdnet2.infer.LocalizationFrame;
import ipdnet2.infer.Localizer;
import ipdnet2.infer.LocalizerStream;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The default command: localise the sources of one recording, 100-ms frame by frame. */
final class LocalizeCommand implements Command {
    @Override
    public String name() {
        return "localize";
    }

    @Override
    public String summary() {
        return "localise up to 2 talkers per 100 ms in a recording (the default command)";
    }

    @Override
    public String usage() {
        return "localize RECORDING [options]     (the word 'localize' may be left out)\n"
                + AudioInput.USAGE + ModelOptions.USAGE
                + "  --format csv|json  output format (default csv)\n"
                + "  --output FILE      write there (atomically) instead of standard output\n"
                + "  --stream           run the streaming path (100-ms chunks) instead of the whole clip;\n"
                + "                     the results are the same (16-kHz input; other rates use the whole clip)\n"
                + "A frame whose audio is digital silence reports no detection; an entirely silent\n"
                + "recording is an error.";
    }

    @Override
    public Set<String> flags() {
        return ModelOptions.flags("stream");
    }

    @Override
    public void run(Args args, PrintStream out) throws Exception {
        run(args, out, System.err);
    }

    @Override
    public void run(Args args, PrintStream out, PrintStream err) throws Exception {
        AudioInput input = new AudioInput(args);
        ModelOptions model = new ModelOptions(args);
        ResultFormat format = ResultFormat.parse(args.string("format", "csv"));
        Path output = args.path("output");
        boolean stream = args.flag("stream");
        args.finish();
        Localizer loc = model.open(err);
        List<LocalizationFrame> frames = localize(loc, input, stream);
        if (output == null) {
            PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            format.write(w, input.name(), loc.threshold(), frames);
        } else {
            AtomicFiles.write(output, os -> {
                PrintWriter w = new PrintWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
                format.write(w, input.name(), loc.threshold(), frames);
            });
        }
    }

    /** Reads and localises the recording; bad audio becomes a one-line error naming it. */
    static List<LocalizationFrame> localize(Localizer loc, AudioInput input, boolean stream) throws java.io.IOException {
        AudioData audio = input.read(loc.config().mics());
        List<LocalizationFrame> frames;
        try {
            if (stream && audio.sampleRate() == Localizer.SAMPLE_RATE) {
                frames = new ArrayList<>();
                LocalizerStream s = loc.stream();
                int n = audio.frames(), chunk = Localizer.SAMPLE_RATE / 10;
                if (n < loc.minimumSamples()) frames = loc.localize(audio.channels(), audio.sampleRate());
                else {
                    for (int off = 0; off < n; off += chunk) s.push(audio.channels(), off, Math.min(chunk, n - off), frames::add);
                    s.finish(frames::add);
                }
            } else {
                frames = loc.localize(audio.channels(), audio.sampleRate());
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(input.name() + ": " + e.getMessage(), e);
        }
        boolean allSilent = true;
        for (LocalizationFrame f : frames) allSilent &= f.silent();
        if (allSilent) {
            throw new CliException(input.name() + ": the recording is silent (all samples are zero); nothing to localise");
        }
        return frames;
    }
}
