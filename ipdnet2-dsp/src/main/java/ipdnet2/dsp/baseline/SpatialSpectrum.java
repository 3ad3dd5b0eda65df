package ipdnet2.dsp.baseline;

import ipdnet2.dsp.array.ArrayGeometry;

/**
 * A classical spatial spectrum: per 100-ms output frame, a normalised power for every azimuth of
 * the 1° grid {@link AzimuthGrid} (far field, sources in the array plane). Output frame j covers
 * STFT frames 5j … 5j+4 ({@link FrameBlocks}), exactly as the network's output frames do
 * (ARCHITECTURE.md §3-§4), so both paths are scored frame for frame by the same metrics.
 */
public interface SpatialSpectrum {
    /** Short name of the method, e.g. {@code srp-phat}. */
    String name();

    /** The array the spectrum steers over; the audio's channels must follow its mic order. */
    ArrayGeometry geometry();

    /**
     * Spectra of a recording at 16 kHz.
     *
     * @param channels {@code channels[m][i]}, one array per mic of {@link #geometry()}, equally long,
     *                 finite, at least {@link FrameBlocks#MIN_SAMPLES} samples
     * @return {@code [outputFrames][AzimuthGrid.SIZE]}, ⌊(⌊n/320⌋+1)/5⌋ frames; a frame of digital
     *         silence is all zero
     * @throws IllegalArgumentException on bad input, naming the channel/sample and the problem
     */
    float[][] spectra(float[][] channels);
}
