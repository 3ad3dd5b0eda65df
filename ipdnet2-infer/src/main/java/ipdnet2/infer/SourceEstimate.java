package ipdnet2.infer;

/**
 * One track's direction estimate in one output frame.
 *
 * @param track      track index (0 or 1); tracks are not identities across frames
 * @param azimuthDeg azimuth in degrees, [-180, 180), counter-clockwise from the array's +x axis
 * @param score      1 − MSE/0.2919, where MSE is the mean squared error between the predicted
 *                   IPD vector and the best far-field template (ARCHITECTURE.md §4); 1 is a perfect
 *                   match; may be negative for a very poor match
 * @param detected   whether the track holds a source: score &gt; 1 − threshold, i.e.
 *                   MSE/0.2919 &lt; threshold (never in a silent frame)
 */
public record SourceEstimate(int track, double azimuthDeg, double score, boolean detected) {
}
