package ipdnet2.train.loop;

/**
 * Validation figures of one epoch: PIT-MSE loss and the localisation metrics (§4), and per mic
 * pair the error of the output against the talkers' IPD targets and against their reflections'
 * ({@link ipdnet2.dsp.metrics.PairErrors}: equal errors mean the model ignores that pair's
 * off-axis mic).
 */
public record ValidationResult(double loss, double mdr, double far, double mae, double acc, int clips,
                               double[] pairOwn, double[] pairReflected) {
    public ValidationResult {
        pairOwn = pairOwn.clone();
        pairReflected = pairReflected.clone();
    }

    @Override
    public double[] pairOwn() {
        return pairOwn.clone();
    }

    @Override
    public double[] pairReflected() {
        return pairReflected.clone();
    }
}
