package ipdnet2.dsp.sim;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.AudioFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Dry speech from a directory tree of WAV or FLAC files (first channel of each). A signal is a
 * random stretch of a random file; files shorter than the request are followed by further random
 * files after 0.15–0.75 s pauses. Files are listed in sorted order so a seed picks the same ones
 * everywhere. Every file must already have the simulation's sample rate (checked when the
 * directory is opened).
 */
public final class SpeechDirectory implements SourceSignals {
    private final List<Path> files;
    private final long[] lengths;
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
        for (int i = 0; i < files.size(); i++) {
            AudioFiles.Info info = AudioFiles.info(files.get(i));
            if (info.sampleRate() != sampleRate) {
                throw new IllegalArgumentException("speech file " + files.get(i) + " has sample rate "
                        + info.sampleRate() + " Hz; this simulation needs " + sampleRate
                        + " Hz files (resample them first)");
            }
            if (info.frames() == 0) throw new IllegalArgumentException("speech file " + files.get(i) + " is empty");
            lengths[i] = info.frames();
        }
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
                AudioData a = AudioFiles.read(files.get(f), start, count);
                System.arraycopy(a.channels()[0], 0, out, n, Math.min(count, a.frames()));
                n += count + (int) ((0.15 + 0.6 * rng.nextDouble()) * sampleRate);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading speech from " + dir + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public String describe() {
        return files.size() + " speech files under " + dir;
    }
}
