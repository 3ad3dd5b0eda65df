package ipdnet2.nn.kernels;

/**
 * General matrix product on row-major {@code float[]} storage:
 * {@code C[m×n] (+)= op(A)[m×k] · op(B)[k×n]}, where {@code op(X)} is X or its transpose.
 *
 * <p>Leading dimensions are the row strides of the matrices as stored: for {@code transA == false}
 * A is stored m×k with row stride {@code lda}; for {@code transA == true} it is stored k×m.
 * Likewise for B. When {@code accumulate} is false C is overwritten, otherwise added to.
 * C must not overlap A or B.
 *
 * <p>Numerics: every element is one chain of fused multiply-adds in increasing p,
 * {@code acc = fma(op(A)[i][p], op(B)[p][j], acc)}, started from C's old value when accumulating
 * and from zero otherwise. Hence the result is bitwise the same whether the Vector API kernel or
 * the plain-Java kernel runs (system property {@code ipdnet2.vector=false} forces the latter, as
 * does the absence of module {@code jdk.incubator.vector}) and whatever {@link Parallel#threads()}.
 * Large products run their row strips on {@link Parallel}.
 */
public final class Gemm {
    /** Below this many multiply-adds packing does not pay for itself. */
    private static final long DIRECT_MAX_FMAS = 8 * 1024;
    /** Up to this many rows of C a product is a few matrix-vector products: packing B is waste. */
    private static final int DIRECT_MAX_ROWS = 2;

    private static final MicroKernel VECTOR = loadVectorKernel();
    private static final MicroKernel PLAIN = new ScalarMicroKernel();
    private static final boolean USE_VECTOR = VECTOR != null && VectorSupport.ENABLED;

    private Gemm() {}

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc,
                            boolean accumulate) {
        gemm(USE_VECTOR, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** True when the default path of {@link #gemm} uses the Vector API kernel. */
    public static boolean usesVectorKernel() {
        return USE_VECTOR;
    }

    /** True when the Vector API kernel could be loaded (module present), whatever the property. */
    static boolean vectorKernelAvailable() {
        return VECTOR != null;
    }

    /** The kernel {@link #gemm} runs large products on when {@code vector} is asked for. */
    static MicroKernel kernel(boolean vector) {
        return vector && VECTOR != null ? VECTOR : PLAIN;
    }

    /** {@link #gemm} on the chosen path; {@code vector} is ignored when the kernel is unavailable. */
    static void gemm(boolean vector, boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        check(m, n, k, transA ? k : m, transA ? m : k, "A", a, aOff, lda);
        check(m, n, k, transB ? n : k, transB ? k : n, "B", b, bOff, ldb);
        check(m, n, k, m, n, "C", c, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
            return;
        }
        if ((long) m * n * k <= DIRECT_MAX_FMAS || m <= DIRECT_MAX_ROWS) {
            DirectGemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        BlockedGemm.gemm(kernel(vector), transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    private static void check(int m, int n, int k, int rows, int cols, String name,
                              float[] x, int off, int ld) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        if (x == null) throw new IllegalArgumentException("gemm: matrix " + name + " is null");
        if (off < 0) throw new IllegalArgumentException("gemm: offset of " + name + " is negative: " + off);
        if (rows == 0 || cols == 0) return;
        if (ld < cols) {
            throw new IllegalArgumentException("gemm: leading dimension of " + name + " is " + ld
                    + " but its stored rows have " + cols + " columns");
        }
        long last = off + (long) (rows - 1) * ld + cols;
        if (last > x.length) {
            throw new IllegalArgumentException("gemm: " + name + " stored " + rows + "×" + cols
                    + " with offset " + off + " and leading dimension " + ld + " needs " + last
                    + " floats but has " + x.length);
        }
    }

    private static MicroKernel loadVectorKernel() {
        if (!VectorSupport.AVAILABLE) return null;
        try {
            return (MicroKernel) Class.forName("ipdnet2.nn.kernels.VectorMicroKernel")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
