package ipdnet2.train.loop;

/** Validation figures of one epoch: PIT-MSE loss and the localisation metrics (§4). */
public record ValidationResult(double loss, double mdr, double far, double mae, double acc, int clips) {
}
