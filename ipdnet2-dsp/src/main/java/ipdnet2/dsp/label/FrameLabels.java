package ipdnet2.dsp.label;

/**
 * Ground truth of one clip per 100-ms output frame: for each source, azimuth (degrees in
 * [-180, 180), counter-clockwise from the array's +x axis), distance from the array centre
 * (metres) and whether it is active (speaking) in that frame. Every data source (RealMAN reader,
 * simulated rooms, label files) produces this form, so trainer and evaluator need not care where
 * a clip came from.
 */
public final class FrameLabels {
    /** Length of one label frame in seconds (ARCHITECTURE.md §2: one output frame per 100 ms). */
    public static final double FRAME_SECONDS = 0.1;

    private final double[][] azimuthDeg;
    private final double[][] distanceM;
    private final boolean[][] active;

    /** Arrays are indexed [frame][source] and must all have the same shape. */
    public FrameLabels(double[][] azimuthDeg, double[][] distanceM, boolean[][] active) {
        if (azimuthDeg.length != distanceM.length || azimuthDeg.length != active.length) {
            throw new IllegalArgumentException("label arrays differ in frame count: "
                    + azimuthDeg.length + ", " + distanceM.length + ", " + active.length);
        }
        int sources = azimuthDeg.length == 0 ? 0 : azimuthDeg[0].length;
        for (int t = 0; t < azimuthDeg.length; t++) {
            if (azimuthDeg[t].length != sources || distanceM[t].length != sources
                    || active[t].length != sources) {
                throw new IllegalArgumentException("frame " + t + " does not have " + sources + " sources");
            }
        }
        this.azimuthDeg = deepCopy(azimuthDeg);
        this.distanceM = deepCopy(distanceM);
        this.active = new boolean[active.length][];
        for (int t = 0; t < active.length; t++) this.active[t] = active[t].clone();
    }

    public int frames() {
        return azimuthDeg.length;
    }

    public int sources() {
        return azimuthDeg.length == 0 ? 0 : azimuthDeg[0].length;
    }

    public double azimuthDeg(int frame, int source) {
        return azimuthDeg[frame][source];
    }

    public double distanceM(int frame, int source) {
        return distanceM[frame][source];
    }

    public boolean active(int frame, int source) {
        return active[frame][source];
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
