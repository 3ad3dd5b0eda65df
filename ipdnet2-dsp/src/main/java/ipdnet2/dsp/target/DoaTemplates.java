package ipdnet2.dsp.target;

import ipdnet2.dsp.array.ArrayGeometry;

/**
 * Far-field candidate IPD templates on an azimuth grid (ARCHITECTURE.md §4): for unit direction
 * r in the array plane, φ_k = -2π f_k (r·(m_p - m_0)) / c, template [cos φ, sin φ] in the layout
 * [512][M-1] of {@link DirectPathIpd}.
 */
public final class DoaTemplates {
    private final double[] azimuthRad;
    private final int pairs;
    private final float[] templates;

    /** Templates at the given azimuths (radians). */
    public DoaTemplates(ArrayGeometry geometry, double[] azimuthRad) {
        this.azimuthRad = azimuthRad.clone();
        this.pairs = geometry.mics() - 1;
        int size = DirectPathIpd.VALUES * pairs;
        this.templates = new float[azimuthRad.length * size];
        double[] m0 = geometry.position(0);
        for (int a = 0; a < azimuthRad.length; a++) {
            double rx = Math.cos(azimuthRad[a]);
            double ry = Math.sin(azimuthRad[a]);
            for (int p = 0; p < pairs; p++) {
                double[] mp = geometry.position(p + 1);
                double proj = rx * (mp[0] - m0[0]) + ry * (mp[1] - m0[1]);
                for (int k = 1; k <= DirectPathIpd.BINS; k++) {
                    double phi = -2 * Math.PI * k * DirectPathIpd.BIN_HZ * proj / DirectPathIpd.SOUND_SPEED;
                    templates[a * size + (k - 1) * pairs + p] = (float) Math.cos(phi);
                    templates[a * size + (k - 1 + DirectPathIpd.BINS) * pairs + p] = (float) Math.sin(phi);
                }
            }
        }
    }

    /** The default grid: every whole degree from -180° to 179°. */
    public static DoaTemplates oneDegree(ArrayGeometry geometry) {
        double[] az = new double[360];
        for (int i = 0; i < 360; i++) az[i] = Math.toRadians(i - 180);
        return new DoaTemplates(geometry, az);
    }

    /**
     * The published code's grid: {@code linspace(-π, π, 360)}, both ends included (so the step is
     * 360/359 degrees and ±180° appear twice).
     */
    public static DoaTemplates publishedGrid(ArrayGeometry geometry) {
        double[] az = new double[360];
        for (int i = 0; i < 360; i++) az[i] = -Math.PI + 2 * Math.PI * i / 359.0;
        return new DoaTemplates(geometry, az);
    }

    /** Number of candidates. */
    public int count() {
        return azimuthRad.length;
    }

    /** Length of one template, 512·(M-1). */
    public int size() {
        return DirectPathIpd.VALUES * pairs;
    }

    /** Azimuth of candidate i in radians. */
    public double azimuthRad(int i) {
        return azimuthRad[i];
    }

    /** Azimuth of candidate i in degrees. */
    public double azimuthDeg(int i) {
        return Math.toDegrees(azimuthRad[i]);
    }

    /** Template i: a copy of its 512·(M-1) values. */
    public float[] template(int i) {
        float[] t = new float[size()];
        System.arraycopy(templates, i * size(), t, 0, size());
        return t;
    }
}
