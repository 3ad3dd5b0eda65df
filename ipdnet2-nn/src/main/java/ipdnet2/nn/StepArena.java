package ipdnet2.nn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;

/**
 * Activation storage of training passes, reused from one pass to the next on the same thread.
 *
 * <p>A training step allocates the same activations every time (same shapes), several gigabytes
 * per step for a batch of 16, all dead once its backward has run. Fresh arrays cost their zeroing
 * and the young collections that copy the ones still live; a pass inside a {@link #open} scope
 * instead gets, from {@link ArrayPool#take}, the arrays the previous scope on this thread handed
 * out. The caller of {@code open} guarantees that nothing from the previous scope's graph is read
 * any more (the trainer opens one per forward-loss-backward of a batch part and keeps only the
 * loss value from it). Only op outputs that the op overwrites completely come from here, never
 * gradient buffers (those have their own pool, {@link GradientPool}).
 *
 * <pre>{@code
 * try (StepArena.Scope s = StepArena.open()) {
 *     Tensor loss = lossFn.apply(model.forward(x), y);
 *     value = loss.item();
 *     loss.backward();
 * }
 * }</pre>
 */
public final class StepArena {
    private static final ThreadLocal<StepArena> HELD = ThreadLocal.withInitial(StepArena::new);
    private static final ThreadLocal<StepArena> OPEN = new ThreadLocal<>();

    private final HashMap<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final ArrayList<float[]> handedOut = new ArrayList<>();

    private StepArena() {}

    /**
     * Opens a scope on the calling thread: every array handed out in this thread's previous scope
     * is free again (and only those, so the arena holds at most one scope's activations), and {@link ArrayPool#take} serves the recorded ops from them until the scope
     * is closed. Scopes do not nest.
     */
    public static Scope open() {
        if (OPEN.get() != null) throw new IllegalStateException("a step arena scope is already open on this thread");
        StepArena arena = HELD.get();
        arena.recycle();
        OPEN.set(arena);
        return new Scope();
    }

    /** The arena of the scope open on the calling thread, or null. */
    static StepArena current() {
        return OPEN.get();
    }

    /** An array of length n with arbitrary contents, recorded as handed out by this scope. */
    float[] take(int n) {
        ArrayDeque<float[]> q = free.get(n);
        float[] a = q == null ? null : q.poll();
        if (a == null) a = new float[n];
        handedOut.add(a);
        return a;
    }

    /** The previous scope's arrays become the free ones; any it did not use are dropped. */
    private void recycle() {
        free.clear();
        for (float[] a : handedOut) free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
        handedOut.clear();
    }

    /** Closes the scope (its arrays stay with the thread's arena for the next one). */
    public static final class Scope implements AutoCloseable {
        private boolean closed;

        private Scope() {}

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                OPEN.remove();
            }
        }
    }
}
