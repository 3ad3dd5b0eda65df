package ipdnet2.tests.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline in a JVM started without {@code jdk.incubator.vector} (so every Vector API
 * class is absent and only the plain-Java paths can run): forward, training step and decoding
 * against the published implementation ({@link ReferenceProbeRun}).
 */
class NoVectorModuleTest {
    @Test
    void forwardTrainingStepAndDecodingRunWithoutTheVectorModule(@TempDir Path dir) throws Exception {
        ReferenceProbeRun run = new ReferenceProbeRun(dir);
        assertThat(run.log.lines()).as(run.log).contains("module=false vector=false");
        run.assertMatchesTheReference("plain path");
    }
}
