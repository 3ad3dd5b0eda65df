package ipdnet2.dsp.array;

import java.util.ArrayList;
import java.util.List;

/**
 * A rotation or reflection of the array plane (about the array centre, the origin) that maps the
 * array onto itself, as a reordering of its channels.
 *
 * <p>If R maps mic i's position onto mic π(i)'s for every i, then feeding the network channel
 * π(i) in place of channel i shows it a scene of the same array rotated (or reflected) by R⁻¹: a
 * source the array hears at azimuth θ appears at θ' = R⁻¹θ, since |R p − d u| = |p − d R⁻¹u|.
 * The reordered input is therefore a physically possible input, and the network's answer θ'
 * maps back to θ = Rθ' ({@link #toArrayAzimuthDeg}). RealMAN's five channels (a square of four
 * mics around the centre) have eight: four rotations by 90° and four reflections.
 *
 * <p>Only transforms by whole degrees are considered, so that they map the 1° decoding grid onto
 * itself.
 */
public final class ArraySymmetry {
    /**
     * Positions this close (metres) count as the same mic: coordinates written to a tenth of a
     * millimetre match, while turning a 6-cm array by 1° moves its mics by 0.5 mm.
     */
    public static final double TOLERANCE_M = 1e-4;

    private final int[] channels;
    private final boolean reflection;
    private final int angleDeg;

    private ArraySymmetry(int[] channels, boolean reflection, int angleDeg) {
        this.channels = channels;
        this.reflection = reflection;
        this.angleDeg = angleDeg;
    }

    /** The identity of a {@code mics}-channel array. */
    public static ArraySymmetry identity(int mics) {
        int[] c = new int[mics];
        for (int i = 0; i < mics; i++) c[i] = i;
        return new ArraySymmetry(c, false, 0);
    }

    /**
     * Every symmetry of the array among the rotations by whole degrees and the reflections across
     * axes at whole or half degrees, the identity first, then the rotations by increasing angle,
     * then the reflections.
     */
    public static List<ArraySymmetry> of(ArrayGeometry geometry) {
        List<ArraySymmetry> out = new ArrayList<>();
        for (int reflect = 0; reflect < 2; reflect++) {
            double[] miss = new double[360];
            for (int angle = 0; angle < 360; angle++) miss[angle] = mismatch(geometry, reflect == 1, angle, null);
            for (int angle = 0; angle < 360; angle++) {
                // a tiny array may match within the tolerance at neighbouring angles too: the best one counts
                boolean best = miss[angle] <= miss[(angle + 359) % 360] && miss[angle] < miss[(angle + 1) % 360];
                if (miss[angle] <= TOLERANCE_M && best) {
                    int[] map = new int[geometry.mics()];
                    mismatch(geometry, reflect == 1, angle, map);
                    out.add(new ArraySymmetry(map, reflect == 1, angle));
                }
            }
        }
        // an array that no rotation moves (all mics on the z axis) matches at every angle, so none is a best one
        if (out.isEmpty() || !out.get(0).isIdentity()) out.add(0, identity(geometry.mics()));
        return out;
    }

    /**
     * How far R moves the array off itself: the largest distance from a moved mic R·p_i to the
     * nearest mic p_π(i), π matching each moved mic to its nearest not yet matched (infinite when
     * a mic's z changes or no match is within 10·{@link #TOLERANCE_M}). R is the rotation by
     * {@code angleDeg}, or with {@code reflect} the reflection θ → angleDeg − θ (across the axis at
     * angleDeg/2); z is kept. Writes π to {@code map} when given.
     */
    private static double mismatch(ArrayGeometry g, boolean reflect, int angleDeg, int[] map) {
        double a = Math.toRadians(angleDeg), c = Math.cos(a), s = Math.sin(a);
        int m = g.mics();
        boolean[] used = new boolean[m];
        double worst = 0;
        for (int i = 0; i < m; i++) {
            double[] p = g.position(i);
            double x = reflect ? c * p[0] + s * p[1] : c * p[0] - s * p[1];
            double y = reflect ? s * p[0] - c * p[1] : s * p[0] + c * p[1];
            int nearest = -1;
            double nearestDist = 10 * TOLERANCE_M;
            for (int j = 0; j < m; j++) {
                double[] q = g.position(j);
                double d = Math.sqrt((q[0] - x) * (q[0] - x) + (q[1] - y) * (q[1] - y) + (q[2] - p[2]) * (q[2] - p[2]));
                if (!used[j] && d <= nearestDist) {
                    nearest = j;
                    nearestDist = d;
                }
            }
            if (nearest < 0) return Double.POSITIVE_INFINITY;
            used[nearest] = true;
            if (map != null) map[i] = nearest;
            worst = Math.max(worst, nearestDist);
        }
        return worst;
    }

    /** Network input channel i is the array's channel {@code channels()[i]}. */
    public int[] channels() {
        return channels.clone();
    }

    public boolean isIdentity() {
        return !reflection && angleDeg == 0;
    }

    public boolean isReflection() {
        return reflection;
    }

    /** The rotation angle, or for a reflection θ → angle − θ its angle; degrees in [0, 360). */
    public int angleDeg() {
        return angleDeg;
    }

    /** The array's azimuth of a direction the network reports at {@code networkDeg} on reordered input. */
    public double toArrayAzimuthDeg(double networkDeg) {
        return reflection ? angleDeg - networkDeg : networkDeg + angleDeg;
    }

    /** The channels reordered for the network: {@code out[i] = x[channels()[i]]} (arrays shared, not copied). */
    public float[][] reorder(float[][] x) {
        if (x.length != channels.length) {
            throw new IllegalArgumentException("got " + x.length + " channels, the array has " + channels.length);
        }
        float[][] out = new float[channels.length][];
        for (int i = 0; i < channels.length; i++) out[i] = x[channels[i]];
        return out;
    }

    @Override
    public String toString() {
        return (reflection ? "reflection " : "rotation ") + angleDeg + "°";
    }
}
