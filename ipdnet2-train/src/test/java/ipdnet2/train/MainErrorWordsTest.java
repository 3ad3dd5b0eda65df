package ipdnet2.train;

import static org.assertj.core.api.Assertions.assertThat;

import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.IPDnet2Config;
import ipdnet2.nn.model.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures of the training jar's commands are one line naming the file and the problem in words. */
class MainErrorWordsTest {
    private final TrainCli cli = new TrainCli();

    private int run(String... args) {
        return cli.run(args);
    }

    private String err() {
        return cli.err();
    }

    @Test
    void unwritableWeightOutputsNameTheFileAndTheProblemWithoutClassNames(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a.safetensors");
        Weights.save(new IPDnet2(IPDnet2Config.tiny(), 1), a, Map.of());
        Path b = tmp.resolve("b.safetensors");
        Weights.save(new IPDnet2(IPDnet2Config.tiny(), 2), b, Map.of());
        String inputs = a + "," + b;
        Path folder = Files.createDirectory(tmp.resolve("dir.safetensors"));
        assertThat(run("average-weights", "--inputs", inputs, "--out", folder.toString())).isNotZero();
        assertThat(err()).startsWith("error: ").contains(folder.toString()).contains("is a directory")
                .doesNotContain("Exception").doesNotContain(".tmp");
        if (Files.isDirectory(Path.of("/proc"))) {
            assertThat(run("average-weights", "--inputs", inputs, "--out", "/proc/x.safetensors")).isNotZero();
            assertThat(err()).startsWith("error: ").contains("/proc/x.safetensors: cannot be written: ")
                    .doesNotContain("Exception").doesNotContain(".tmp");
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("a.safetensors", "b.safetensors", "dir.safetensors");
        }
    }

    @Test
    void anUnwritableSetFolderIsNamedWithTheProblemInWords() {
        if (!Files.isDirectory(Path.of("/proc"))) return;
        assertThat(run("simulate-set", "--out", "/proc/ss", "--clips", "1", "--seed", "1", "--quiet")).isNotZero();
        assertThat(err()).startsWith("error: ").contains("/proc/ss").contains("no such file or directory")
                .doesNotContain("Exception").doesNotContain(".probe");
    }

    @Test
    void aFileGivenAsTrainingSetIsCalledAFile(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("ok16.wav"), "x");
        Path out = tmp.resolve("run");
        assertThat(run("train", "--train-set", file.toString(), "--val-set", file.toString(), "--out", out.toString(), "--epochs", "1")).isNotZero();
        assertThat(err()).startsWith("error: ").contains(file + " is a file, not a folder").doesNotContain("does not exist");
    }
}
