package ipdnet2.dsp.sim;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The calling thread's CPU time spent per stage of rendering a clip, for
 * {@link SimulationBenchmark}. {@link #OFF}, the renderer's default, reads no clock, so ordinary
 * rendering pays nothing for the bookkeeping. Not thread-safe: one clock per rendering thread.
 */
class StageClock {
    /** The stages of drawing a clip, in the order they run. */
    enum Stage {
        SCENE("scene sampling"),
        DRY("dry signals"),
        RESPONSES("room responses (image sources, high-pass, late tails)"),
        /** With a moving talker's direct path, convolved together with its early responses. */
        CONVOLUTION("reverberant convolution"),
        DIRECT("direct path of static talkers, voice activity"),
        NOISE("noise signals and diffuse mixing"),
        MIX("SNR scaling and peak normalisation");

        final String label;

        Stage(String label) {
            this.label = label;
        }
    }

    /** A clock that measures nothing. */
    static final StageClock OFF = new StageClock(null);

    private final ThreadMXBean bean;
    private final long[] nanos = new long[Stage.values().length];
    private long last;

    private StageClock(ThreadMXBean bean) {
        this.bean = bean;
    }

    /** A clock reading the thread CPU time of whichever thread calls it. */
    static StageClock running() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!bean.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        return new StageClock(bean);
    }

    /** Starts timing: the next {@link #lap} books the time from here. */
    void start() {
        if (bean != null) last = bean.getCurrentThreadCpuTime();
    }

    /** Books the CPU time since the previous {@link #start} or lap to {@code stage}. */
    void lap(Stage stage) {
        if (bean == null) return;
        long t = bean.getCurrentThreadCpuTime();
        nanos[stage.ordinal()] += t - last;
        last = t;
    }

    /** CPU ns booked to {@code stage} so far. */
    long nanos(Stage stage) {
        return nanos[stage.ordinal()];
    }

    void reset() {
        java.util.Arrays.fill(nanos, 0);
    }
}
