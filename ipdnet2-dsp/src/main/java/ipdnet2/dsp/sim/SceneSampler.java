package ipdnet2.dsp.sim;

import ipdnet2.dsp.array.ArrayGeometry;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Draws random scenes from a {@link SceneConfig}; the same seed always gives the same scene. */
public final class SceneSampler {
    private static final int ATTEMPTS = 2000;
    private static final OverlapPattern[] TWO_TALKER = {OverlapPattern.HEAD_TAIL, OverlapPattern.SMALL,
            OverlapPattern.START_OR_END, OverlapPattern.FULL};

    private final SceneConfig config;
    private final ArrayGeometry array;

    public SceneSampler(SceneConfig config, ArrayGeometry array) {
        this.config = config;
        this.array = array;
    }

    public SceneConfig config() {
        return config;
    }

    /** The scene of {@code seed}. */
    public Scene sample(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] lo = config.roomMin();
        double[] hi = config.roomMax();
        double lx = uniform(rng, lo[0], hi[0]);
        double ly = uniform(rng, lo[1], hi[1]);
        double lz = uniform(rng, lo[2], hi[2]);
        double rt60 = uniform(rng, config.minRt60(), config.maxRt60());
        Room room = Room.forRt60(lx, ly, lz, rt60);
        double margin = config.arrayWallMarginM();
        double[] centre = {uniform(rng, margin, lx - margin), uniform(rng, margin, ly - margin),
                uniform(rng, Math.min(0.8, lz - margin), Math.min(1.8, lz - margin))};
        int samples = (int) Math.round(config.seconds() * config.sampleRate());
        OverlapPattern pattern = rng.nextDouble() < config.singleShare() ? OverlapPattern.SINGLE
                : TWO_TALKER[rng.nextInt(TWO_TALKER.length)];
        int[][] intervals = pattern.intervals(samples, rng);
        boolean moving = rng.nextDouble() < config.movingShare();
        List<Trajectory> paths = new ArrayList<>();
        for (int s = 0; s < intervals.length; s++) paths.add(path(rng, room, centre, moving, paths));
        List<SceneSource> sources = new ArrayList<>();
        for (int s = 0; s < intervals.length; s++) {
            double level = s == 0 ? 0 : uniform(rng, -5, 5);
            sources.add(new SceneSource(paths.get(s), intervals[s][0], intervals[s][1], level));
        }
        double snr = uniform(rng, config.minSnrDb(), config.maxSnrDb());
        double u = rng.nextDouble();
        NoiseField field = u < 0.5 ? NoiseField.DIFFUSE : u < 0.7 ? NoiseField.POINT : NoiseField.BOTH;
        NoiseKind kind = NoiseKind.values()[rng.nextInt(NoiseKind.values().length)];
        double[] noisePos = noisePosition(rng, room, centre);
        return new Scene(rng.nextLong(), room, centre, sources, pattern, snr, field, kind, noisePos, samples,
                config.sampleRate());
    }

    /** A path inside the room, azimuth at least the minimum separation from the other talkers'. */
    private Trajectory path(SplittableRandom rng, Room room, double[] centre, boolean moving, List<Trajectory> others) {
        double maxEl = config.maxElevationDeg();
        double rMin = config.minDistanceM();
        double rMax = config.maxDistanceM();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            // Far rooms rarely fit 3 m: shrink the distance range after repeated failures.
            double shrink = attempt < ATTEMPTS / 2 ? 1 : 0.5;
            double r0 = uniform(rng, rMin, rMin + (rMax - rMin) * shrink);
            double az0 = uniform(rng, -180, 180);
            double el0 = uniform(rng, -maxEl, maxEl);
            Trajectory t;
            if (moving) {
                double turn = uniform(rng, 20, 90) * (rng.nextBoolean() ? 1 : -1);
                double r1 = Math.max(rMin, Math.min(rMax, r0 + uniform(rng, -1, 1)));
                t = new Trajectory(r0, az0, el0, r1, Trajectory.wrap(az0 + turn), uniform(rng, -maxEl, maxEl),
                        config.seconds());
            } else {
                t = Trajectory.fixed(r0, az0, el0, config.seconds());
            }
            if (fits(t, room, centre, others)) return t;
        }
        throw new IllegalStateException("no talker position found in " + room + " with the array at "
                + java.util.Arrays.toString(centre));
    }

    private boolean fits(Trajectory t, Room room, double[] centre, List<Trajectory> others) {
        int steps = (int) Math.ceil(config.seconds() / 0.1);
        for (int i = 0; i <= steps; i++) {
            double time = i * 0.1;
            double[] p = t.polarAt(time);
            double az = Math.toRadians(p[1]);
            double el = Math.toRadians(p[2]);
            double[] pos = {centre[0] + p[0] * Math.cos(el) * Math.cos(az),
                    centre[1] + p[0] * Math.cos(el) * Math.sin(az), centre[2] + p[0] * Math.sin(el)};
            if (!room.contains(pos, config.sourceWallMarginM())) return false;
            for (Trajectory o : others) {
                if (Math.abs(Trajectory.wrap(o.polarAt(time)[1] - p[1])) < config.minSeparationDeg()) return false;
            }
            if (!t.moving() && i > 0) break;
        }
        return true;
    }

    private static double[] noisePosition(SplittableRandom rng, Room room, double[] centre) {
        double[] p = new double[3];
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            p = new double[] {uniform(rng, 0.5, room.lx() - 0.5), uniform(rng, 0.5, room.ly() - 0.5),
                    uniform(rng, 0.3, room.lz() - 0.3)};
            double dx = p[0] - centre[0];
            double dy = p[1] - centre[1];
            if (dx * dx + dy * dy >= 1) return p;
        }
        return p;
    }

    static double uniform(SplittableRandom rng, double lo, double hi) {
        return hi > lo ? lo + (hi - lo) * rng.nextDouble() : lo;
    }
}
