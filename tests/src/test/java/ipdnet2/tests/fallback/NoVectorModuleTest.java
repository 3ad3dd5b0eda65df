package ipdnet2.tests.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ipdnet2.dsp.io.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline in a JVM started without {@code jdk.incubator.vector} (so every Vector API
 * class is absent and only the plain-Java paths can run): the Tiny reference forward within 1e-4
 * of the published implementation's output, a training step's loss equal to the reference loss
 * with a finite, non-zero gradient for every parameter, and the reference DOA decoding.
 */
class NoVectorModuleTest {
    /** mean((output − target)²) of the published implementation (see NetworkReferenceTest). */
    private static final double REFERENCE_LOSS = 0.5351746678352356;

    @Test
    void forwardTrainingStepAndDecodingRunWithoutTheVectorModule(@TempDir Path dir) throws Exception {
        for (String name : List.of("tiny.weights.safetensors", "tiny.input.npy", "tiny.output.npy", "tiny.target.npy",
                "dsp/decode_pred_ipd.npy")) {
            copy(name, dir);
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                NoVectorModuleProbe.class.getName(), dir.toString()).redirectErrorStream(true).start();
        String log = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(log).isZero();
        Map<String, String> values = new HashMap<>();
        List<String> decoded = log.lines().filter(l -> l.startsWith("decode ")).toList();
        log.lines().filter(l -> l.contains("=") && !l.startsWith("module")).forEach(l -> {
            int eq = l.indexOf('=');
            values.put(l.substring(0, eq), l.substring(eq + 1));
        });

        assertThat(log.lines()).as(log).contains("module=false vector=false");
        double forwardError = Double.parseDouble(values.get("forward.maxAbsError"));
        System.out.println("plain-path forward max |error| against the reference: " + forwardError);
        assertThat(forwardError).as(log).isLessThanOrEqualTo(1e-4);
        assertThat(Double.parseDouble(values.get("train.loss"))).isCloseTo(REFERENCE_LOSS, within(1e-5));
        String[] grads = values.get("train.gradients").split("/");
        assertThat(grads[0]).as("parameters with a finite, non-zero gradient").isEqualTo(grads[1]);

        float[] doa = npy("dsp/decode_doa_rad.npy"); // [1, 10, 2, 2]: [elevation, azimuth]
        float[] mse = npy("dsp/decode_mse.npy"); // [1, 10, 2]
        assertThat(decoded).as(log).hasSize(20);
        for (String line : decoded) {
            String[] f = line.split(" ");
            int t = Integer.parseInt(f[1]), k = Integer.parseInt(f[2]);
            assertThat(Double.parseDouble(f[3])).as(line).isCloseTo(doa[(t * 2 + 1) * 2 + k], within(1e-5));
            assertThat(Double.parseDouble(f[4])).as(line).isCloseTo(mse[t * 2 + k], within(1e-5 * mse[t * 2 + k]));
            assertThat(Boolean.parseBoolean(f[5])).as(line).isEqualTo(mse[t * 2 + k] / 0.2919 < 0.4);
        }
    }

    private static void copy(String name, Path dir) throws IOException {
        try (InputStream in = NoVectorModuleTest.class.getResourceAsStream("/reference/" + name)) {
            assertThat(in).as("test resource /reference/%s", name).isNotNull();
            Files.copy(in, dir.resolve(name.substring(name.lastIndexOf('/') + 1)), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static float[] npy(String name) throws IOException {
        try (InputStream in = NoVectorModuleTest.class.getResourceAsStream("/reference/" + name)) {
            return Npy.read(in, name).floats();
        }
    }
}
