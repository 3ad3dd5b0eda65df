package ipdnet2.train.realman;

import ipdnet2.dsp.audio.AudioFiles;
import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.dsp.sim.OverlapPattern;
import ipdnet2.train.data.Clip;
import ipdnet2.train.data.ClipSource;
import ipdnet2.train.data.VoiceActivity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Two-source mixtures made from single-source RealMAN recordings (ARCHITECTURE.md §5).
 *
 * <p>{@link Recipe#TRAINING}: one source only in a share of the clips (30 % by default), else two
 * sources from different recordings placed by one of the four overlap strategies (head-tail,
 * small, start-or-end, full; {@link OverlapPattern}) in equal shares; a random multichannel noise
 * recording added at an SNR drawn from U(−5, 15) dB (reverberant speech over noise power at the
 * reference mic).
 *
 * <p>{@link Recipe#VALIDATION}: two recordings of different speakers of the same scene (another
 * recording of the scene if it has one speaker only), the first from the clip start and the second
 * to its end, overlapping over a fraction U(0, 1) of the clip; noise of the same scene (any noise if
 * the scene has none) added as recorded, without scaling.
 *
 * <p>Labels: per 100-ms frame, each source's annotated azimuth and distance at that time of its
 * recording, active when its direct-path energy in the frame is within 25 dB of its loudest frame.
 */
public final class RealmanMixer implements ClipSource {
    /** Which recipe of §5 to follow. */
    public enum Recipe { TRAINING, VALIDATION }

    private static final OverlapPattern[] TWO_SOURCE = {
            OverlapPattern.HEAD_TAIL, OverlapPattern.SMALL, OverlapPattern.START_OR_END, OverlapPattern.FULL};
    private static final int FRAME = RealmanAudio.RATE / 10;

    private final RealmanSplit split;
    private final Recipe recipe;
    private final int samples;
    private final double singleShare, minSnrDb, maxSnrDb;
    private final RealmanAudio audio = new RealmanAudio();

    /** The paper's recipe: 30 % single-source clips, SNR U(−5, 15) dB. */
    public RealmanMixer(RealmanSplit split, Recipe recipe, double seconds) {
        this(split, recipe, seconds, 0.3, -5, 15);
    }

    public RealmanMixer(RealmanSplit split, Recipe recipe, double seconds, double singleShare, double minSnrDb,
                        double maxSnrDb) {
        if (!(seconds >= 0.5)) throw new IllegalArgumentException("clip length must be at least 0.5 s, got " + seconds);
        if (!(singleShare >= 0 && singleShare <= 1)) throw new IllegalArgumentException("single-source share must be in [0, 1]");
        if (!(maxSnrDb >= minSnrDb)) throw new IllegalArgumentException("SNR range must have min <= max");
        if (split.recordings().size() < 2) {
            throw new IllegalArgumentException("RealMAN split " + split.root().resolve(split.split())
                    + " has fewer than two recordings; mixtures need two");
        }
        this.split = split;
        this.recipe = recipe;
        this.samples = (int) Math.round(seconds * RealmanAudio.RATE);
        this.singleShare = singleShare;
        this.minSnrDb = minSnrDb;
        this.maxSnrDb = maxSnrDb;
    }

    @Override
    public int mics() {
        return split.channels().length;
    }

    @Override
    public String describe() {
        return "realman " + split.split() + " " + recipe.name().toLowerCase() + ": " + split.recordings().size()
                + " recordings, " + split.noises().size() + " noise recordings, channels "
                + Arrays.toString(split.channels()) + ", " + samples / (double) RealmanAudio.RATE + " s"
                + (recipe == Recipe.TRAINING ? ", single-source share " + singleShare + ", SNR " + minSnrDb + ".."
                + maxSnrDb + " dB, overlap head-tail/small/start-or-end/full" : ", overlap ratio U(0,1), noise as recorded");
    }

    @Override
    public Clip clip(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<RealmanRecording> recs = split.recordings();
        int n = samples;
        RealmanRecording a = recs.get(rng.nextInt(recs.size()));
        List<RealmanRecording> sources = new ArrayList<>();
        sources.add(a);
        int[][] intervals;
        if (recipe == Recipe.TRAINING) {
            boolean single = rng.nextDouble() < singleShare;
            OverlapPattern pattern = single ? OverlapPattern.SINGLE : TWO_SOURCE[rng.nextInt(TWO_SOURCE.length)];
            intervals = pattern.intervals(n, rng);
            if (!single) {
                int b = rng.nextInt(recs.size() - 1);
                if (recs.get(b) == a) b = recs.size() - 1;
                sources.add(recs.get(b));
            }
        } else {
            RealmanRecording b = partner(a, rng);
            if (b == null) {
                intervals = new int[][] {{0, n}};
            } else {
                sources.add(b);
                double r = rng.nextDouble();
                intervals = new int[][] {{0, (int) (n * (1 + r) / 2)}, {(int) (n * (1 - r) / 2), n}};
            }
        }
        int[] ch = split.channels();
        int m = ch.length;
        int frames = n / FRAME;
        float[][] mix = new float[m][n];
        int k = sources.size();
        double[][] az = new double[frames][k], dist = new double[frames][k];
        boolean[][] active = new boolean[frames][k];
        for (int s = 0; s < k; s++) {
            RealmanRecording rec = sources.get(s);
            int on = intervals[s][0], len = intervals[s][1] - on;
            int rate = audio.info(rec.directPath()).sampleRate();
            long fileFrames = audio.info(rec.directPath()).frames();
            long need = RealmanAudio.sourceCount(len, rate);
            long start = fileFrames > need ? rng.nextLong(fileFrames - need + 1) : 0;
            float[][] sig = audio.channels(rec.dir(), rec.stem(), ch, start, len);
            float[] dp = audio.mono(rec.directPath(), start, len);
            for (int c = 0; c < m; c++) {
                for (int i = 0; i < len; i++) mix[c][on + i] += sig[c][i];
            }
            float[] direct = new float[n];
            System.arraycopy(dp, 0, direct, on, len);
            boolean[] act = VoiceActivity.of(direct, FRAME, frames, VoiceActivity.DEFAULT_THRESHOLD_DB);
            double startSec = (double) start / rate;
            for (int f = 0; f < frames; f++) {
                double t = startSec + ((f + 0.5) * FRAME - on) / RealmanAudio.RATE;
                az[f][s] = wrap(rec.azimuthAt(t));
                dist[f][s] = rec.distanceAt(t);
                active[f][s] = act[f];
            }
        }
        addNoise(mix, sources.get(0).scene(), rng);
        return new Clip(mix, new FrameLabels(az, dist, active));
    }

    private RealmanRecording partner(RealmanRecording a, SplittableRandom rng) {
        List<RealmanRecording> other = new ArrayList<>(), same = new ArrayList<>();
        for (RealmanRecording r : split.recordings()) {
            if (r == a || !r.scene().equals(a.scene())) continue;
            (r.speaker().equals(a.speaker()) ? same : other).add(r);
        }
        List<RealmanRecording> pool = other.isEmpty() ? same : other;
        return pool.isEmpty() ? null : pool.get(rng.nextInt(pool.size()));
    }

    private void addNoise(float[][] mix, String scene, SplittableRandom rng) {
        List<RealmanNoise> pool = split.noises();
        if (recipe == Recipe.VALIDATION) {
            List<RealmanNoise> sameScene = new ArrayList<>();
            for (RealmanNoise z : pool) if (z.scene().equals(scene)) sameScene.add(z);
            if (!sameScene.isEmpty()) pool = sameScene;
        }
        RealmanNoise noise = pool.get(rng.nextInt(pool.size()));
        int n = mix[0].length;
        int[] ch = split.channels();
        AudioFiles.Info inf = audio.info(AudioFiles.channelFile(noise.dir(), noise.stem(), ch[0]));
        long need = RealmanAudio.sourceCount(n, inf.sampleRate());
        long start = inf.frames() > need ? rng.nextLong(inf.frames() - need + 1) : 0;
        float[][] z = audio.channels(noise.dir(), noise.stem(), ch, start, n);
        double gain = 1;
        if (recipe == Recipe.TRAINING) {
            double snr = minSnrDb + (maxSnrDb - minSnrDb) * rng.nextDouble();
            double ps = power(mix[0]), pn = power(z[0]);
            gain = ps > 0 && pn > 0 ? Math.sqrt(ps / pn * Math.pow(10, -snr / 10)) : 0;
        }
        for (int c = 0; c < mix.length; c++) {
            for (int i = 0; i < n; i++) mix[c][i] += (float) (gain * z[c][i]);
        }
    }

    private static double power(float[] x) {
        double p = 0;
        for (float v : x) p += (double) v * v;
        return p / x.length;
    }

    /** Azimuth in [-180, 180). */
    private static double wrap(double deg) {
        return ((deg + 180) % 360 + 360) % 360 - 180;
    }
}
