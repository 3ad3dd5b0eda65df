package ipdnet2.dsp.array;

import java.util.Arrays;

/**
 * Microphone positions in metres, array centre at the origin, x-y the array plane.
 * Mic 0 of a geometry is the reference mic of every pair (ARCHITECTURE.md §2: pair p is mic 0
 * with mic p).
 */
public final class ArrayGeometry {
    /** Radii of RealMAN's three rings of 8 mics (channels 1..8, 9..16, 17..24). */
    private static final double[] REALMAN_RING_RADII = {0.03, 0.06, 0.09};
    /** The channels IPDnet2 uses, in network order; channel 1 is the reference (§1). */
    public static final int[] REALMAN_DEFAULT_CHANNELS = {1, 3, 5, 7, 0};

    private final double[][] positions;

    /** @param positions one {x, y, z} row per mic, in metres */
    public ArrayGeometry(double[][] positions) {
        if (positions.length < 2) {
            throw new IllegalArgumentException("an array needs at least 2 mics, got " + positions.length);
        }
        this.positions = new double[positions.length][];
        for (int i = 0; i < positions.length; i++) {
            if (positions[i].length != 3) {
                throw new IllegalArgumentException("mic " + i + " has " + positions[i].length
                        + " coordinates, expected 3 (x, y, z)");
            }
            for (double v : positions[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("mic " + i + " has a non-finite coordinate");
                }
            }
            this.positions[i] = positions[i].clone();
        }
    }

    /**
     * RealMAN's 32-channel array (§1): channel 0 at the centre; three rings of 8 at radii 0.03,
     * 0.06, 0.09 m, mic k of a ring at 45°·k counter-clockwise from +x; channels 25, 26, 27 on the
     * x axis at -0.12, +0.12, +0.15 m; 28..31 on the z axis at +0.09, +0.045, -0.045, -0.09 m.
     */
    public static ArrayGeometry realman32() {
        double[][] p = new double[32][3];
        for (int ring = 0; ring < 3; ring++) {
            for (int k = 0; k < 8; k++) {
                double angle = Math.toRadians(45.0 * k);
                p[1 + ring * 8 + k][0] = REALMAN_RING_RADII[ring] * Math.cos(angle);
                p[1 + ring * 8 + k][1] = REALMAN_RING_RADII[ring] * Math.sin(angle);
            }
        }
        p[25][0] = -0.12;
        p[26][0] = 0.12;
        p[27][0] = 0.15;
        double[] z = {0.09, 0.045, -0.045, -0.09};
        for (int i = 0; i < 4; i++) p[28 + i][2] = z[i];
        return new ArrayGeometry(p);
    }

    /** The 5 RealMAN channels IPDnet2 uses, [1, 3, 5, 7, 0]. */
    public static ArrayGeometry realmanDefault() {
        return realman32().subset(REALMAN_DEFAULT_CHANNELS);
    }

    /** The mics at the given channel indices, in that order (the first becomes the reference). */
    public ArrayGeometry subset(int[] channels) {
        double[][] p = new double[channels.length][];
        for (int i = 0; i < channels.length; i++) {
            if (channels[i] < 0 || channels[i] >= positions.length) {
                throw new IllegalArgumentException("channel " + channels[i] + " is not in this "
                        + positions.length + "-mic array");
            }
            p[i] = positions[channels[i]];
        }
        return new ArrayGeometry(p);
    }

    public int mics() {
        return positions.length;
    }

    /** A copy of mic {@code i}'s {x, y, z}. */
    public double[] position(int i) {
        return positions[i].clone();
    }

    /** Distance in metres between mics i and j. */
    public double spacing(int i, int j) {
        double dx = positions[i][0] - positions[j][0];
        double dy = positions[i][1] - positions[j][1];
        double dz = positions[i][2] - positions[j][2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    @Override
    public String toString() {
        return "ArrayGeometry" + Arrays.deepToString(positions);
    }
}
