package ipdnet2.nn;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Optional time (wall clock, or the calling thread's CPU time) per op kind, forward and backward, for benchmarks. Enabled only by
 * the system property {@code ipdnet2.opTimer=true}; {@link #ON} is a constant, so when it is
 * off the JIT removes every timing call and the ops cost nothing extra.
 */
public final class OpTimer {
    /** Whether ops record their time (fixed at start-up). */
    public static final boolean ON = "true".equals(System.getProperty("ipdnet2.opTimer"))
            || "cpu".equals(System.getProperty("ipdnet2.opTimer"));
    /** With {@code ipdnet2.opTimer=cpu}: the calling thread's CPU time (for single-threaded runs). */
    private static final boolean CPU = "cpu".equals(System.getProperty("ipdnet2.opTimer"));
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private static final ConcurrentHashMap<String, AtomicLong[]> TOTALS = new ConcurrentHashMap<>();

    private OpTimer() {}

    /** Name of the outermost op running on this thread (nested ops are counted in it). */
    private static final ThreadLocal<String[]> CURRENT = ThreadLocal.withInitial(() -> new String[1]);

    /**
     * Runs the forward of op {@code name}, timed when it is the outermost op on this thread; the
     * backward the op attaches meanwhile is timed as {@code name + ".bwd"}.
     */
    static <T> T time(String name, java.util.function.Supplier<T> forward) {
        String[] cur = CURRENT.get();
        if (cur[0] != null) return forward.get();
        cur[0] = name;
        long t0 = now();
        try {
            return forward.get();
        } finally {
            cur[0] = null;
            stop(name, t0);
        }
    }

    /** The backward {@code fn} wrapped to be timed under the running op's name. */
    static Runnable backward(Runnable fn) {
        String name = CURRENT.get()[0];
        return name == null ? fn : timed(name + ".bwd", fn);
    }

    /** Adds the time since {@code t0} to {@code name} (call only when {@link #ON}). */
    static void stop(String name, long t0) {
        long dt = now() - t0;
        AtomicLong[] v = TOTALS.computeIfAbsent(name, k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
        v[0].addAndGet(dt);
        v[1].incrementAndGet();
    }

    /** {@code fn} timed under {@code name} when timing is on, else {@code fn} itself. */
    static Runnable timed(String name, Runnable fn) {
        if (!ON) return fn;
        return () -> {
            long t0 = now();
            fn.run();
            stop(name, t0);
        };
    }

    private static long now() {
        return CPU ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Forgets all totals. */
    public static void reset() {
        TOTALS.clear();
    }

    /** Total nanoseconds and call counts per op name, sorted by name. */
    public static Map<String, long[]> totals() {
        TreeMap<String, long[]> out = new TreeMap<>();
        for (Map.Entry<String, AtomicLong[]> e : TOTALS.entrySet()) {
            out.put(e.getKey(), new long[] {e.getValue()[0].get(), e.getValue()[1].get()});
        }
        return out;
    }
}
