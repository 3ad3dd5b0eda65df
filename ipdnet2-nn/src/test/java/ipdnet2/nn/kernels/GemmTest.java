package ipdnet2.nn.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GemmTest {
    private static final double U = Math.ulp(1.0f) / 2; // unit round-off of float

    /** One product laid out inside larger arrays, with padding, offsets and a C to start from. */
    private static final class Case {
        final boolean ta, tb, acc;
        final int m, n, k, lda, ldb, ldc, aOff, bOff, cOff;
        final float[] a, b, c0;

        Case(boolean ta, boolean tb, int m, int n, int k, boolean acc, int pad, long seed) {
            this.ta = ta; this.tb = tb; this.m = m; this.n = n; this.k = k; this.acc = acc;
            SplittableRandom rnd = new SplittableRandom(seed);
            int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
            lda = aCols + pad; ldb = bCols + 2 * pad; ldc = n + pad;
            aOff = 3 * pad; bOff = pad; cOff = 5 * pad;
            a = random(rnd, aOff + aRows * lda + pad);
            b = random(rnd, bOff + bRows * ldb + pad);
            c0 = random(rnd, cOff + m * ldc + pad);
        }

        double opA(int i, int p) {
            return ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        double opB(int p, int j) {
            return tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        float[] run(boolean vector) {
            float[] c = c0.clone();
            Gemm.gemm(vector, ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, acc);
            return c;
        }

        /** Checks against a double-precision sum with the forward error bound of a k-term chain. */
        void assertMatchesReference(float[] c) {
            double gamma = (k + 1) * U / (1 - (k + 1) * U);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double start = acc ? c0[cOff + i * ldc + j] : 0.0;
                    double sum = start, mag = Math.abs(start);
                    for (int p = 0; p < k; p++) {
                        sum += opA(i, p) * opB(p, j);
                        mag += Math.abs(opA(i, p) * opB(p, j));
                    }
                    double got = c[cOff + i * ldc + j];
                    assertThat(Math.abs(got - sum))
                            .as("%s C[%d][%d]", this, i, j)
                            .isLessThanOrEqualTo(gamma * mag + 1e-30);
                }
            }
            // Everything outside the m×n window of C is left alone.
            for (int x = 0; x < c.length; x++) {
                int r = (x - cOff) / ldc, col = (x - cOff) % ldc;
                boolean inside = x >= cOff && r < m && col < n;
                if (!inside) assertThat(c[x]).as("%s untouched C storage at %d", this, x).isEqualTo(c0[x]);
            }
        }

        @Override
        public String toString() {
            return (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + " acc=" + acc;
        }
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    static Stream<Arguments> shapes() {
        int[][] sizes = {
            {1, 1, 1}, {3, 17, 33}, {17, 3, 97}, {33, 97, 1}, {97, 33, 17}, {1, 97, 33}, {97, 1, 33},
            {6, 32, 16}, {1, 300, 40}, {300, 1, 40}, {7, 38, 50}, {13, 16, 64}, {50, 49, 200}, {101, 65, 96}, {64, 130, 9}, {9, 21, 700}, {40, 12, 50}, {30, 8, 70},
        };
        List<Arguments> out = new ArrayList<>();
        long seed = 1;
        for (int[] s : sizes) {
            for (int t = 0; t < 4; t++) {
                out.add(Arguments.of(t >= 2, (t & 1) == 1, s[0], s[1], s[2], (seed & 1) == 0, seed));
                seed++;
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4} acc={5}")
    @MethodSource("shapes")
    void matchesDoublePrecisionReferenceOnBothPaths(boolean ta, boolean tb, int m, int n, int k,
                                                    boolean acc, long seed) {
        for (int pad : new int[] {0, 3}) {
            Case cs = new Case(ta, tb, m, n, k, acc, pad, seed);
            float[] plain = cs.run(false);
            cs.assertMatchesReference(plain);
            float[] vector = cs.run(true);
            cs.assertMatchesReference(vector);
            assertThat(vector).as("vector vs plain %s", cs).isEqualTo(plain);
            float[] direct = cs.c0.clone();
            DirectGemm.gemm(ta, tb, m, n, k, cs.a, cs.aOff, cs.lda, cs.b, cs.bOff, cs.ldb,
                    direct, cs.cOff, cs.ldc, acc);
            assertThat(direct).as("unblocked vs blocked %s", cs).isEqualTo(plain);
        }
    }

    @Test
    void accumulateAddsToOldContents() {
        Case cs = new Case(false, false, 9, 40, 30, true, 1, 77);
        Case fresh = new Case(false, false, 9, 40, 30, false, 1, 77);
        float[] sum = cs.run(true);
        float[] prod = fresh.run(true);
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 40; j++) {
                int x = cs.cOff + i * cs.ldc + j;
                assertThat((double) sum[x]).isCloseTo((double) cs.c0[x] + prod[x], org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void vectorKernelIsTheDefaultWhenTheModuleIsPresent() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertThat(Gemm.vectorKernelAvailable()).isEqualTo(present);
        if (!"false".equals(System.getProperty("ipdnet2.vector"))) {
            assertThat(Gemm.usesVectorKernel()).isEqualTo(present);
        }
    }

    @Test
    void jvmWithoutTheVectorModuleComputesTheSameBits() throws Exception {
        assumeTrue(Gemm.vectorKernelAvailable(), "jdk.incubator.vector not in the boot layer");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                GemmProbe.class.getName()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(output).isZero();
        assertThat(output.lines()).containsExactly("vector=false", GemmProbe.checksum(1));
    }

    @Test
    void handComputedProduct() {
        // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {7, 8, 9, 10, 11, 12};
        float[] c = {100, 100, 100, 100};
        Gemm.gemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, c, 0, 2, false);
        assertThat(c).containsExactly(58, 64, 139, 154);
        // Aᵀ stored 3×2 and Bᵀ stored 2×3 give the same product.
        float[] at = {1, 4, 2, 5, 3, 6};
        float[] bt = {7, 9, 11, 8, 10, 12};
        Gemm.gemm(true, true, 2, 2, 3, at, 0, 2, bt, 0, 3, c, 0, 2, true);
        assertThat(c).containsExactly(116, 128, 278, 308);
    }

    @Test
    void kBlockingDoesNotChangeAnyBit() {
        for (boolean vector : new boolean[] {false, true}) {
            Case cs = new Case(true, false, 20, 37, 300, true, 2, 5);
            float[] whole = cs.run(vector);
            MicroKernel kern = Gemm.kernel(vector);
            for (int kc : new int[] {1, 7, 64, 299}) {
                float[] blocked = cs.c0.clone();
                BlockedGemm.gemm(kern, kc, cs.ta, cs.tb, cs.m, cs.n, cs.k, cs.a, cs.aOff, cs.lda,
                        cs.b, cs.bOff, cs.ldb, blocked, cs.cOff, cs.ldc, cs.acc);
                assertThat(blocked).as("kc=%d vector=%s", kc, vector).isEqualTo(whole);
            }
        }
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalResults() {
        int saved = Parallel.threads();
        try {
            for (int t = 0; t < 4; t++) {
                Case cs = new Case(t >= 2, (t & 1) == 1, 301, 70, 200, t % 2 == 0, 1, 40 + t);
                for (boolean vector : new boolean[] {false, true}) {
                    Parallel.setThreads(1);
                    float[] one = cs.run(vector);
                    Parallel.setThreads(2);
                    float[] two = cs.run(vector);
                    assertThat(two).as("%s vector=%s", cs, vector).isEqualTo(one);
                    cs.assertMatchesReference(two);
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void productsInsidePoolTasksRunInlineWithTheSameResult() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            Case[] cases = {new Case(false, true, 300, 96, 192, false, 0, 8), new Case(true, false, 96, 50, 300, true, 1, 9)};
            float[][] expected = {cases[0].run(true), cases[1].run(true)};
            float[][] got = new float[2][];
            Parallel.forRange(2, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    got[i] = cases[i].run(true);
                }
            });
            assertThat(got[0]).isEqualTo(expected[0]);
            assertThat(got[1]).isEqualTo(expected[1]);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void vectorPathEqualsPlainPathOnModelShapes() {
        assumeTrue(Gemm.vectorKernelAvailable(), "jdk.incubator.vector not in the boot layer");
        int[][] shapes = {{400, 384, 96}, {400, 38, 192}, {400, 96, 384}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                Case cs = new Case(t >= 2, (t & 1) == 1, s[0], s[1], s[2], t == 1, 0, s[1] + t);
                assertThat(cs.run(true)).as("%s", cs).isEqualTo(cs.run(false));
            }
        }
    }

    @Test
    void zeroInnerDimensionClearsOrKeepsC() {
        float[] c = {1, 2, 3, 4};
        Gemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, true);
        assertThat(c).containsExactly(1, 2, 3, 4);
        Gemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, false);
        assertThat(c).containsExactly(0, 0, 0, 0);
    }

    @Test
    void badArgumentsAreRejectedWithTheirName() {
        float[] x = new float[12];
        assertThatThrownBy(() -> Gemm.gemm(false, false, -1, 2, 2, x, 0, 2, x, 0, 2, new float[4], 0, 2, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative size");
        assertThatThrownBy(() -> Gemm.gemm(false, false, 2, 2, 3, x, 0, 2, x, 0, 2, new float[4], 0, 2, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leading dimension of A");
        assertThatThrownBy(() -> Gemm.gemm(false, true, 2, 2, 3, x, 0, 3, x, 8, 3, new float[4], 0, 2, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("B stored 2×3");
        assertThatThrownBy(() -> Gemm.gemm(false, false, 2, 2, 2, x, 0, 2, x, 0, 2, new float[3], 0, 2, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("C stored 2×2");
        assertThatThrownBy(() -> Gemm.gemm(false, false, 2, 2, 2, null, 0, 2, x, 0, 2, new float[4], 0, 2, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matrix A is null");
    }
}
