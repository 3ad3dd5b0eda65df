package ipdnet2.nn;

import java.util.ArrayDeque;
import java.util.HashMap;

/**
 * Recycled activation storage for inference: a network that knows an intermediate result is dead
 * hands its array back with {@link #release}, and the next op needing an array of that length
 * gets it from {@link #take} instead of a freshly zeroed allocation (at tens of megabytes per
 * pass, zeroing and cache misses on new memory cost as much as some ops). Both act only when no
 * graph is recorded ({@link NoGrad}); while training, release does nothing, since the graph may
 * still hold any result, and take serves from the {@link StepArena} if one is open. Per thread,
 * at most {@link #PER_LENGTH} arrays of each length are kept.
 */
public final class ArrayPool {
    private static final int PER_LENGTH = 4;
    private static final ThreadLocal<HashMap<Integer, ArrayDeque<float[]>>> FREE =
            ThreadLocal.withInitial(HashMap::new);

    private ArrayPool() {}

    /**
     * An array of length {@code n} for an op output that the op overwrites completely: recycled
     * (arbitrary contents) when one is free and no graph is recorded, or from the thread's
     * {@link StepArena} when a graph is recorded inside its scope; else new (zeros).
     */
    public static float[] take(int n) {
        if (NoGrad.recording()) {
            StepArena arena = StepArena.current();
            return arena == null ? new float[n] : arena.take(n);
        }
        ArrayDeque<float[]> q = FREE.get().get(n);
        float[] a = q == null ? null : q.poll();
        return a != null ? a : new float[n];
    }

    /**
     * Declares the storage of {@code t} dead: the caller guarantees that neither {@code t} nor any
     * tensor sharing its storage (e.g. a reshape of it) is read again. Ignored while a graph is
     * being recorded.
     */
    public static void release(Tensor t) {
        if (t != null) release(t.data);
    }

    /** As {@link #release(Tensor)} for an array obtained from {@link #take} and no longer read. */
    public static void release(float[] a) {
        if (a == null || NoGrad.recording()) return;
        ArrayDeque<float[]> q = FREE.get().computeIfAbsent(a.length, k -> new ArrayDeque<>());
        if (q.size() < PER_LENGTH) q.push(a);
    }
}
