package ipdnet2.tests.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vector kernels at 8 floats per vector, as on an AVX2 machine, whatever this machine's own
 * width: a child JVM limited to 256-bit instructions ({@code -XX:UseAVX=2}) runs the forward,
 * training step and decoding against the published implementation ({@link ReferenceProbeRun}).
 * The packed layouts and the vector loops' tails depend on the width, so one width passing says
 * little about another.
 */
class EightFloatVectorsTest {
    @Test
    void forwardTrainingStepAndDecodingMatchTheReferenceWithEightFloatVectors(@TempDir Path dir) throws Exception {
        assumeTrue(System.getProperty("os.arch").matches("amd64|x86_64"), "-XX:UseAVX is an x86 option");
        ReferenceProbeRun run = new ReferenceProbeRun(dir, "--add-modules", "jdk.incubator.vector", "-XX:UseAVX=2");
        assumeTrue(run.log.contains("lanes=8"), "this CPU has no 256-bit vectors: " + run.log.lines().findFirst().orElse(""));
        assertThat(run.log).contains("module=true vector=true");
        run.assertMatchesTheReference("8-float vectors");
    }
}
