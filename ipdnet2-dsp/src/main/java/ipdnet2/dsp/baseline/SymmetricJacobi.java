package ipdnet2.dsp.baseline;

/**
 * Eigen-decomposition of a small real symmetric matrix by cyclic Jacobi rotations (Golub and Van
 * Loan, Matrix Computations, §8.5): accurate to rounding for the 2M × 2M real embeddings of
 * M × M Hermitian covariances that {@link Music} decomposes (M ≈ 5), where a general library
 * routine would cost more in set-up than in work.
 */
final class SymmetricJacobi {
    private static final int MAX_SWEEPS = 30;

    private SymmetricJacobi() {}

    /**
     * Diagonalises {@code a} (row-major n×n, symmetric; destroyed: its diagonal becomes the
     * eigenvalues) and writes the eigenvectors as the columns of {@code v} (row-major n×n).
     */
    static void decompose(double[] a, int n, double[] v) {
        for (int i = 0; i < n * n; i++) v[i] = 0;
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        double scale = 0;
        for (int i = 0; i < n * n; i++) scale += a[i] * a[i];
        if (scale == 0) return;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
            if (off <= 1e-24 * scale) return;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p * n + q];
                    if (apq == 0) continue;
                    // rotation angle zeroing a[p][q]: tan 2θ = 2 a_pq / (a_qq − a_pp)
                    double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k * n + p], akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq;
                        a[k * n + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p * n + k], aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk;
                        a[q * n + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k * n + p], vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
    }
}
