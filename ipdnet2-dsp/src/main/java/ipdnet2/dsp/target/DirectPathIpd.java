package ipdnet2.dsp.target;

import ipdnet2.dsp.array.ArrayGeometry;

/**
 * The direct-path inter-channel phase difference (IPD) learning target of ARCHITECTURE.md §2 for
 * one microphone array. For pair p (reference mic 0 with mic p, p = 1..M-1) and frequency
 * f_k = k·8000/256 Hz, k = 1..256, a target is the 512 values [cos φ_k, sin φ_k], stored as a
 * flat array in the layout [512][M-1] (value index v, pair p-1 at {@code v·(M-1) + p-1}).
 *
 * <p>Sources lie in the array plane (elevation 90°); azimuth is counter-clockwise from +x.
 */
public final class DirectPathIpd {
    /** Frequency bins 1..256 of the 512-point STFT at 16 kHz (bin 0 is dropped). */
    public static final int BINS = 256;
    /** Values per pair: cos then sin for every bin. */
    public static final int VALUES = 2 * BINS;
    /** Speed of sound in m/s used by the published code. */
    public static final double SOUND_SPEED = 340.0;
    /** Spacing of the bins in Hz: 16 kHz / 512. */
    public static final double BIN_HZ = 8000.0 / BINS;

    private final ArrayGeometry geometry;
    private final int pairs;
    private final float[] inactive;

    public DirectPathIpd(ArrayGeometry geometry) {
        this.geometry = geometry;
        this.pairs = geometry.mics() - 1;
        this.inactive = new float[VALUES * pairs];
        for (int p = 0; p < pairs; p++) {
            double d = geometry.spacing(0, p + 1);
            for (int k = 1; k <= BINS; k++) {
                inactive[(k - 1) * pairs + p] = (float) Bessel.j0(2 * Math.PI * k * BIN_HZ * d / SOUND_SPEED);
            }
        }
    }

    public ArrayGeometry geometry() {
        return geometry;
    }

    /** Number of mic pairs, M-1. */
    public int pairs() {
        return pairs;
    }

    /** Length of one target, 512·(M-1). */
    public int size() {
        return VALUES * pairs;
    }

    /**
     * Near-field target of a source at the given azimuth (degrees) and distance from the array
     * centre (metres): φ = 2π f_k (|s - m_p| - |s - m_0|) / c (§2).
     */
    public float[] active(double azimuthDeg, double distanceM) {
        float[] out = new float[size()];
        active(azimuthDeg, distanceM, out, 0, 1);
        return out;
    }

    /**
     * Writes the near-field target into {@code out}: value (v, p) goes to
     * {@code out[off + (v·(M-1) + p)·stride]}, so several tracks can be interleaved (stride K).
     */
    public void active(double azimuthDeg, double distanceM, float[] out, int off, int stride) {
        if (!(distanceM > 0) || !Double.isFinite(distanceM)) {
            throw new IllegalArgumentException("source distance must be positive and finite, got " + distanceM);
        }
        double az = Math.toRadians(azimuthDeg);
        double sx = distanceM * Math.cos(az);
        double sy = distanceM * Math.sin(az);
        double d0 = distance(sx, sy, 0);
        for (int p = 0; p < pairs; p++) {
            double delay = (distance(sx, sy, p + 1) - d0) / SOUND_SPEED;
            for (int k = 1; k <= BINS; k++) {
                double phi = 2 * Math.PI * k * BIN_HZ * delay;
                out[off + ((k - 1) * pairs + p) * stride] = (float) Math.cos(phi);
                out[off + ((k - 1 + BINS) * pairs + p) * stride] = (float) Math.sin(phi);
            }
        }
    }

    /**
     * Target of an inactive source: the diffuse-field coherence J0(2π f_k |m_p - m_0| / c) for the
     * real half and 0 for the imaginary half (§2). Returns a copy.
     */
    public float[] inactive() {
        return inactive.clone();
    }

    /** Writes the inactive target with the same layout convention as {@link #active}. */
    public void inactive(float[] out, int off, int stride) {
        for (int i = 0; i < inactive.length; i++) out[off + i * stride] = inactive[i];
    }

    private double distance(double sx, double sy, int mic) {
        double[] m = geometry.position(mic);
        double dx = sx - m[0];
        double dy = sy - m[1];
        double dz = m[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
