package ipdnet2.tests.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import ipdnet2.nn.kernels.HardwareFma;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Without hardware fused multiply-adds every kernel is emulated and crawls: the command-line
 * programs say so at start-up, named by the JVM's own flag (here forced off with -XX:-UseFMA).
 */
class HardwareFmaTest {
    /** Standard error of `Main --help` of the inference tool in a child JVM with the given options. */
    private static String helpErr(String... jvmOptions) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "ipdnet2.infer.cli.Main", "--help"));
        Process child = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(err).isZero();
        return err;
    }

    @Test
    void theToolsWarnWhenFusedMultiplyAddsAreEmulated() throws Exception {
        assertThat(helpErr("-XX:-UseFMA")).contains(HardwareFma.ABSENT_WARNING);
        String normal = helpErr();
        if (HardwareFma.PRESENT) assertThat(normal).doesNotContain(HardwareFma.ABSENT_WARNING);
        else assertThat(normal).contains(HardwareFma.ABSENT_WARNING);
    }
}
