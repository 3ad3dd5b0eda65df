package ipdnet2.dsp.sim;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.AudioFiles;
import ipdnet2.dsp.audio.SampleChecks;
import ipdnet2.dsp.resample.Resampler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Dry speech from a directory tree of WAV or FLAC files (first channel of each). A signal is a
 * random stretch of a random file; files shorter than the request are followed by further random
 * files after 0.15–0.75 s pauses. Files are listed in sorted order so a seed picks the same ones
 * everywhere. Files at other sample rates are converted with the signal chain's band-limited
 * {@link Resampler}. Every file is read once when the directory is opened: one with a NaN or
 * infinite sample, or an all-zero (silent) one, is refused naming the file.
 */
public final class SpeechDirectory implements SourceSignals {
    private final List<Path> files;
    private final long[] lengths;
    private final int[] rates;
    private final Map<Integer, Resampler> resamplers = new ConcurrentHashMap<>();
    private final int sampleRate;
    private final Path dir;

    public SpeechDirectory(Path dir, int sampleRate) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("speech directory " + dir + " does not exist");
        this.dir = dir;
        this.sampleRate = sampleRate;
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).filter(p -> {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return name.endsWith(".wav") || name.endsWith(".flac");
            }).sorted().forEach(found::add);
        }
        if (found.isEmpty()) throw new IllegalArgumentException("speech directory " + dir + " holds no .wav or .flac files");
        this.files = List.copyOf(found);
        this.lengths = new long[files.size()];
        this.rates = new int[files.size()];
        for (int i = 0; i < files.size(); i++) {
            AudioFiles.Info info = AudioFiles.info(files.get(i));
            if (info.frames() == 0) throw new IllegalArgumentException("speech file " + files.get(i) + " is empty");
            check(files.get(i), info.frames());
            rates[i] = info.sampleRate();
            // Length in output samples.
            lengths[i] = info.frames() * sampleRate / info.sampleRate();
        }
    }

    /**
     * Reads the first channel of {@code file} once, in blocks: a NaN or infinite sample (a float
     * file may hold one) would make every clip it is mixed into NaN, and an all-zero file a talker
     * the labels call active but who is never heard, so both are refused naming the file.
     */
    private static void check(Path file, long frames) throws IOException {
        final int block = 1 << 18;
        boolean sound = false;
        for (long at = 0; at < frames; at += block) {
            float[] x = AudioFiles.read(file, at, (int) Math.min(block, frames - at)).channels()[0];
            int j = SampleChecks.firstNonFinite(x);
            if (j >= 0) {
                throw new IllegalArgumentException("speech file " + file + " holds a non-finite sample (" + x[j]
                        + ") at sample " + (at + j));
            }
            sound |= !SampleChecks.allZero(x);
        }
        if (!sound) throw new IllegalArgumentException("speech file " + file + " is silent: every sample is zero");
    }

    public int size() {
        return files.size();
    }

    @Override
    public float[] next(SplittableRandom rng, int samples) {
        float[] out = new float[samples];
        int n = 0;
        try {
            while (n < samples) {
                int f = rng.nextInt(files.size());
                int want = samples - n;
                long start = lengths[f] > want ? (long) (rng.nextDouble() * (lengths[f] - want)) : 0;
                int count = (int) Math.min(want, lengths[f] - start);
                float[] x = read(f, start, count);
                System.arraycopy(x, 0, out, n, Math.min(count, x.length));
                n += count + (int) ((0.15 + 0.6 * rng.nextDouble()) * sampleRate);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading speech from " + dir + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** {@code count} samples at the simulation rate from output sample {@code start} of file f. */
    private float[] read(int f, long start, int count) throws IOException {
        if (rates[f] == sampleRate) return AudioFiles.read(files.get(f), start, count).channels()[0];
        long inStart = start * rates[f] / sampleRate;
        long inTotal = lengths[f] * rates[f] / sampleRate;
        int inCount = (int) Math.min(inTotal - inStart, (long) Math.ceil((double) count * rates[f] / sampleRate) + 1);
        AudioData a = AudioFiles.read(files.get(f), inStart, Math.max(1, inCount));
        Resampler r = resamplers.computeIfAbsent(rates[f], rate -> new Resampler(rate, sampleRate));
        return r.process(a.channels()[0]);
    }

    @Override
    public String describe() {
        return files.size() + " speech files under " + dir;
    }
}
