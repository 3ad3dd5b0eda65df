package ipdnet2.dsp.sim;

/**
 * Eigen-decomposition of a small real symmetric matrix by cyclic Jacobi rotations; used to take a
 * square-root factor of a (possibly rank-deficient) coherence matrix, where a Cholesky factor
 * would break down on the zero eigenvalues that close microphones produce at low frequency.
 */
final class SymmetricEigen {
    private SymmetricEigen() {}

    /**
     * Writes the symmetric square root F = V·√Λ·Vᵀ (row-major n×n) of A, so F·Fᵀ = A; negative
     * eigenvalues (rounding) are clamped to zero. The symmetric root varies smoothly with A (unlike
     * V·√Λ, whose eigenvector basis may turn arbitrarily when eigenvalues are close), so factors of
     * neighbouring frequency bins agree and the mixing does not smear signals in time.
     *
     * @param a row-major symmetric n×n matrix, destroyed
     * @param v scratch n×n
     */
    static void sqrtFactor(double[] a, int n, double[] v, double[] f) {
        for (int i = 0; i < n * n; i++) v[i] = 0;
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        for (int sweep = 0; sweep < 60; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += a[i * n + i] * a[i * n + i];
                for (int j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
            }
            if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p * n + q];
                    if (Math.abs(apq) < 1e-300) continue;
                    double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k * n + p];
                        double akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq;
                        a[k * n + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p * n + k];
                        double aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk;
                        a[q * n + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k * n + p];
                        double vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += v[i * n + k] * Math.sqrt(Math.max(0, a[k * n + k])) * v[j * n + k];
                f[i * n + j] = sum;
            }
        }
    }
}
