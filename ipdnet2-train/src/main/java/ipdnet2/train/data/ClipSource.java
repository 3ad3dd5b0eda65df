package ipdnet2.train.data;

/**
 * A generator of training clips. {@link #clip(long)} is a pure function of its seed, so a
 * training run is reproducible whatever the timing of the threads that prepare its data, and a
 * resumed run continues with exactly the clips it would have seen.
 */
public interface ClipSource {
    /** The clip drawn with {@code seed}. */
    Clip clip(long seed);

    /** Number of microphones of every clip. */
    int mics();

    /** One line describing the recipe (for logs and model metadata). */
    String describe();
}
