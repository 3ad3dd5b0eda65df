package ipdnet2.nn.kernels;

import java.util.SplittableRandom;

/**
 * Computes fixed products through {@link Gemm#gemm} and prints every result's bits, so a JVM
 * started without the Vector API module can be compared with one that has it.
 */
final class GemmProbe {
    private GemmProbe() {}

    static final int[][] SHAPES = {{37, 45, 29}, {64, 384, 96}, {19, 38, 192}};

    public static void main(String[] args) {
        System.out.println("vector=" + Gemm.usesVectorKernel());
        System.out.println(checksum(-1));
    }

    /** Bits of the products of all shapes and transpose combinations, hex, one line. */
    static String checksum(int vectorOrDefault) {
        StringBuilder out = new StringBuilder();
        SplittableRandom rnd = new SplittableRandom(2024);
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1], k = s[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = t >= 2, tb = (t & 1) == 1;
                float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
                for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextDouble(-1, 1);
                for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextDouble(-1, 1);
                int lda = ta ? m : k, ldb = tb ? k : n;
                if (vectorOrDefault < 0) {
                    Gemm.gemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false);
                } else {
                    Gemm.gemm(vectorOrDefault == 1, ta, tb, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false);
                }
                long h = 1125899906842597L;
                for (float v : c) h = 31 * h + Float.floatToRawIntBits(v);
                out.append(Long.toHexString(h)).append(' ');
            }
        }
        return out.toString().trim();
    }
}
