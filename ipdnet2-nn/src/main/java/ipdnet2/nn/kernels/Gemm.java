package ipdnet2.nn.kernels;

/**
 * General matrix product on row-major {@code float[]} storage:
 * {@code C[m×n] (+)= op(A)[m×k] · op(B)[k×n]}, where {@code op(X)} is X or its transpose.
 *
 * <p>Leading dimensions are the row strides of the matrices as stored: for {@code transA == false}
 * A is stored m×k with row stride {@code lda}; for {@code transA == true} it is stored k×m.
 * Likewise for B. When {@code accumulate} is false C is overwritten, otherwise added to.
 */
public final class Gemm {
    private Gemm() {}

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc,
                            boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            if (!accumulate) {
                for (int j = 0; j < n; j++) c[cRow + j] = 0f;
            }
            for (int p = 0; p < k; p++) {
                float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (aip == 0f) continue;
                if (!transB) {
                    int bRow = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[cRow + j] += aip * b[bRow + j];
                } else {
                    for (int j = 0; j < n; j++) c[cRow + j] += aip * b[bOff + j * ldb + p];
                }
            }
        }
    }
}
