package ipdnet2.nn.kernels;


/**
 * One streaming step of the selective scan (the recurrence of {@link SelectiveScan}) with the
 * state and A kept in the kernel's own layout, [N, E], so no transpose happens per step, fused
 * with the Mamba output gate: for channel e,
 * <pre>
 *   s[n,e] = exp(Δ[e]·A[e,n])·s[n,e] + Δ[e]·x[e]·B[n]
 *   y[e]   = (Σ_n s[n,e]·C[n] + D[e]·x[e]) · SiLU(z[e])
 * </pre>
 * exp is {@link FastExp} (at most 2 ulp), as in {@link SelectiveScan}, so the scan part is the
 * offline kernel's arithmetic in the same order; SiLU(z) = z / (1 + exp(−z)) also uses it.
 */
public final class ScanStep {
    private ScanStep() {}

    /** A given as [E, N] (row-major) in the step's layout [N, E]. */
    public static float[] packA(float[] a, int e, int n) {
        float[] t = new float[e * n];
        for (int i = 0; i < e; i++) {
            for (int j = 0; j < n; j++) t[j * e + i] = a[i * n + j];
        }
        return t;
    }

    /**
     * Advances {@code state} ([N, E] from {@code sOff}) by one step and writes the gated y[E] at
     * {@code yOff}. x, Δ, z: [E] from their offsets; B and C: [N] from {@code bOff}, {@code cOff};
     * aT from {@link #packA}; D: [E].
     */
    public static void step(int e, int n, float[] x, int xOff, float[] delta, int dOff, float[] aT,
            float[] b, int bOff, float[] c, int cOff, float[] d, float[] z, int zOff,
            float[] state, int sOff, float[] y, int yOff) {
        // State index n outside, channels inside, the running sum Σ_n s·C kept in y: every inner
        // loop is a flat run over channels (short nested loops around vector accumulators
        // compile badly), and each channel's sum still advances in increasing n.
        int eVec = VectorSupport.ENABLED ? e / VectorSupport.LANES * VectorSupport.LANES : 0;
        java.util.Arrays.fill(y, yOff, yOff + e, 0f);
        for (int j = 0, ne = sOff; j < n; j++, ne += e) {
            float bj = b[bOff + j], cj = c[cOff + j];
            int aRow = j * e;
            if (eVec > 0) VectorScanStep.stateRow(eVec, x, xOff, delta, dOff, aT, aRow, bj, cj, state, ne, y, yOff);
            for (int ch = eVec; ch < e; ch++) {
                float dv = delta[dOff + ch];
                float dx = dv * x[xOff + ch];
                float a = FastExp.exp(dv * aT[aRow + ch]);
                float sv = Math.fma(a, state[ne + ch], dx * bj);
                state[ne + ch] = sv;
                y[yOff + ch] = Math.fma(sv, cj, y[yOff + ch]);
            }
        }
        if (eVec > 0) VectorScanStep.gate(eVec, x, xOff, d, z, zOff, y, yOff);
        for (int ch = eVec; ch < e; ch++) {
            float zv = z[zOff + ch];
            y[yOff + ch] = Math.fma(d[ch], x[xOff + ch], y[yOff + ch]) * (zv / (1f + FastExp.exp(-zv)));
        }
    }
}
