package ipdnet2.nn.kernels;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Whether this JVM computes fused multiply-adds in hardware. Every kernel builds its sums as
 * chains of fused multiply-adds ({@code Math.fma} and the Vector API's {@code fma}), which is
 * what makes the plain and vector paths bitwise equal; without the instruction the JVM emulates
 * each one in software: Tiny's network on a 4-s clip, 31 ms of CPU, did not get through three
 * runs in 300 s with {@code -XX:-UseFMA} ({@code NetworkBenchmark tiny 1 201 1 3 infer}). The answer is HotSpot's own {@code UseFMA} flag, which it sets from the
 * CPU: x86-64 processors have the instruction from 2013 (Intel Haswell, AMD Piledriver) on, some
 * low-power ones (Intel Atom, Celeron and Pentium of the Goldmont line) do not, every 64-bit ARM
 * has it. On a JVM without that flag the instruction is assumed present.
 */
public final class HardwareFma {
    /** True unless the JVM says it emulates fused multiply-adds. */
    public static final boolean PRESENT = detect();

    /** The line the command-line programs print to stderr when {@link #PRESENT} is false. */
    public static final String ABSENT_WARNING = "warning: no hardware fused multiply-add (this CPU lacks it, or the JVM"
            + " runs with -XX:-UseFMA): every kernel emulates it in software and runs over a hundred times slower";

    private HardwareFma() {}

    private static boolean detect() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm == null || !"false".equals(vm.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }
}
