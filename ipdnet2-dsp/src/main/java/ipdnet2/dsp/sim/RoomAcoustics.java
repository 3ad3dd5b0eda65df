package ipdnet2.dsp.sim;

import ipdnet2.dsp.array.ArrayGeometry;

import java.util.SplittableRandom;

/**
 * Room impulse responses from a point source to every mic of an array placed in a shoebox room.
 *
 * <p>Early part (up to the crossover time, default {@value #DEFAULT_CROSSOVER_S} s after emission):
 * the image-source method (Allen and Berkley 1979): image (1−2q)s + 2nL per axis with
 * |n−q| + |n| wall reflections per axis, amplitude β^reflections/(4π d), delay d/c placed with a
 * band-limited fractional delay ({@link FractionalDelay}).
 *
 * <p>In a reverberant room the early part is high-passed (second-order Butterworth at
 * {@value #HIGH_PASS_HZ} Hz), as Allen and Berkley advise: all image amplitudes are positive, so
 * their sum carries a slowly varying offset whose energy grows with the reflection density and
 * would otherwise dominate the response of small rooms below a few tens of Hz.
 *
 * <p>Late part: Gaussian noise with the diffuse-field inter-mic coherence ({@link DiffuseNoise})
 * under the energy envelope A·e^{−6 ln10 · t/T60}, whose level A is matched to the (high-passed)
 * early energy in the {@value #MATCH_WINDOW_S} s before the crossover. The tail runs to T60
 * after emission (60 dB of decay).
 *
 * <p>The array's x-y plane is horizontal: mic m sits at {@code arrayPosition + geometry.position(m)}.
 */
public final class RoomAcoustics {
    /** Sound speed of the learning target (ARCHITECTURE.md §2), m/s. */
    public static final double SPEED_OF_SOUND = 340.0;
    public static final int DEFAULT_SAMPLE_RATE = 16000;
    public static final double DEFAULT_CROSSOVER_S = 0.06;
    /** Window before the crossover over which the late tail's level is matched. */
    static final double MATCH_WINDOW_S = 0.02;
    /** Cut-off of the high-pass applied to the image-source part of reverberant responses. */
    static final double HIGH_PASS_HZ = 50.0;
    /** ln(10^6): energy decays by 60 dB over one T60. */
    private static final double LN_1E6 = 6 * Math.log(10);

    private final Room room;
    private final ArrayGeometry array;
    private final double[][] mics;
    private final double[] centre;
    private final double arrayRadius;
    private final int sampleRate;
    private final double c;
    private final double crossover;
    private final int lead = FractionalDelay.HALF_WIDTH;
    private final int earlyLength;
    private final int length;
    private final DiffuseNoise diffuse;

    /** Sample rate 16 kHz, c = 340 m/s, crossover 60 ms. */
    public RoomAcoustics(Room room, ArrayGeometry array, double[] arrayPosition) {
        this(room, array, arrayPosition, DEFAULT_SAMPLE_RATE, SPEED_OF_SOUND, DEFAULT_CROSSOVER_S);
    }

