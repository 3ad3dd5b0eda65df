package ipdnet2.train.loop;

/**
 * Seconds per step over the last {@code window} steps (all of them while fewer have run), for the
 * progress line's speed and remaining time. A run's mean since its start would keep the marks of
 * anything that slowed it once (a validation, the compiler's warm-up, the process being
 * suspended) for the rest of the run; the recent steps show the speed it has now.
 */
final class StepRate {
    private final long[] marks;
    private long steps;

    /** @param start the time the first step started, in nanoseconds */
    StepRate(int window, long start) {
        if (window < 1) throw new IllegalArgumentException("window must be >= 1, got " + window);
        marks = new long[window + 1];
        marks[0] = start;
    }

    /** Marks the end of a step at {@code now} nanoseconds. */
    void step(long now) {
        steps++;
        marks[(int) (steps % marks.length)] = now;
    }

    /** Mean seconds per step over the last min(steps, window) steps; NaN before the first. */
    double secondsPerStep() {
        if (steps == 0) return Double.NaN;
        long k = Math.min(steps, marks.length - 1);
        long last = marks[(int) (steps % marks.length)], first = marks[(int) ((steps - k) % marks.length)];
        return (last - first) / 1e9 / k;
    }
}
