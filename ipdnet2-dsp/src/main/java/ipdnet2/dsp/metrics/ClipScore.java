package ipdnet2.dsp.metrics;

/**
 * Counts of one clip over its frames with at least one active source (ARCHITECTURE.md §4).
 *
 * @param frames          frames scored (at least one active source)
 * @param active          active sources summed over those frames
 * @param detected        detected estimates summed over those frames
 * @param correct         estimates assigned to a source within the tolerance
 * @param sumError        sum of the azimuth errors (degrees) of the correct ones
 * @param sumSquaredError sum of their squares
 */
public record ClipScore(int frames, int active, int detected, int correct, double sumError, double sumSquaredError) {
    /** Miss detection rate (active - correct) / active; NaN without active sources. */
    public double mdr() {
        return active == 0 ? Double.NaN : (active - correct) / (double) active;
    }

    /** False alarm rate (detected - correct) / active; NaN without active sources. */
    public double far() {
        return active == 0 ? Double.NaN : (detected - correct) / (double) active;
    }

    /** Accuracy correct / active; NaN without active sources. */
    public double acc() {
        return active == 0 ? Double.NaN : correct / (double) active;
    }

    /** Mean absolute azimuth error of the correct estimates in degrees; NaN if none. */
    public double mae() {
        return correct == 0 ? Double.NaN : sumError / correct;
    }

    /** Root mean squared azimuth error of the correct estimates in degrees; NaN if none. */
    public double rmse() {
        return correct == 0 ? Double.NaN : Math.sqrt(sumSquaredError / correct);
    }
}
