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

    private FractionalDelay() {}

    /**
     * Adds {@code gain}·δ(n − position) band-limited into {@code out}; taps falling outside the
     * array are dropped (callers keep a lead of {@link #HALF_WIDTH} samples to avoid that).
     */
    public static void add(float[] out, double position, double gain) {
        int centre = (int) Math.floor(position + 0.5);
        int from = Math.max(0, centre - HALF_WIDTH);
        int to = Math.min(out.length - 1, centre + HALF_WIDTH);
        // sin(π(n − τ)) alternates sign with n, so one sine serves all taps; the window's cosines
        // follow the recurrence cos(a + (i+1)b) = 2 cos b · cos(a + ib) − cos(a + (i−1)b).
        double x0 = from - position;
        double s0 = Math.sin(Math.PI * x0);
        double step = Math.PI / WINDOW_HALF;
        double twoCosStep = 2 * Math.cos(step);
        double cPrev = Math.cos(step * (x0 - 1));
        double cCur = Math.cos(step * x0);
        double sign = 1.0;
        for (int n = from; n <= to; n++) {
            double x = n - position;
            double sinc = Math.abs(x) < 1e-9 ? 1.0 : sign * s0 / (Math.PI * x);
            out[n] += (float) (gain * sinc * 0.5 * (1.0 + cCur));
            double cNext = twoCosStep * cCur - cPrev;
            cPrev = cCur;
            cCur = cNext;
            sign = -sign;
        }
    }
}
