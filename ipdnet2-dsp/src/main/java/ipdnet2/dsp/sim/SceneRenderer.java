package ipdnet2.dsp.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.label.FrameLabels;

import java.util.SplittableRandom;

/**
 * Renders a {@link Scene} to the array's signals and its labels.
 *
 * <p>Static talkers: dry signal convolved with one room impulse response per mic. Moving talkers:
 * the early (image-source) response is recomputed at every block boundary t_b = b·100 ms and the
 * dry signal is cross-faded between neighbouring responses by raised-cosine windows
 * w_b(n) = ½(1 + cos(π(n − t_b)/B)), |n − t_b| < B (they sum to one), each windowed piece
 * convolved with its block's response and overlap-added ({@link CrossfadedConvolution}); the late
 * tail, which hardly depends on the position, is one coherent tail for the whole path.
 *
 * <p>Labels per 100-ms frame i: azimuth and distance of each talker at the frame centre; active
 * when the energy of the talker's direct-path signal at the reference mic (mic 0) in that frame is
 * within {@code vadThresholdDb} of the clip's loudest frame of that talker.
 *
 * <p>Noise: diffuse ({@link DiffuseNoise}) and/or a point source (convolved with its own room
 * response), of the scene's {@link NoiseKind}, scaled so that reverberant speech power over noise
 * power at mic 0 is the scene's SNR. Finally the clip is scaled to a peak of 0.9.
 */
public final class SceneRenderer {
    /** Default voice-activity threshold below the loudest frame, dB. */
    public static final double DEFAULT_VAD_THRESHOLD_DB = 25;
    private static final double PEAK = 0.9;

    private final ArrayGeometry array;
    private final SourceSignals signals;
    private final double vadThresholdDb;
    private final StageClock clock;

    public SceneRenderer(ArrayGeometry array, SourceSignals signals) {
        this(array, signals, DEFAULT_VAD_THRESHOLD_DB);
    }

    public SceneRenderer(ArrayGeometry array, SourceSignals signals, double vadThresholdDb) {
        this(array, signals, vadThresholdDb, StageClock.OFF);
    }

    /** With a {@link StageClock} that books each stage's CPU time (the clock must have been started). */
    SceneRenderer(ArrayGeometry array, SourceSignals signals, double vadThresholdDb, StageClock clock) {
        if (!(vadThresholdDb > 0)) throw new IllegalArgumentException("VAD threshold must be positive dB, got " + vadThresholdDb);
        this.array = array;
        this.signals = signals;
        this.vadThresholdDb = vadThresholdDb;
        this.clock = clock;
    }

    public SimulatedClip render(Scene scene) {
        int n = scene.samples();
        int fs = scene.sampleRate();
        int m = array.mics();
        RoomAcoustics acoustics = new RoomAcoustics(scene.room(), array, scene.arrayCentre(), fs,
                RoomAcoustics.SPEED_OF_SOUND, RoomAcoustics.DEFAULT_CROSSOVER_S);
        clock.lap(StageClock.Stage.RESPONSES);
        SplittableRandom rng = new SplittableRandom(scene.seed());
        int block = (int) Math.round(FrameLabels.FRAME_SECONDS * fs);
        int frames = n / block;
        int k = scene.sources().size();
        double[][] az = new double[frames][k];
        double[][] dist = new double[frames][k];
        boolean[][] active = new boolean[frames][k];
        float[][] speech = new float[m][n];
        for (int s = 0; s < k; s++) {
            SceneSource src = scene.sources().get(s);
            float[] dry = drySignal(src, n, rng.split());
            clock.lap(StageClock.Stage.DRY);
            float[] direct = new float[n];
            render(acoustics, src.trajectory(), dry, block, speech, direct, rng.split());
            double[] energy = new double[frames];
            double peak = 0;
            for (int f = 0; f < frames; f++) {
                double e = 0;
                for (int i = f * block; i < (f + 1) * block; i++) e += (double) direct[i] * direct[i];
                energy[f] = e;
                peak = Math.max(peak, e);
            }
            double floor = peak * Math.pow(10, -vadThresholdDb / 10);
            for (int f = 0; f < frames; f++) {
                double[] p = src.trajectory().polarAt((f + 0.5) * FrameLabels.FRAME_SECONDS);
                az[f][s] = p[1];
                dist[f][s] = p[0];
                active[f][s] = energy[f] > 0 && energy[f] >= floor;
            }
            clock.lap(StageClock.Stage.DIRECT);
        }
        float[][] noise = noise(scene, acoustics, rng.split());
        double ps = power(speech[0]);
        double pn = power(noise[0]);
        double gain = pn > 0 ? Math.sqrt(ps / pn * Math.pow(10, -scene.snrDb() / 10)) : 0;
        float[][] out = new float[m][n];
        double max = 0;
        for (int c = 0; c < m; c++) {
            for (int i = 0; i < n; i++) {
                out[c][i] = (float) (speech[c][i] + gain * noise[c][i]);
                max = Math.max(max, Math.abs(out[c][i]));
            }
        }
        if (max > 0) {
            float scale = (float) (PEAK / max);
            for (float[] ch : out) {
                for (int i = 0; i < n; i++) ch[i] *= scale;
            }
        }
        clock.lap(StageClock.Stage.MIX);
        return new SimulatedClip(new AudioData(fs, out), new FrameLabels(az, dist, active), scene);
    }