    /**
     * @param crossoverS end of the image-source part in seconds after emission; raised if needed so
     *                   that the direct path from anywhere in the room falls inside it
     */
    public RoomAcoustics(Room room, ArrayGeometry array, double[] arrayPosition, int sampleRate,
                         double speedOfSound, double crossoverS) {
        if (sampleRate <= 0) throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        if (!(speedOfSound > 0)) throw new IllegalArgumentException("sound speed must be positive");
        if (!(crossoverS > MATCH_WINDOW_S)) {
            throw new IllegalArgumentException("crossover must exceed " + MATCH_WINDOW_S + " s, got " + crossoverS);
        }
        this.room = room;
        this.array = array;
        this.sampleRate = sampleRate;
        this.c = speedOfSound;
        this.centre = arrayPosition.clone();
        this.mics = new double[array.mics()][3];
        double radius = 0;
        for (int m = 0; m < array.mics(); m++) {
            double[] p = array.position(m);
            for (int a = 0; a < 3; a++) mics[m][a] = arrayPosition[a] + p[a];
            if (!room.contains(mics[m], 0)) {
                throw new IllegalArgumentException("mic " + m + " at " + java.util.Arrays.toString(mics[m])
                        + " lies outside " + room);
            }
            radius = Math.max(radius, Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]));
        }
        this.arrayRadius = radius;
        double diagonal = Math.sqrt(room.lx() * room.lx() + room.ly() * room.ly() + room.lz() * room.lz());
        this.crossover = Math.max(crossoverS, diagonal / c + 0.005);
        this.earlyLength = lead + (int) Math.ceil(crossover * sampleRate) + FractionalDelay.HALF_WIDTH + 1;
        double rt60 = room.rt60();
        int tailEnd = room.beta() == 0 ? 0 : lead + (int) Math.ceil(Math.max(rt60, crossover) * sampleRate);
        this.length = Math.max(earlyLength, tailEnd);
        this.diffuse = new DiffuseNoise(array, sampleRate, speedOfSound);
    }

    public Room room() {
        return room;
    }

    public ArrayGeometry array() {
        return array;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public double speedOfSound() {
        return c;
    }

    /** Absolute position of mic {@code m} in the room. */
    public double[] micPosition(int m) {
        return mics[m].clone();
    }

    /** Centre (origin) of the array in the room. */
    public double[] arrayCentre() {
        return centre.clone();
    }

    /** Index of t = 0 in every response. */
    public int lead() {
        return lead;
    }

    /** Length in taps of full responses ({@link #impulseResponse}). */
    public int length() {
        return length;
    }

    /** Length in taps of early parts ({@link #early}). */
    public int earlyLength() {
        return earlyLength;
    }

    /** Full response: early part plus a late tail drawn from {@code rng}. */
    public Rir impulseResponse(double[] source, SplittableRandom rng) {
        float[][] early = early(source);
        float[][] taps = late(lateLevel(early), rng);
        for (int m = 0; m < taps.length; m++) {
            for (int n = 0; n < earlyLength; n++) taps[m][n] += early[m][n];
        }
        return new Rir(taps, lead, sampleRate);
    }

    /** Response with the direct path only (what the learning target and voice activity see). */
    public Rir directPath(double[] source) {
        float[][] taps = new float[mics.length][earlyLength];
        for (int m = 0; m < mics.length; m++) {
            double d = distance(source, mics[m]);
            FractionalDelay.add(taps[m], lead + d / c * sampleRate, 1.0 / (4 * Math.PI * d));
        }
        return new Rir(taps, lead, sampleRate);
    }

    /**
     * Image-source part, arrivals before the crossover, [mic][{@link #earlyLength()}], high-passed
     * in a reverberant room.
     */
    public float[][] early(double[] source) {
        checkInside(source);
        // Arrivals are summed in double and rounded to float once per tap.
        double[][] sum = new double[mics.length][earlyLength];
        forEachImage(source, (m, d, gain) -> FractionalDelay.add(sum[m], lead + d / c * sampleRate, gain));
        float[][] taps = new float[mics.length][earlyLength];
        for (int m = 0; m < mics.length; m++) {
            if (room.beta() > 0) {
                highPass(sum[m], taps[m]);
            } else {
                for (int n = 0; n < earlyLength; n++) taps[m][n] = (float) sum[m][n];
            }
        }
        return taps;
    }

    /**
     * Level A (energy per second at emission time) of the late envelope A·e^{−k t}, matched to the
     * energy of {@code early} ({@link #early}), averaged over mics, in the last
     * {@value #MATCH_WINDOW_S} s before the crossover; 0 in an anechoic room.
     */
    public double lateLevel(float[][] early) {
        if (room.beta() == 0) return 0;
        int to = lead + (int) Math.ceil(crossover * sampleRate);
        int from = to - (int) Math.round(MATCH_WINDOW_S * sampleRate);
        double e = 0;
        for (float[] ch : early) {
            for (int n = from; n < to; n++) e += (double) ch[n] * ch[n];
        }
        e /= early.length;
        double k = LN_1E6 / room.rt60();
        double t0 = (double) (from - lead) / sampleRate;
        double t1 = (double) (to - lead) / sampleRate;
        return e * k / (Math.exp(-k * t0) - Math.exp(-k * t1));
    }

    /**
     * Late tail of level {@code level} ({@link #lateLevel}), zero before the crossover,
     * [mic][{@link #length()}]. The same tail may serve every position of a moving source.
     */
    public float[][] late(double level, SplittableRandom rng) {
        float[][] taps = new float[mics.length][length];
        int start = lead + (int) Math.ceil(crossover * sampleRate);
        int n = length - start;
        if (level <= 0 || n <= 0) return taps;
        float[][] white = new float[mics.length][n];
        for (float[] ch : white) {
            for (int i = 0; i < n; i++) ch[i] = (float) rng.nextGaussian();
        }
        float[][] coherent = diffuse.impose(white);
        double k = LN_1E6 / room.rt60();
        for (int i = 0; i < n; i++) {
            double t = (double) (start + i - lead) / sampleRate;
            double amp = Math.sqrt(level * Math.exp(-k * t) / sampleRate);
            for (int m = 0; m < mics.length; m++) taps[m][start + i] = (float) (amp * coherent[m][i]);
        }
        return taps;
    }

    /** Distance from the array centre and azimuth/elevation as seen from the array (degrees). */
    public double[] polar(double[] source) {
        double dx = source[0] - centre[0];
        double dy = source[1] - centre[1];
        double dz = source[2] - centre[2];
        double r = Math.sqrt(dx * dx + dy * dy + dz * dz);
        return new double[] {r, Math.toDegrees(Math.atan2(dy, dx)), Math.toDegrees(Math.asin(dz / r))};
    }

    /** Room position at distance r, azimuth and elevation (degrees) from the array centre. */
    public double[] position(double r, double azimuthDeg, double elevationDeg) {
        double az = Math.toRadians(azimuthDeg);
        double el = Math.toRadians(elevationDeg);
        return new double[] {centre[0] + r * Math.cos(el) * Math.cos(az),
                centre[1] + r * Math.cos(el) * Math.sin(az), centre[2] + r * Math.sin(el)};
    }

    @FunctionalInterface
    private interface ImageVisitor {
        void visit(int mic, double distance, double gain);
    }

    /** Visits every (image, mic) pair whose arrival lies before the crossover. */
    private void forEachImage(double[] s, ImageVisitor visitor) {
        double maxDist = crossover * c;
        double reach = maxDist + arrayRadius;
        double[] dims = {room.lx(), room.ly(), room.lz()};
        int maxOrder = 0;
        int[][] lo = new int[3][2];
        int[][] hi = new int[3][2];
        for (int a = 0; a < 3; a++) {
            for (int q = 0; q < 2; q++) {
                double base = (1 - 2 * q) * s[a];
                lo[a][q] = (int) Math.floor((centre[a] - reach - base) / (2 * dims[a]));
                hi[a][q] = (int) Math.ceil((centre[a] + reach - base) / (2 * dims[a]));
            }
            maxOrder += 2 * Math.max(Math.max(Math.abs(lo[a][0]), Math.abs(hi[a][0])),
                    Math.max(Math.abs(lo[a][1]), Math.abs(hi[a][1]))) + 1;
        }
        double beta = room.beta();
        double[] betaPow = new double[maxOrder + 1];
        betaPow[0] = 1;
        for (int i = 1; i <= maxOrder; i++) betaPow[i] = betaPow[i - 1] * beta;
        double reach2 = reach * reach;
        double inv4pi = 1.0 / (4 * Math.PI);
        for (int qx = 0; qx < 2; qx++) {
            for (int nx = lo[0][qx]; nx <= hi[0][qx]; nx++) {
                double x = (1 - 2 * qx) * s[0] + 2 * nx * dims[0];
                double dx = x - centre[0];
                int rx = Math.abs(nx - qx) + Math.abs(nx);
                for (int qy = 0; qy < 2; qy++) {
                    for (int ny = lo[1][qy]; ny <= hi[1][qy]; ny++) {
                        double y = (1 - 2 * qy) * s[1] + 2 * ny * dims[1];
                        double dy = y - centre[1];
                        double dxy2 = dx * dx + dy * dy;
                        if (dxy2 > reach2) continue;
                        int rxy = rx + Math.abs(ny - qy) + Math.abs(ny);
                        for (int qz = 0; qz < 2; qz++) {
                            for (int nz = lo[2][qz]; nz <= hi[2][qz]; nz++) {
                                double z = (1 - 2 * qz) * s[2] + 2 * nz * dims[2];
                                double dz = z - centre[2];
                                if (dxy2 + dz * dz > reach2) continue;
                                int order = rxy + Math.abs(nz - qz) + Math.abs(nz);
                                double g = betaPow[order];
                                if (g == 0) continue;
                                for (int m = 0; m < mics.length; m++) {
                                    double ex = x - mics[m][0];
                                    double ey = y - mics[m][1];
                                    double ez = z - mics[m][2];
                                    double d = Math.sqrt(ex * ex + ey * ey + ez * ez);
                                    if (d < maxDist) visitor.visit(m, d, g * inv4pi / d);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private void checkInside(double[] source) {
        if (!room.contains(source, 0)) {
            throw new IllegalArgumentException("source at " + java.util.Arrays.toString(source)
                    + " lies outside " + room);
        }
    }

    private static double distance(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        double dz = a[2] - b[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /** Second-order Butterworth high-pass (bilinear transform, pre-warped) of x into y. */
    private void highPass(double[] x, float[] y) {
        double w = Math.tan(Math.PI * HIGH_PASS_HZ / sampleRate);
        double q = Math.sqrt(2);
        double norm = 1 / (1 + q * w + w * w);
        double b0 = norm;
        double b1 = -2 * norm;
        double a1 = 2 * (w * w - 1) * norm;
        double a2 = (1 - q * w + w * w) * norm;
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int n = 0; n < x.length; n++) {
            double in = x[n];
            double out = b0 * in + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = in;
            y2 = y1;
            y1 = out;
            y[n] = (float) out;
        }
    }
}
