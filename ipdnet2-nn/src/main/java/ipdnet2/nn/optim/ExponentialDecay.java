package ipdnet2.nn.optim;

/**
 * Learning-rate schedule multiplying the rate by γ after every epoch (PyTorch {@code ExponentialLR}):
 * after e epochs the rate is lr₀·γ^e.
 */
public final class ExponentialDecay {
    private final AdamW optimizer;
    private final double gamma;
    private int epoch;

    public ExponentialDecay(AdamW optimizer, double gamma) {
        if (!(gamma > 0)) throw new IllegalArgumentException("ExponentialDecay: gamma must be > 0, got " + gamma);
        this.optimizer = optimizer;
        this.gamma = gamma;
    }

    /** Call at the end of an epoch: lr ← lr·γ. */
    public void epochEnd() {
        optimizer.setLearningRate(optimizer.learningRate() * gamma);
        epoch++;
    }

    /** Epochs completed so far. */
    public int epoch() {
        return epoch;
    }

    /** Restores the epoch counter (the optimiser's learning rate is restored separately). */
    public void setEpoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("ExponentialDecay: epoch must be >= 0, got " + epoch);
        this.epoch = epoch;
    }
}
