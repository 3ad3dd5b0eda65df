package ipdnet2.dsp.sim;

/**
 * Multichannel room impulse response. Tap {@code n} of channel {@code m} is the response at time
 * (n − lead)/sampleRate: the first {@code lead} taps hold the left half of the band-limited
 * kernels of arrivals near t = 0, so convolution results are read from index {@code lead} on
 * (see {@link Convolution#addConvolved}).
 *
 * <p>Normalisation: a point source radiating s(t) gives at distance r the pressure
 * s(t − r/c)/(4π r); the taps are that impulse response, sampled band-limited.
 */
public record Rir(float[][] taps, int lead, int sampleRate) {
    public int mics() {
        return taps.length;
    }

    public int length() {
        return taps[0].length;
    }
}
