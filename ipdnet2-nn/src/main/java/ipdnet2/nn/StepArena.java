package ipdnet2.nn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

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
    /** Every thread's arena, so that {@link #releaseAll} can reach those of the pool's threads. */
    private static final List<StepArena> ALL = new ArrayList<>();
    private static final ThreadLocal<StepArena> HELD = ThreadLocal.withInitial(() -> {
        StepArena a = new StepArena();
        synchronized (ALL) {
            ALL.add(a);
        }
        return a;
    });
    private static final ThreadLocal<StepArena> OPEN = new ThreadLocal<>();

    private final HashMap<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final ArrayList<float[]> handedOut = new ArrayList<>();

    private StepArena() {}

    /**
     * Opens a scope on the calling thread: every array handed out in this thread's previous
     * scope is free again (and only those, so the arena holds at most one scope's activations),
     * and {@link ArrayPool#take} serves the recorded ops from them until the scope is closed.
     * Scopes do not nest, and a scope is closed on the thread that opened it.
     */
    public static Scope open() {
        if (OPEN.get() != null) throw new IllegalStateException("a step arena scope is already open on this thread");
        StepArena arena = HELD.get();
        arena.recycle();
        OPEN.set(arena);
        return new Scope(Thread.currentThread());
    }

    /**
     * Drops the arrays every thread's arena holds (between training steps, e.g. before a
     * validation, so that a step's activations do not stay on the heap beside it). The caller
     * guarantees that no scope is open on any thread; the next scopes start with fresh arrays.
     */
    public static void releaseAll() {
        synchronized (ALL) {
            for (StepArena a : ALL) {
                a.free.clear();
                a.handedOut.clear();
            }
        }
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
        private final Thread owner;
        private boolean closed;

        private Scope(Thread owner) {
            this.owner = owner;
        }

        @Override
        public void close() {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("a step arena scope must be closed on the thread that opened it");
            }
            if (!closed) {
                closed = true;
                OPEN.remove();
            }
        }
    }
}
