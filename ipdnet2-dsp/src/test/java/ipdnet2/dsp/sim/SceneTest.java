package ipdnet2.dsp.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.label.FrameLabels;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SceneTest {
    private static final ArrayGeometry ARRAY = ArrayGeometry.realmanDefault();

    /** White Gaussian dry signals: every sample carries energy, so activity follows the interval. */
    static final SourceSignals WHITE = new SourceSignals() {
        @Override
        public float[] next(SplittableRandom rng, int samples) {
            float[] x = new float[samples];
            for (int i = 0; i < samples; i++) x[i] = (float) rng.nextGaussian();
            return x;
        }

        @Override
        public String describe() {
            return "white";
        }
    };

    @Test
    void sampledScenesRespectTheConfiguredRangesAndShares() {
        SceneSampler sampler = new SceneSampler(SceneConfig.defaults(), ARRAY);
        Map<OverlapPattern, Integer> counts = new EnumMap<>(OverlapPattern.class);
        int moving = 0;
        int total = 400;
        for (int seed = 0; seed < total; seed++) {
            Scene scene = sampler.sample(seed);
            Room room = scene.room();
            assertThat(room.lx()).isBetween(3.0, 10.0);
            assertThat(room.ly()).isBetween(3.0, 8.0);
            assertThat(room.lz()).isBetween(2.5, 4.0);
            assertThat(room.rt60()).isBetween(0.2 - 1e-9, 1.3 + 1e-9);
            assertThat(scene.snrDb()).isBetween(-5.0, 15.0);
            assertThat(room.contains(scene.arrayCentre(), 0.5)).isTrue();
            counts.merge(scene.pattern(), 1, Integer::sum);
            if (scene.moving()) moving++;
            RoomAcoustics acoustics = new RoomAcoustics(room, ARRAY, scene.arrayCentre());
            for (SceneSource s : scene.sources()) {
                for (double t = 0; t <= 4.0; t += 0.5) {
                    double[] p = s.trajectory().polarAt(t);
                    assertThat(p[0]).isBetween(0.5, 3.0);
                    assertThat(Math.abs(p[2])).isLessThanOrEqualTo(5.0);
                    assertThat(room.contains(acoustics.position(p[0], p[1], p[2]), 0.3)).isTrue();
                }
                assertThat(s.offset()).isLessThanOrEqualTo(scene.samples());
            }
            assertThat(scene.sources()).hasSize(scene.pattern() == OverlapPattern.SINGLE ? 1 : 2);
        }
        assertThat(counts.get(OverlapPattern.SINGLE) / (double) total).isCloseTo(0.3, within(0.07));
        for (OverlapPattern p : List.of(OverlapPattern.HEAD_TAIL, OverlapPattern.SMALL, OverlapPattern.START_OR_END,
                OverlapPattern.FULL)) {
            assertThat(counts.get(p) / (double) total).as("share of %s", p).isCloseTo(0.175, within(0.06));
        }
        assertThat(moving / (double) total).isCloseTo(0.5, within(0.08));
    }

    /**
     * Every bound OverlapPattern documents, checked on many draws: which source takes which role
     * is random, so each draw is first sorted into its roles, and both orders must occur. Lengths
     * are truncated to whole samples, hence the one-sample slack on fractional bounds.
     */
    @Test
    void overlapPatternsHaveTheirDocumentedShapes() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 64000;
        int[] whole = {0, n};
        assertThat(OverlapPattern.SINGLE.intervals(n, rng)).isDeepEqualTo(new int[][] {whole});
        boolean[] headFirst = new boolean[2], spanFirst = new boolean[2], spanFirstSe = new boolean[2];
        boolean[] touches = new boolean[2];
        int minSmall = n, maxSmall = 0, minSe = n, maxSe = 0, minOverlap = n, maxOverlap = 0;
        for (int i = 0; i < 200; i++) {
            // FULL: both talkers throughout
            assertThat(OverlapPattern.FULL.intervals(n, rng)).isDeepEqualTo(new int[][] {whole, whole});

            // HEAD_TAIL: one from the start, the other to the end, neither throughout; they
            // overlap by 10–40 % of the clip, in the middle
            int[][] ht = OverlapPattern.HEAD_TAIL.intervals(n, rng);
            assertThat(ht).hasNumberOfRows(2);
            int h = ht[0][0] == 0 ? 0 : 1;
            int[] head = ht[h], tail = ht[1 - h];
            headFirst[h] = true;
            assertThat(head[0]).isZero();
            assertThat(tail[1]).isEqualTo(n);
            assertThat(head[1]).isLessThan(n);
            assertThat(tail[0]).isGreaterThan(0);
            int overlap = head[1] - tail[0];
            assertThat(overlap).as("head-tail overlap").isBetween((int) (0.1 * n) - 1, (int) (0.4 * n) + 1);
            minOverlap = Math.min(minOverlap, overlap);
            maxOverlap = Math.max(maxOverlap, overlap);

            // SMALL: one spans the clip, the other is 15–40 % of it and lies inside it
            int[][] small = OverlapPattern.SMALL.intervals(n, rng);
            assertThat(small).hasNumberOfRows(2);
            int s = Arrays.equals(small[0], whole) ? 0 : 1;
            spanFirst[s] = true;
            assertThat(small[s]).containsExactly(0, n);
            int[] inner = small[1 - s];
            assertThat(inner[0]).isGreaterThanOrEqualTo(0);
            assertThat(inner[1]).isLessThanOrEqualTo(n);
            int len = inner[1] - inner[0];
            assertThat(len).as("short utterance").isBetween((int) (0.15 * n), (int) (0.4 * n));
            minSmall = Math.min(minSmall, len);
            maxSmall = Math.max(maxSmall, len);

            // START_OR_END: one spans the clip, the other 30–80 % of it, sharing its start or end
            int[][] se = OverlapPattern.START_OR_END.intervals(n, rng);
            assertThat(se).hasNumberOfRows(2);
            int w = Arrays.equals(se[0], whole) ? 0 : 1;
            spanFirstSe[w] = true;
            assertThat(se[w]).containsExactly(0, n);
            int[] part = se[1 - w];
            assertThat(part[0] == 0 || part[1] == n).as("touches the start or the end").isTrue();
            touches[part[0] == 0 ? 0 : 1] = true;
            len = part[1] - part[0];
            assertThat(len).as("partial utterance").isBetween((int) (0.3 * n), (int) (0.8 * n));
            assertThat(len).isLessThan(n);
            minSe = Math.min(minSe, len);
            maxSe = Math.max(maxSe, len);
        }
        // roles are random: both orders, and both the shared start and the shared end, occur
        assertThat(headFirst).containsExactly(true, true);
        assertThat(spanFirst).containsExactly(true, true);
        assertThat(spanFirstSe).containsExactly(true, true);
        assertThat(touches).containsExactly(true, true);
        // and the draws spread over their documented ranges rather than sitting at one value
        assertThat(minOverlap).isLessThan((int) (0.15 * n));
        assertThat(maxOverlap).isGreaterThan((int) (0.35 * n));
        assertThat(minSmall).isLessThan((int) (0.2 * n));
        assertThat(maxSmall).isGreaterThan((int) (0.35 * n));
        assertThat(minSe).isLessThan((int) (0.4 * n));
        assertThat(maxSe).isGreaterThan((int) (0.7 * n));
    }

    @Test
    void blockCrossfadedRenderingOfANearlyStillTalkerEqualsTheStaticRendering() {
        Room anechoic = new Room(7, 6, 3, 0);
        double[] centre = {3, 3, 1.4};
        int n = 16000 * 2;
        Trajectory still = Trajectory.fixed(2, 40, 0, 2);
        Trajectory creeping = new Trajectory(2, 40, 0, 2, 40 + 1e-9, 0, 2);
        SceneSource a = new SceneSource(still, 0, n, 0);
        SceneSource b = new SceneSource(creeping, 0, n, 0);
        SceneRenderer renderer = new SceneRenderer(ARRAY, WHITE);
        // SNR 300 dB: the noise is numerically absent.
        Scene sa = new Scene(9, anechoic, centre, List.of(a), OverlapPattern.SINGLE, 300, NoiseField.DIFFUSE,
                NoiseKind.WHITE, new double[] {1, 1, 1}, n, 16000);
        Scene sb = new Scene(9, anechoic, centre, List.of(b), OverlapPattern.SINGLE, 300, NoiseField.DIFFUSE,
                NoiseKind.WHITE, new double[] {1, 1, 1}, n, 16000);
        float[][] xa = renderer.render(sa).audio().channels();
        float[][] xb = renderer.render(sb).audio().channels();
        assertThat(sb.moving()).isTrue();
        for (int c = 0; c < ARRAY.mics(); c++) {
            for (int i = 0; i < n; i++) assertThat(xb[c][i]).isCloseTo(xa[c][i], within(2e-4f));
        }
    }

    @Test
    void movingTalkersDelayBetweenMicsFollowsThePathFrameByFrame() {
        // Two mics 0.5 m apart: the arrival-time difference spans ±23.5 samples, so the block
        // rendering's timing is visible frame by frame.
        ArrayGeometry wide = new ArrayGeometry(new double[][] {{-0.25, 0, 0}, {0.25, 0, 0}});
        Room anechoic = new Room(8, 8, 3, 0);
        double[] centre = {4, 4, 1.5};
        int n = 16000 * 4;
        Trajectory path = new Trajectory(2, 10, 0, 2.5, 120, 0, 4);
        Scene scene = new Scene(4, anechoic, centre, List.of(new SceneSource(path, 0, n, 0)), OverlapPattern.SINGLE,
                300, NoiseField.DIFFUSE, NoiseKind.WHITE, new double[] {1, 1, 1}, n, 16000);
        float[][] x = new SceneRenderer(wide, WHITE).render(scene).audio().channels();
        RoomAcoustics acoustics = new RoomAcoustics(anechoic, wide, centre);
        for (int f = 1; f < 39; f++) {
            double[] p = path.polarAt((f + 0.5) * 0.1);
            double[] s = acoustics.position(p[0], p[1], p[2]);
            double expected = (dist(s, acoustics.micPosition(1)) - dist(s, acoustics.micPosition(0))) / 340 * 16000;
            double[] r = new double[61];
            int best = 0;
            for (int l = -30; l <= 30; l++) {
                double acc = 0;
                for (int i = f * 1600; i < (f + 1) * 1600; i++) acc += (double) x[0][i] * x[1][i + l];
                r[l + 30] = acc;
                if (acc > r[best]) best = l + 30;
            }
            // Parabolic interpolation of the correlation peak.
            double offset = 0.5 * (r[best - 1] - r[best + 1]) / (r[best - 1] - 2 * r[best] + r[best + 1]);
            double measured = best - 30 + offset;
            assertThat(measured).as("delay in frame %d", f).isCloseTo(expected, within(0.3));
        }
    }

    private static double dist(double[] a, double[] b) {
        return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
    }

    @Test
    void activityFollowsTheTalkersIntervalAndLabelsFollowThePath() {
        Room room = Room.forRt60(6, 5, 3, 0.6);
        double[] centre = {3, 2.5, 1.3};
        int n = 16000 * 4;
        Trajectory path = new Trajectory(1.5, -30, 0, 2.0, 30, 0, 4);
        SceneSource s = new SceneSource(path, 16000, 40000, 0);
        Scene scene = new Scene(3, room, centre, List.of(s), OverlapPattern.SINGLE, 10, NoiseField.BOTH,
                NoiseKind.PINK, new double[] {1, 1, 1.5}, n, 16000);
        FrameLabels labels = new SceneRenderer(ARRAY, WHITE).render(scene).labels();
        assertThat(labels.frames()).isEqualTo(40);
        for (int f = 0; f < 40; f++) {
            // The talker speaks from 1.0 s to 2.5 s; the direct path arrives ≤ 7 ms later.
            if (f >= 10 && f < 25) assertThat(labels.active(f, 0)).as("frame %d", f).isTrue();
            if (f < 10 || f > 25) assertThat(labels.active(f, 0)).as("frame %d", f).isFalse();
            double t = (f + 0.5) * 0.1;
            assertThat(labels.azimuthDeg(f, 0)).isCloseTo(-30 + 60 * t / 4, within(1e-9));
            assertThat(labels.distanceM(f, 0)).isCloseTo(1.5 + 0.5 * t / 4, within(1e-9));
        }
    }

    @Test
    void noiseIsAddedAtTheRequestedSnrAtTheReferenceMic() {
        SceneSampler sampler = new SceneSampler(SceneConfig.defaults().withMovingShare(0), ARRAY);
        Scene base = sampler.sample(77);
        SceneRenderer renderer = new SceneRenderer(ARRAY, new SpeechShapedNoise(16000));
        for (double snr : new double[] {-5, 5, 15}) {
            Scene clean = withSnr(base, 300);
            Scene noisy = withSnr(base, snr);
            float[] a = renderer.render(clean).audio().channels()[0];
            float[] b = renderer.render(noisy).audio().channels()[0];
            // Both are scaled copies of the same speech; the noise is what b holds beyond a's
            // scaled copy (speech and noise are uncorrelated, so the projection finds the scale).
            double ab = 0, aa = 0;
            for (int i = 0; i < a.length; i++) {
                ab += (double) a[i] * b[i];
                aa += (double) a[i] * a[i];
            }
            double lambda = ab / aa;
            double ps = 0, pn = 0;
            for (int i = 0; i < a.length; i++) {
                double s = lambda * a[i];
                ps += s * s;
                pn += (b[i] - s) * (b[i] - s);
            }
            assertThat(10 * Math.log10(ps / pn)).as("SNR for target %.0f dB", snr).isCloseTo(snr, within(0.5));
        }
    }

    @Test
    void sameSeedRendersTheSameClip() {
        SceneSampler sampler = new SceneSampler(SceneConfig.defaults(), ARRAY);
        SceneRenderer renderer = new SceneRenderer(ARRAY, new SpeechShapedNoise(16000));
        float[][] a = renderer.render(sampler.sample(123)).audio().channels();
        float[][] b = renderer.render(sampler.sample(123)).audio().channels();
        for (int c = 0; c < a.length; c++) assertThat(java.util.Arrays.equals(a[c], b[c])).as("channel %d", c).isTrue();
    }

    private static Scene withSnr(Scene s, double snr) {
        return new Scene(s.seed(), s.room(), s.arrayCentre(), s.sources(), s.pattern(), snr, s.noiseField(),
                s.noiseKind(), s.noisePosition(), s.samples(), s.sampleRate());
    }
}
