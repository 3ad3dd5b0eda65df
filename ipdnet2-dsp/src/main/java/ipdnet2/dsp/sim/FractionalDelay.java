package ipdnet2.dsp.sim;

/**
 * Band-limited placement of an impulse at a fractional sample position: a sinc (cut-off at the
 * Nyquist frequency) under a Hann window of {@value #TAPS} taps centred on the exact arrival time,
 * so the window moves with the fractional delay and every arrival sees the same kernel shape.
 */
public final class FractionalDelay {
    /** Taps on each side of the arrival sample. */
    public static final int HALF_WIDTH = 40;
    /** Kernel length (odd, centred on the arrival). */
    public static final int TAPS = 2 * HALF_WIDTH + 1;
    /** Window half-length in samples: the Hann window reaches zero just outside the taps. */
    private static final double WINDOW_HALF = HALF_WIDTH + 1;
    /** Window phase per tap, π / {@link #WINDOW_HALF}. */
    private static final double STEP = Math.PI / WINDOW_HALF;

    /*
     * Per-tap constants of the kernel at x = x0 + i (i = 0..TAPS−1): sin(π(x0 + i)) = (−1)^i sin(π x0)
     * and cos(STEP·(x0 + i)) = cos(STEP·x0)·cos(STEP·i) − sin(STEP·x0)·sin(STEP·i), so one placement
     * needs three sines and cosines and a loop of independent taps that the compiler vectorises.
     */
    private static final double[] SIGN = new double[TAPS];
    private static final double[] SIGN_COS = new double[TAPS];
    private static final double[] SIGN_SIN = new double[TAPS];
    private static final double[] INDEX = new double[TAPS];

    static {
        for (int i = 0; i < TAPS; i++) {
            SIGN[i] = (i & 1) == 0 ? 1.0 : -1.0;
            SIGN_COS[i] = SIGN[i] * Math.cos(STEP * i);
            SIGN_SIN[i] = SIGN[i] * Math.sin(STEP * i);
            INDEX[i] = i;
        }
    }

    /** Kernel values of one placement, reused by the thread. */
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[TAPS]);

    private FractionalDelay() {}

    /**
     * Adds {@code gain}·δ(n − position) band-limited into {@code out}; taps falling outside the
     * array are dropped (callers keep a lead of {@link #HALF_WIDTH} samples to avoid that).
     */
    public static void add(float[] out, double position, double gain) {
        int centre = (int) Math.floor(position + 0.5);
        int from = Math.max(0, centre - HALF_WIDTH);
        int len = Math.min(out.length - 1, centre + HALF_WIDTH) - from + 1;
        if (len <= 0) return;
        double[] k = kernel(from, len, centre, position, gain);
        for (int i = 0; i < len; i++) out[from + i] += (float) k[i];
    }

    /**
     * Double-precision form of {@link #add(float[], double, double)}, for summing many arrivals
     * (the image sources of a response) with one rounding to float at the end; its add loop
     * vectorises where the float form's conversion does not.
     */
    static void add(double[] out, double position, double gain) {
        int centre = (int) Math.floor(position + 0.5);
        int from = Math.max(0, centre - HALF_WIDTH);
        int len = Math.min(out.length - 1, centre + HALF_WIDTH) - from + 1;
        if (len <= 0) return;
        double[] k = kernel(from, len, centre, position, gain);
        for (int i = 0; i < len; i++) out[from + i] += k[i];
    }

    /** The {@code len} taps from array index {@code from} on of an arrival at {@code position}, in the thread's scratch. */
    private static double[] kernel(int from, int len, int centre, double position, double gain) {
        double[] k = SCRATCH.get();
        double x0 = from - position;
        // gain · sinc(x) · ½(1 + cos(STEP·x)) with sinc(x) = sin(πx)/(πx), x = x0 + i.
        double scale = gain * Math.sin(Math.PI * x0) * 0.5 / Math.PI;
        double c0 = Math.cos(STEP * x0);
        double s0 = Math.sin(STEP * x0);
        for (int i = 0; i < len; i++) {
            k[i] = scale * (SIGN[i] + c0 * SIGN_COS[i] - s0 * SIGN_SIN[i]) / (x0 + INDEX[i]);
        }
        // At an (almost) integer position the centre tap is sinc(0) = 1, which the quotient cannot give.
        int c = centre - from;
        double xc = centre - position;
        if (c >= 0 && c < len && Math.abs(xc) < 1e-9) k[c] = gain * 0.5 * (1.0 + Math.cos(STEP * xc));
        return k;
    }
}
