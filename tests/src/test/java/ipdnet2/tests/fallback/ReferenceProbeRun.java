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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ReferenceProbe} run in a child JVM with the given options, its output parsed, and the
 * checks every kernel path must pass: the Tiny reference forward within 1e-4 of the published
 * implementation's output, the training step's loss equal to the reference loss, every gradient
 * within 1e-3 of the reference (relative to its norm, as NetworkReferenceTest), and the reference
 * DOA decoding.
 */
final class ReferenceProbeRun {
    /** mean((output − target)²) of the published implementation (see NetworkReferenceTest). */
    private static final double REFERENCE_LOSS = 0.5351746678352356;

    final String log;
    final Map<String, String> values = new HashMap<>();
    private final List<String> decoded;

    ReferenceProbeRun(Path dir, String... jvmOptions) throws Exception {
        for (String name : List.of("tiny.weights.safetensors", "tiny.grads.safetensors", "tiny.input.npy",
                "tiny.output.npy", "tiny.target.npy", "dsp/decode_pred_ipd.npy")) {
            copy(name, dir);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx2g");
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ReferenceProbe.class.getName(), dir.toString()));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        log = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(log).isZero();
        decoded = log.lines().filter(l -> l.startsWith("decode ")).toList();
        log.lines().filter(l -> l.contains("=") && !l.startsWith("module")).forEach(l -> {
            int eq = l.indexOf('=');
            values.put(l.substring(0, eq), l.substring(eq + 1));
        });
    }

    /** The checks above; prints the forward and gradient errors for the test log. */
    void assertMatchesTheReference(String path) throws IOException {
        double forwardError = Double.parseDouble(values.get("forward.maxAbsError"));
        double gradientError = Double.parseDouble(values.get("train.gradientRelativeError"));
        System.out.println(path + ": forward max |error| " + forwardError + ", largest relative gradient error " + gradientError);
        assertThat(forwardError).as(log).isLessThanOrEqualTo(1e-4);
        assertThat(Double.parseDouble(values.get("train.loss"))).isCloseTo(REFERENCE_LOSS, within(1e-5));
        String[] grads = values.get("train.gradients").split("/");
        assertThat(grads[0]).as("parameters with a finite, non-zero gradient").isEqualTo(grads[1]);
        assertThat(gradientError).as(log).isLessThanOrEqualTo(1e-3);

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
        try (InputStream in = ReferenceProbeRun.class.getResourceAsStream("/reference/" + name)) {
            assertThat(in).as("test resource /reference/%s", name).isNotNull();
            Files.copy(in, dir.resolve(name.substring(name.lastIndexOf('/') + 1)), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static float[] npy(String name) throws IOException {
        try (InputStream in = ReferenceProbeRun.class.getResourceAsStream("/reference/" + name)) {
            return Npy.read(in, name).floats();
        }
    }
}
