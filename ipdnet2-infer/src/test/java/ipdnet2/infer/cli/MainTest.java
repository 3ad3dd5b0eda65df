package ipdnet2.infer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... argv) {
        return Main.standard().run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void flopsPrintsTheReferenceParameterCounts() {
        assertThat(run("flops")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("383568").contains("1255008").contains("7820608");
    }

    @Test
    void unknownCommandsAndOptionsAreOneLineErrors() {
        assertThat(run("nonsense")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'nonsense'");
        err.reset();
        assertThat(run("flops", "--bogus", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: unknown option --bogus")
                .doesNotContain("at ipdnet2");
    }

    @Test
    void argsParseValuesAndRejectBadNumbers() {
        Args a = new Args(new String[] {"in.wav", "--threshold=0.5", "--channels", "1,3,5", "--csv"},
                java.util.Set.of("csv"));
        assertThat(a.positionals()).containsExactly("in.wav");
        assertThat(a.number("threshold", 0.4)).isEqualTo(0.5);
        assertThat(a.integers("channels", null)).containsExactly(1, 3, 5);
        assertThat(a.flag("csv")).isTrue();
        a.finish();
        Args bad = new Args(new String[] {"--threshold", "abc"}, java.util.Set.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bad.number("threshold", 0.4))
                .hasMessageContaining("--threshold").hasMessageContaining("abc");
    }
}
