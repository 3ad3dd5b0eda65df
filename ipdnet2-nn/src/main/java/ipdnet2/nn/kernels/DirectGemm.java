package ipdnet2.nn.kernels;

/**
 * Unblocked matrix product for products too small to repay packing: row by row, the chains
 * {@code acc = fma(A[i][p], B[p][j], acc)} advance over p in order, exactly as in
 * {@link MicroKernel}, so the result is bitwise that of the blocked paths.
 */
final class DirectGemm {
    private DirectGemm() {}

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            if (!accumulate) {
                for (int j = 0; j < n; j++) c[cRow + j] = 0f;
            }
            for (int p = 0; p < k; p++) {
                float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (!transB) {
                    int bRow = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[cRow + j] = Math.fma(aip, b[bRow + j], c[cRow + j]);
                } else {
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] = Math.fma(aip, b[bOff + j * ldb + p], c[cRow + j]);
                    }
                }
            }
        }
    }
}
