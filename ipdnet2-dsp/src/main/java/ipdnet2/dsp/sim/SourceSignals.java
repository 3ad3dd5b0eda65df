package ipdnet2.dsp.sim;

import java.util.SplittableRandom;

/** Supplier of dry (anechoic, single-channel) source signals for simulated scenes. */
public interface SourceSignals {
    /**
     * A dry signal of exactly {@code samples} samples at the simulation's sample rate, drawn with
     * {@code rng} only (same generator state → same signal).
     */
    float[] next(SplittableRandom rng, int samples);

    /** One line saying what the signals are, for logs and manifests. */
    String describe();
}
