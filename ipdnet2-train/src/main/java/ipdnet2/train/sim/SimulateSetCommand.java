package ipdnet2.train.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.sim.SceneConfig;
import ipdnet2.dsp.sim.SourceSignals;
import ipdnet2.dsp.sim.SpeechDirectory;
import ipdnet2.dsp.sim.SpeechShapedNoise;
import ipdnet2.dsp.sim.SynthesisedSpeech;
import ipdnet2.train.Command;
import ipdnet2.train.CommandLine;
import ipdnet2.train.UsageException;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code simulate-set}: writes a seeded simulated set (see the package documentation). */
public final class SimulateSetCommand implements Command {
    private static final Set<String> VALUED = Set.of("out", "clips", "seed", "seconds", "rt60", "snr",
            "moving-share", "single-share", "speech-dir", "threads", "format");
    private static final Set<String> BARE = Set.of("synth", "quiet", "mirror-pairs");

    @Override
    public String name() {
        return "simulate-set";
    }

    @Override
    public String summary() {
        return "write a seeded set of simulated multichannel clips with labels and a manifest";
    }

    @Override
    public String help() {
        return String.join("\n",
                "usage: simulate-set --out DIR --clips N --seed S [options]",
                "",
                "Simulates rooms (image sources + stochastic late tail), 1-2 talkers (static or moving),",
                "diffuse and/or point noise, for the RealMAN 5-mic array (channels 1,3,5,7,0), and writes",
                "per clip DIR/clip-NNNNNN.wav and DIR/clip-NNNNNN.labels.csv, plus DIR/manifest.csv and",
                "DIR/array.csv. The same seed and options give identical files.",
                "",
                "  --out DIR            output directory (created if missing)",
                "  --clips N            number of clips",
                "  --seed S             set seed (integer)",
                "  --seconds T          clip length in seconds (default 4)",
                "  --rt60 LO:HI         RT60 range in seconds (default 0.2:1.3)",
                "  --snr LO:HI          SNR range in dB at the reference mic (default -5:15)",
                "  --moving-share P     share of clips with moving talkers (default 0.5)",
                "  --single-share P     share of clips with one talker (default 0.3)",
                "  --speech-dir DIR     dry speech: WAV/FLAC files under DIR (any rate, resampled)",
                "  --synth              dry speech synthesised by espeak-ng (must be installed; identical",
                "                       files for the same seed with the same espeak-ng version)",
                "                       default without either: speech-shaped syllabic noise",
                "  --format F           pcm16 or float32 (default float32)",
                "  --mirror-pairs       clip 2k+1 is clip 2k reflected across the array's x axis (channels 3",
                "                       and 7 swapped, azimuths negated): a set that shows the network both",
                "                       sides of the reference axis side by side (--clips must be even)",
                "  --threads N          clips simulated in parallel (default 1)",
                "  --quiet              no progress lines",
                "");
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        CommandLine cl = new CommandLine(args, VALUED, BARE);
        Path dir = Path.of(cl.required("out"));
        int clips = cl.integer("clips", -1, 1);
        if (!cl.has("clips")) throw new UsageException("--clips is required");
        if (!cl.has("seed")) throw new UsageException("--seed is required");
        long seed = cl.longValue("seed", 0);
        double seconds = cl.number("seconds", 4, 0.2, 600);
        double[] rt60 = cl.range("rt60", 0.2, 1.3, 0.05, 10);
        double[] snr = cl.range("snr", -5, 15, -100, 100);
        double moving = cl.number("moving-share", 0.5, 0, 1);
        double single = cl.number("single-share", 0.3, 0, 1);
        int threads = cl.integer("threads", 1, 1);
        SampleFormat format;
        switch (cl.string("format", "float32").toLowerCase(Locale.ROOT)) {
            case "float32":
                format = SampleFormat.FLOAT32;
                break;
            case "pcm16":
                format = SampleFormat.PCM16;
                break;
            default:
                throw new UsageException("--format must be pcm16 or float32, got '" + cl.string("format", "") + "'");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UsageException("--out " + dir + " is not a directory");
        SceneConfig config = SceneConfig.defaults().withSeconds(seconds).withRt60(rt60[0], rt60[1])
                .withSnr(snr[0], snr[1]).withMovingShare(moving).withSingleShare(single);
        SourceSignals signals = signals(cl, config, dir);
        // Clips run in parallel at the outer level; each clip's FFTs stay on its own thread.
        ConcurrencyUtils.setNumberOfThreads(1);
        SimulatedSetWriter writer = new SimulatedSetWriter(config, ArrayGeometry.realmanDefault(), signals, format);
        if (cl.flag("mirror-pairs")) {
            if (clips % 2 != 0) throw new UsageException("--mirror-pairs needs an even --clips, got " + clips);
            writer = writer.withMirrorPairs();
        }
        boolean quiet = cl.flag("quiet");
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        int step = Math.max(1, clips / 20);
        List<ClipInfo> rows = writer.write(dir, clips, seed, threads, (done, total) -> {
            if (!quiet && (done % step == 0 || done == total)) out.printf(Locale.ROOT, "%d/%d clips%n", done, total);
        });
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        out.printf(Locale.ROOT, "wrote %d clips (%s) to %s in %.1f s: %.2f clips/s on %d thread(s), "
                        + "%.3f s of CPU per clip%n", rows.size(), signals.describe(), dir, elapsed,
                rows.size() / elapsed, threads, cpu / rows.size());
        return 0;
    }

    /** CPU time of the whole process so far (all threads, including the compiler's), ns. */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private static SourceSignals signals(CommandLine cl, SceneConfig config, Path out) throws Exception {
        if (cl.has("speech-dir") && cl.flag("synth")) throw new UsageException("give either --speech-dir or --synth, not both");
        if (cl.has("speech-dir")) {
            Path speech = Path.of(cl.string("speech-dir", ""));
            if (!Files.isDirectory(speech)) throw new UsageException("--speech-dir " + speech + " is not a directory");
            try {
                return new SpeechDirectory(speech, config.sampleRate());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (cl.flag("synth")) {
            if (!SynthesisedSpeech.available()) {
                throw new UsageException("--synth needs the espeak-ng program, which is not installed");
            }
            return new SynthesisedSpeech(config.sampleRate(), Path.of(System.getProperty("java.io.tmpdir")));
        }
        return new SpeechShapedNoise(config.sampleRate());
    }
}