    /** The talker's dry signal placed on the clip's time line, unit RMS over its interval, at its level. */
    private float[] drySignal(SceneSource src, int n, SplittableRandom rng) {
        int len = Math.min(n, src.offset()) - src.onset();
        float[] x = signals.next(rng, len);
        double p = power(x);
        double g = p > 0 ? Math.pow(10, src.levelDb() / 20) / Math.sqrt(p) : 0;
        float[] out = new float[n];
        // Short raised-cosine ramps (10 ms) so interval edges do not click.
        int ramp = Math.min(len / 2, 160);
        for (int i = 0; i < len; i++) {
            double w = 1;
            if (i < ramp) w = 0.5 - 0.5 * Math.cos(Math.PI * i / ramp);
            else if (i >= len - ramp) w = 0.5 - 0.5 * Math.cos(Math.PI * (len - 1 - i) / ramp);
            out[src.onset() + i] = (float) (x[i] * g * w);
        }
        return out;
    }

    /** Adds the talker's reverberant signals to {@code speech} and its direct path at mic 0 to {@code direct}. */
    private void render(RoomAcoustics acoustics, Trajectory path, float[] dry, int block,
                        float[][] speech, float[] direct, SplittableRandom rng) {
        int n = dry.length;
        int fs = acoustics.sampleRate();
        int lead = acoustics.lead();
        if (!path.moving()) {
            double[] pos = position(acoustics, path, 0);
            Rir rir = acoustics.impulseResponse(pos, rng);
            clock.lap(StageClock.Stage.RESPONSES);
            Convolution.addConvolved(speech, dry, 0, rir.taps(), lead);
            clock.lap(StageClock.Stage.CONVOLUTION);
            Convolution.addConvolved(direct, dry, 0, acoustics.directPath(pos).taps()[0], lead);
            clock.lap(StageClock.Stage.DIRECT);
            return;
        }
        int blocks = (n + block - 1) / block;
        double level = 0;
        // Per block boundary: the early response at every mic, then the direct path at mic 0.
        int m = speech.length;
        float[][][] responses = new float[blocks + 1][m + 1][];
        for (int b = 0; b <= blocks; b++) {
            double[] pos = position(acoustics, path, (double) b * block / fs);
            float[][] early = acoustics.early(pos);
            level += acoustics.lateLevel(early);
            System.arraycopy(early, 0, responses[b], 0, m);
            responses[b][m] = acoustics.directPath(pos).taps()[0];
        }
        clock.lap(StageClock.Stage.RESPONSES);
        float[][] outputs = new float[m + 1][];
        System.arraycopy(speech, 0, outputs, 0, m);
        outputs[m] = direct;
        CrossfadedConvolution.addConvolved(outputs, dry, responses, block, lead);
        clock.lap(StageClock.Stage.CONVOLUTION);
        float[][] tail = acoustics.late(level / (blocks + 1), rng);
        clock.lap(StageClock.Stage.RESPONSES);
        Convolution.addConvolved(speech, dry, 0, tail, lead);
        clock.lap(StageClock.Stage.CONVOLUTION);
    }

    private static double[] position(RoomAcoustics acoustics, Trajectory path, double t) {
        double[] p = path.polarAt(t);
        return acoustics.position(p[0], p[1], p[2]);
    }

    /** Noise of the scene's field and kind at unit scale, [mic][sample]. */
    private float[][] noise(Scene scene, RoomAcoustics acoustics, SplittableRandom rng) {
        int n = scene.samples();
        int m = array.mics();
        int fs = scene.sampleRate();
        float[][] total = new float[m][n];
        if (scene.noiseField() != NoiseField.POINT) {
            float[][] independent = new float[m][];
            for (int c = 0; c < m; c++) independent[c] = scene.noiseKind().generate(rng, n, fs);
            float[][] diffuse = new DiffuseNoise(array, fs, RoomAcoustics.SPEED_OF_SOUND).impose(independent);
            addScaled(total, diffuse);
            clock.lap(StageClock.Stage.NOISE);
        }
        if (scene.noiseField() != NoiseField.DIFFUSE) {
            float[] x = scene.noiseKind().generate(rng, n, fs);
            clock.lap(StageClock.Stage.NOISE);
            Rir rir = acoustics.impulseResponse(scene.noisePosition(), rng);
            clock.lap(StageClock.Stage.RESPONSES);
            float[][] point = new float[m][n];
            Convolution.addConvolved(point, x, 0, rir.taps(), rir.lead());
            addScaled(total, point);
            clock.lap(StageClock.Stage.CONVOLUTION);
        }
        return total;
    }

    /** total += x·(1/√P_x(mic 0)), so each component brings unit power at the reference mic. */
    private static void addScaled(float[][] total, float[][] x) {
        double p = power(x[0]);
        float g = p > 0 ? (float) (1 / Math.sqrt(p)) : 0f;
        for (int c = 0; c < total.length; c++) {
            for (int i = 0; i < total[c].length; i++) total[c][i] += g * x[c][i];
        }
    }

    private static double power(float[] x) {
        double p = 0;
        for (float v : x) p += (double) v * v;
        return x.length == 0 ? 0 : p / x.length;
    }
}
