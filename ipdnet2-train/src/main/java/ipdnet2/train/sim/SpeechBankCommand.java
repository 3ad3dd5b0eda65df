package ipdnet2.train.sim;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.audio.WavWriter;
import ipdnet2.dsp.sim.SynthesisedSpeech;
import ipdnet2.train.Command;
import ipdnet2.train.CommandLine;
import ipdnet2.train.UsageException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code speech-bank}: synthesises a directory of dry single-talker utterances with the system
 * speech synthesiser, once, so that simulated training and test sets drawn from it with
 * {@code --speech-dir} do not depend on the synthesiser being installed. The files are identical
 * run to run for a given synthesiser version.
 */
public final class SpeechBankCommand implements Command {
    private static final Set<String> VALUED = Set.of("out", "utterances", "seed", "seconds", "threads");
    private static final Set<String> BARE = Set.of("quiet");
    private static final int SAMPLE_RATE = 16000;

    @Override
    public String name() {
        return "speech-bank";
    }

    @Override
    public String summary() {
        return "synthesise a directory of dry utterances to use as --speech-dir";
    }

    @Override
    public String help() {
        return String.join("\n",
                "usage: speech-bank --out DIR --utterances N --seed S [options]",
                "",
                "Writes DIR/utt-NNNNNN.wav (mono, 16 kHz, PCM16): English sentences from a fixed word",
                "list spoken by espeak-ng (which must be installed) with a random voice, variant, pitch",
                "and speed per utterance. Use the directory as --speech-dir of simulate-set and train.",
                "",
                "  --out DIR            output directory (created if missing)",
                "  --utterances N       number of files",
                "  --seed S             seed of the texts and voices",
                "  --seconds T          length of each file in seconds (default 6)",
                "  --threads N          synthesiser processes run in parallel (default 1)",
                "  --quiet              no progress lines",
                "");
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        CommandLine cl = new CommandLine(args, VALUED, BARE);
        Path dir = Path.of(cl.required("out"));
        if (!cl.has("utterances")) throw new UsageException("--utterances is required");
        if (!cl.has("seed")) throw new UsageException("--seed is required");
        int count = cl.integer("utterances", 1, 1);
        long seed = cl.longValue("seed", 0);
        double seconds = cl.number("seconds", 6, 0.5, 600);
        int threads = cl.integer("threads", 1, 1);
        boolean quiet = cl.flag("quiet");
        if (!SynthesisedSpeech.available()) {
            throw new UsageException("speech-bank needs the espeak-ng program, which is not installed "
                    + "(on Debian: apt-get install espeak-ng)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UsageException("--out " + dir + " is not a directory");
        Files.createDirectories(dir);
        Path scratch = Files.createTempDirectory("speech-bank");
        SynthesisedSpeech speech = new SynthesisedSpeech(SAMPLE_RATE, scratch);
        int samples = (int) Math.round(seconds * SAMPLE_RATE);
        AtomicInteger done = new AtomicInteger();
        int report = Math.max(1, count / 20);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                jobs.add(pool.submit(() -> {
                    // One stream per utterance: the text and voice of file i do not depend on threads.
                    SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + index);
                    float[] signal = speech.next(rng, samples);
                    Path file = dir.resolve(String.format(Locale.ROOT, "utt-%06d.wav", index));
                    WavWriter.write(file, new AudioData(SAMPLE_RATE, new float[][] {signal}), SampleFormat.PCM16);
                    int n = done.incrementAndGet();
                    if (!quiet && (n % report == 0 || n == count)) out.printf(Locale.ROOT, "%d/%d utterances%n", n, count);
                    return null;
                }));
            }
            for (Future<?> f : jobs) f.get();
        } finally {
            pool.shutdownNow();
            Files.deleteIfExists(scratch);
        }
        out.printf(Locale.ROOT, "wrote %d utterances of %.1f s to %s%n", count, seconds, dir);
        return 0;
    }
}
