package ipdnet2.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ipdnet2.nn.kernels.VectorSupport;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every op with a Vector API path gives the same results on its plain-Java path: the outputs of
 * {@link VectorPathProbe} computed in this JVM (vector path) are compared with those of a child
 * JVM started without {@code jdk.incubator.vector} (plain path, where no Vector API class can
 * be loaded at all).
 *
 * <p>Bitwise equality is required wherever both paths perform the same fused multiply-adds and
 * roundings in the same order per element. Three kinds of result may differ, with bounds:
 * <ul>
 *   <li>the activations of {@code Activations} (act.silu … act.softplusBackward): the vector path
 *       uses the Vector API's lane-wise EXP/LOG1P/TANH, the plain path {@code Math}; each is
 *       within about 1 ulp, so results agree within 8 ulp of the larger magnitude; the backward
 *       ones add dy·f'(x) to a gradient of order 1, so there the 8 ulp are of max(1, |dx|);</li>
 *   <li>sums across a row (LayerNorm statistics and its backward sums, dB/dC of the scan,
 *       RowNorm statistics): per-lane partial sums then a lane reduction versus one running sum
 *       in increasing index; for n terms the difference is bounded by about n·2^-24 times the
 *       sum of magnitudes, here at most 1e-5 relative to max(1, |value|);</li>
 *   <li>everything downstream of those sums in the same op (LayerNorm y/dx, the transposed
 *       RowNorm output), within the same bound.</li>
 * </ul>
 */
class VectorFallbackTest {
    /** Results allowed to differ (see the class comment), by name prefix. */
    private static final String[] ULP_BOUNDED = {"act.silu", "act.softplus", "act.tanh", "act.exp", "act.sigmoid"};
    private static final String[] SUM_BOUNDED = {"layerNorm.", "scan.dB", "scan.dC", "rowNorm.stats",
        "rowNorm.transposed"};

    @Test
    void plainPathInAJvmWithoutTheModuleMatchesTheVectorPath(@TempDir Path dir) throws Exception {
        assumeTrue(VectorSupport.ENABLED, "this JVM runs the plain path itself: nothing to compare with");
        Path file = dir.resolve("plain.bin");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                VectorPathProbe.class.getName(), file.toString()).redirectErrorStream(true).start();
        String log = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(log).isZero();

        Map<String, float[]> plain = new LinkedHashMap<>();
        boolean childVector;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            childVector = in.readBoolean();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) v[j] = in.readFloat();
                plain.put(name, v);
            }
        }
        assertThat(childVector).as("child JVM without the module must run the plain path").isFalse();

        Map<String, float[]> vector = VectorPathProbe.compute();
        assertThat(plain.keySet()).containsExactlyElementsOf(vector.keySet());
        for (Map.Entry<String, float[]> e : vector.entrySet()) {
            String name = e.getKey();
            float[] v = e.getValue(), p = plain.get(name);
            assertThat(p).as(name).hasSameSizeAs(v);
            for (int i = 0; i < v.length; i++) {
                String what = name + "[" + i + "]";
                if (startsWithAny(name, ULP_BOUNDED)) {
                    float scale = Math.max(Math.abs(v[i]), Math.abs(p[i]));
                    double bound = 8 * Math.ulp(name.endsWith("Backward") ? Math.max(1f, scale) : scale);
                    assertThat((double) Math.abs(p[i] - v[i])).as(what + " vector " + v[i] + " plain " + p[i])
                            .isLessThanOrEqualTo(bound);
                } else if (startsWithAny(name, SUM_BOUNDED)) {
                    assertThat((double) Math.abs(p[i] - v[i])).as(what + " vector " + v[i] + " plain " + p[i])
                            .isLessThanOrEqualTo(1e-5 * Math.max(1, Math.abs(v[i])));
                } else {
                    assertThat(Float.floatToRawIntBits(p[i])).as(what + " vector " + v[i] + " plain " + p[i])
                            .isEqualTo(Float.floatToRawIntBits(v[i]));
                }
            }
        }
    }

    private static boolean startsWithAny(String name, String[] prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) return true;
        }
        return false;
    }
}
