package ipdnet2.train.loop;

/**
 * Hyper-parameters and bookkeeping of a training run (defaults: the paper's recipe, §5).
 *
 * @param epochs          epochs to train
 * @param stepsPerEpoch   optimiser steps per epoch
 * @param batch           clips per step
 * @param learningRate    initial AdamW learning rate
 * @param weightDecay     AdamW decoupled weight decay
 * @param decay           learning-rate factor after each epoch
 * @param clipNorm        global gradient-norm limit
 * @param seed            seed of the initial weights and of every training clip
 * @param checkpointEvery also checkpoint (and log a line) every this many steps; 0: only per epoch
 * @param prefetch        batches prepared ahead of the computation
 * @param microBatch      clips per forward/backward pass (gradients accumulate over the batch;
 *                        the same update as the whole batch at once, with less memory); 0: whole batch
 * @param replicas        parts of the batch computed side by side, each on its own copy of the
 *                        network with its ops on one thread, their gradients added in part order;
 *                        the update depends on this count, never on the number of threads
 * @param averageDecay    per-step decay β of an exponential moving average of the weights
 *                        ({@link ipdnet2.nn.optim.WeightAverage}), which is then what is validated
 *                        and saved as the best model; 0: none
 */
public record TrainOptions(int epochs, int stepsPerEpoch, int batch, double learningRate, double weightDecay,
                           double decay, double clipNorm, long seed, int checkpointEvery, int prefetch, int microBatch,
                           int replicas, double averageDecay) {
    /** Options without a weight average. */
    public TrainOptions(int epochs, int stepsPerEpoch, int batch, double learningRate, double weightDecay, double decay,
                        double clipNorm, long seed, int checkpointEvery, int prefetch, int microBatch, int replicas) {
        this(epochs, stepsPerEpoch, batch, learningRate, weightDecay, decay, clipNorm, seed, checkpointEvery, prefetch,
                microBatch, replicas, 0);
    }

    public TrainOptions {
        check(epochs >= 1, "epochs must be >= 1, got " + epochs);
        check(stepsPerEpoch >= 1, "steps per epoch must be >= 1, got " + stepsPerEpoch);
        check(batch >= 1, "batch must be >= 1, got " + batch);
        check(learningRate > 0, "learning rate must be > 0, got " + learningRate);
        check(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
        check(decay > 0 && decay <= 1, "learning-rate decay must be in (0, 1], got " + decay);
        check(clipNorm > 0, "gradient clipping norm must be > 0, got " + clipNorm);
        check(checkpointEvery >= 0, "checkpoint interval must be >= 0, got " + checkpointEvery);
        check(prefetch >= 1, "prefetch must be >= 1, got " + prefetch);
        check(microBatch >= 0, "micro-batch must be >= 0, got " + microBatch);
        check(replicas >= 1 && replicas <= batch, "replicas must be in [1, batch " + batch + "], got " + replicas);
        check(averageDecay == 0 || (averageDecay > 0 && averageDecay < 1),
                "weight-average decay must be 0 (none) or in (0, 1), got " + averageDecay);
    }

    /** The paper's recipe: 80 epochs, batch 16, AdamW 5e-4 (weight decay 0.01), ×0.975 per epoch, clip at 5. */
    public static TrainOptions paper(int stepsPerEpoch, long seed) {
        return new TrainOptions(80, stepsPerEpoch, 16, 5e-4, 0.01, 0.975, 5, seed, 0, 2, 0, 1);
    }

    public TrainOptions withEpochs(int e) {
        return new TrainOptions(e, stepsPerEpoch, batch, learningRate, weightDecay, decay, clipNorm, seed, checkpointEvery, prefetch, microBatch, replicas, averageDecay);
    }

    public TrainOptions withBatch(int b) {
        return new TrainOptions(epochs, stepsPerEpoch, b, learningRate, weightDecay, decay, clipNorm, seed, checkpointEvery, prefetch, microBatch, replicas, averageDecay);
    }

    public TrainOptions withCheckpointEvery(int n) {
        return new TrainOptions(epochs, stepsPerEpoch, batch, learningRate, weightDecay, decay, clipNorm, seed, n, prefetch, microBatch, replicas, averageDecay);
    }

    public TrainOptions withLearningRate(double lr) {
        return new TrainOptions(epochs, stepsPerEpoch, batch, lr, weightDecay, decay, clipNorm, seed, checkpointEvery, prefetch, microBatch, replicas, averageDecay);
    }

    public TrainOptions withMicroBatch(int n) {
        return new TrainOptions(epochs, stepsPerEpoch, batch, learningRate, weightDecay, decay, clipNorm, seed, checkpointEvery, prefetch, n, replicas, averageDecay);
    }

    public TrainOptions withReplicas(int n) {
        return new TrainOptions(epochs, stepsPerEpoch, batch, learningRate, weightDecay, decay, clipNorm, seed, checkpointEvery, prefetch, microBatch, n, averageDecay);
    }

    public TrainOptions withAverageDecay(double beta) {
        return new TrainOptions(epochs, stepsPerEpoch, batch, learningRate, weightDecay, decay, clipNorm, seed, checkpointEvery, prefetch, microBatch, replicas, beta);
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
