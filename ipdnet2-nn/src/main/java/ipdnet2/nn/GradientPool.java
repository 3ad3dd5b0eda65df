package ipdnet2.nn;

import ipdnet2.nn.kernels.Parallel;

import java.util.ArrayDeque;
import java.util.HashMap;

/**
 * Gradient arrays of intermediate results, recycled within and across backward passes: once an
 * op has passed its output gradient on, {@link Tensor#backward} hands the array back here (only
 * the graph ever refers to it), and the next gradient buffer of the same length is that array,
 * zeroed, instead of a new one. Fewer new arrays means fewer young collections during training,
 * each of which copies the live activations. At most {@link #PER_LENGTH} arrays per length and
 * {@link #MAX_FLOATS} floats in all are kept.
 */
final class GradientPool {
    private static final int PER_LENGTH = 2;
    private static final long MAX_FLOATS = 1L << 28;
    private static final HashMap<Integer, ArrayDeque<float[]>> FREE = new HashMap<>();
    private static long held;

    private GradientPool() {}

    /** A zeroed array of length n. */
    static float[] zeroed(int n) {
        float[] a;
        synchronized (FREE) {
            ArrayDeque<float[]> q = FREE.get(n);
            a = q == null ? null : q.poll();
            if (a != null) held -= n;
        }
        if (a == null) return new float[n];
        float[] z = a;
        Parallel.forRange(n, Pointwise.GRAIN * 4, (from, to) -> java.util.Arrays.fill(z, from, to, 0f));
        return z;
    }

    /** Takes back a gradient array nothing refers to any more. */
    static void recycle(float[] a) {
        if (a.length < Pointwise.GRAIN) return; // small arrays are cheap to allocate
        synchronized (FREE) {
            if (held + a.length > MAX_FLOATS) return;
            ArrayDeque<float[]> q = FREE.computeIfAbsent(a.length, k -> new ArrayDeque<>());
            if (q.size() < PER_LENGTH) {
                q.push(a);
                held += a.length;
            }
        }
    }
}
