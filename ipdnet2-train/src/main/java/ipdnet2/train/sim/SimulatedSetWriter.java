package ipdnet2.train.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.audio.WavWriter;
import ipdnet2.dsp.label.LabelFiles;
import ipdnet2.dsp.label.LabelledSet;
import ipdnet2.dsp.sim.Scene;
import ipdnet2.dsp.sim.SceneConfig;
import ipdnet2.dsp.sim.SceneRenderer;
import ipdnet2.dsp.sim.SceneSampler;
import ipdnet2.dsp.sim.SimulatedClip;
import ipdnet2.dsp.sim.SourceSignals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a seeded simulated set (layout: package documentation). Clip i's scene seed is a fixed
 * mix of the set seed and i, so the files do not depend on the thread count or on which clips
 * were written before; every file is written to a temporary name and renamed.
 */
public final class SimulatedSetWriter {
    /** Progress callback, called once per finished clip (from worker threads). */
    @FunctionalInterface
    public interface Progress {
        void clipDone(int done, int total);
    }

    private final SceneConfig config;
    private final ArrayGeometry array;
    private final SourceSignals signals;
    private final SampleFormat format;

    public SimulatedSetWriter(SceneConfig config, ArrayGeometry array, SourceSignals signals, SampleFormat format) {
        this.config = config;
        this.array = array;
        this.signals = signals;
        this.format = format;
    }

    /** The scene seed of clip {@code index} in a set seeded with {@code seed} (SplitMix64 finaliser). */
    public static long clipSeed(long seed, int index) {
        long z = seed + (index + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Writes clips 0..clips-1 and the manifest into {@code dir}; returns the manifest rows. */
    public List<ClipInfo> write(Path dir, int clips, long seed, int threads, Progress progress) throws IOException {
        if (clips < 1) throw new IllegalArgumentException("number of clips must be at least 1, got " + clips);
        if (threads < 1) throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".probe", ".tmp"));
        } catch (IOException e) {
            String reason = e instanceof java.nio.file.FileSystemException
                    && ((java.nio.file.FileSystemException) e).getReason() != null
                    ? ((java.nio.file.FileSystemException) e).getReason() : e.getClass().getSimpleName();
            throw new IOException("output directory " + dir + " is not writable (" + reason + ")", e);
        }
        LabelFiles.writeArray(dir.resolve(LabelledSet.ARRAY), array);
        SceneSampler sampler = new SceneSampler(config, array);
        SceneRenderer renderer = new SceneRenderer(array, signals);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "simulate-set");
            t.setDaemon(true);
            return t;
        });
        int[] done = {0};
        try {
            List<Future<ClipInfo>> futures = new ArrayList<>();
            for (int i = 0; i < clips; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ClipInfo info = writeClip(dir, index, clipSeed(seed, index), sampler, renderer);
                    if (progress != null) {
                        synchronized (done) {
                            progress.clipDone(++done[0], clips);
                        }
                    }
                    return info;
                }));
            }
            List<ClipInfo> rows = new ArrayList<>();
            for (Future<ClipInfo> f : futures) rows.add(f.get());
            StringBuilder manifest = new StringBuilder(ClipInfo.HEADER).append('\n');
            for (ClipInfo row : rows) manifest.append(row.toCsv()).append('\n');
            LabelFiles.writeText(dir.resolve(LabelledSet.MANIFEST), manifest.toString());
            return rows;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while simulating", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException) throw ((UncheckedIOException) cause).getCause();
            if (cause instanceof IOException) throw (IOException) cause;
            if (cause instanceof RuntimeException) throw (RuntimeException) cause;
            throw new IOException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private ClipInfo writeClip(Path dir, int index, long clipSeed, SceneSampler sampler, SceneRenderer renderer)
            throws IOException {
        Scene scene = sampler.sample(clipSeed);
        SimulatedClip clip = renderer.render(scene);
        String id = String.format(Locale.ROOT, "clip-%06d", index);
        String wav = id + ".wav";
        String labels = id + ".labels.csv";
        WavWriter.write(dir.resolve(wav), clip.audio(), format);
        LabelFiles.writeLabels(dir.resolve(labels), clip.labels());
        ClipInfo info = new ClipInfo(id, wav, labels, scene.room().rt60(), scene.snrDb(),
                new double[] {scene.room().lx(), scene.room().ly(), scene.room().lz()}, scene.sources().size(),
                scene.moving(), scene.pattern().name(), scene.noiseField() + "/" + scene.noiseKind(), clipSeed);
        return info.asWritten();
    }
}
