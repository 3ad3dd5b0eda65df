package ipdnet2.dsp.stft;

/**
 * The causal online normaliser μ of ARCHITECTURE.md §1 ("forgetting norm"): with L = 249 and
 * α = (L-1)/(L+1), frame i (0-based) uses a = min((i-1)/(i+1), α) for i < L and α after, and
 * μ_i = a·μ_{i-1} + (1-a)·m_i from μ = 0. At i = 0 that gives a = -1, so μ_0 = 2·m_0, as the
 * published code does. One instance follows one stream.
 */
public final class ForgettingNorm {
    /** The recursion's sample length L. */
    public static final int SAMPLE_LENGTH = 249;
    private static final double ALPHA = (SAMPLE_LENGTH - 1.0) / (SAMPLE_LENGTH + 1.0);

    private double mu;
    private long index;

    /** Feeds the frame mean magnitude m_i and returns μ_i. */
    public double update(double meanMagnitude) {
        double a = index < SAMPLE_LENGTH ? Math.min((index - 1.0) / (index + 1.0), ALPHA) : ALPHA;
        mu = a * mu + (1 - a) * meanMagnitude;
        index++;
        return mu;
    }

    /** Number of frames seen. */
    public long frames() {
        return index;
    }

    /** Back to the initial state (μ = 0, frame 0). */
    public void reset() {
        mu = 0;
        index = 0;
    }
}
