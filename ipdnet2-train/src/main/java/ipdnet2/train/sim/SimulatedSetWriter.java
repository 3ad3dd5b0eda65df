package ipdnet2.train.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.SampleFormat;
import ipdnet2.dsp.audio.WavWriter;
import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.dsp.label.LabelFiles;
import ipdnet2.dsp.label.LabelledSet;
import ipdnet2.dsp.sim.MirrorImage;
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
    /** Null, or the reflection that makes clip 2k+1 from clip 2k (see {@link #withMirrorPairs}). */
    private final MirrorImage mirror;

    public SimulatedSetWriter(SceneConfig config, ArrayGeometry array, SourceSignals signals, SampleFormat format) {
        this(config, array, signals, format, null);
    }

    private SimulatedSetWriter(SceneConfig config, ArrayGeometry array, SourceSignals signals, SampleFormat format,
                               MirrorImage mirror) {
        this.config = config;
        this.array = array;
        this.signals = signals;
        this.format = format;
        this.mirror = mirror;
    }

    /**
     * A writer of mirror pairs: scene k (seed {@link #clipSeed}(seed, k)) is written as clip 2k
     * and, reflected across the array's x axis, as clip 2k+1 (the set's clip count must be even).
     *
     * @throws IllegalArgumentException if the array is not symmetric about its x axis
     */
    public SimulatedSetWriter withMirrorPairs() {
        return new SimulatedSetWriter(config, array, signals, format, new MirrorImage(array));
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
        if (mirror != null && clips % 2 != 0) {
            throw new IllegalArgumentException("a set of mirror pairs needs an even number of clips, got " + clips);
        }
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".probe", ".tmp"));
        } catch (IOException e) {
            String reason = ipdnet2.dsp.io.IoErrors.problem(e);
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
            // one task per scene: with mirror pairs it writes the scene and its reflection
            int perScene = mirror == null ? 1 : 2;
            List<Future<List<ClipInfo>>> futures = new ArrayList<>();
            for (int k = 0; k < clips / perScene; k++) {
                int scene = k;
                futures.add(pool.submit(() -> {
                    List<ClipInfo> written = writeScene(dir, scene * perScene, clipSeed(seed, scene), sampler, renderer);
                    if (progress != null) {
                        synchronized (done) {
                            done[0] += written.size();
                            progress.clipDone(done[0], clips);
                        }
                    }
                    return written;
                }));
            }
            List<ClipInfo> rows = new ArrayList<>();
            for (Future<List<ClipInfo>> f : futures) rows.addAll(f.get());
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

    /** Renders one scene and writes it as clip {@code index} (and its mirror image as index + 1). */
    private List<ClipInfo> writeScene(Path dir, int index, long clipSeed, SceneSampler sampler, SceneRenderer renderer)
            throws IOException {
        Scene scene = sampler.sample(clipSeed);
        SimulatedClip clip = renderer.render(scene);
        List<ClipInfo> rows = new ArrayList<>(2);
        rows.add(writeClip(dir, index, scene, clipSeed, clip.audio(), clip.labels(), false));
        if (mirror != null) {
            rows.add(writeClip(dir, index + 1, scene, clipSeed, mirror.audio(clip.audio()),
                    MirrorImage.labels(clip.labels()), true));
        }
        return rows;
    }

    private ClipInfo writeClip(Path dir, int index, Scene scene, long clipSeed, AudioData audio, FrameLabels labels,
                               boolean mirrored) throws IOException {
        String id = String.format(Locale.ROOT, "clip-%06d", index);
        String wav = id + ".wav";
        String labelFile = id + ".labels.csv";
        WavWriter.write(dir.resolve(wav), audio, format);
        LabelFiles.writeLabels(dir.resolve(labelFile), labels);
        ClipInfo info = new ClipInfo(id, wav, labelFile, scene.room().rt60(), scene.snrDb(),
                new double[] {scene.room().lx(), scene.room().ly(), scene.room().lz()}, scene.sources().size(),
                scene.moving(), scene.pattern().name(), scene.noiseField() + "/" + scene.noiseKind(), clipSeed,
                mirrored);
        return info.asWritten();
    }
}
