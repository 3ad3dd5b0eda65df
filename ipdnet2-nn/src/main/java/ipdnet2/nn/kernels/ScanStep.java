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
     * aT from {@link #packA}; D: [E]. The same as {@link #advance} then {@link #gate} of one row.
     */
    public static void step(int e, int n, float[] x, int xOff, float[] delta, int dOff, float[] aT,
            float[] b, int bOff, float[] c, int cOff, float[] d, float[] z, int zOff,
            float[] state, int sOff, float[] y, int yOff) {
        advance(e, n, x, xOff, delta, dOff, aT, allNegative(aT), b, bOff, c, cOff, state, sOff, y, yOff);
        gate(e, 1, x, xOff, 0, d, z, zOff, 0, y, yOff, 0);
    }

    /**
     * Whether every entry of a packed A has its sign bit set (Mamba's A = −exp(A_log)): then,
     * with Δ ≥ 0, the decays exp(Δ·A) take {@link FastExp#expNonPositive}. Checked once per
     * model, as A does not change between steps.
     */
    public static boolean allNegative(float[] aT) {
        return SelectiveScan.allNegative(aT, 0, aT.length);
    }

    /**
     * The scan part of {@link #step}: advances {@code state} and writes y[e] = Σ_n s[n,e]·C[n]
     * (not yet gated) at {@code yOff}.
     */
    public static void advance(int e, int n, float[] x, int xOff, float[] delta, int dOff, float[] aT,
            boolean aNegative, float[] b, int bOff, float[] c, int cOff, float[] state, int sOff, float[] y, int yOff) {
        boolean nonPositive = aNegative && SelectiveScan.noneNegative(delta, dOff, e);
        // State index n outside, channels inside, the running sum Σ_n s·C kept in y: every inner
        // loop is a flat run over channels (short nested loops around vector accumulators
        // compile badly), and each channel's sum still advances in increasing n.
        int eVec = VectorSupport.ENABLED ? e / VectorSupport.LANES * VectorSupport.LANES : 0;
        java.util.Arrays.fill(y, yOff, yOff + e, 0f);
        for (int j = 0, ne = sOff; j < n; j++, ne += e) {
            float bj = b[bOff + j], cj = c[cOff + j];
            int aRow = j * e;
            if (eVec > 0) {
                VectorScanStep.stateRow(eVec, x, xOff, delta, dOff, aT, aRow, bj, cj, state, ne, y, yOff, nonPositive);
            }
            for (int ch = eVec; ch < e; ch++) {
                float dv = delta[dOff + ch];
                float dx = dv * x[xOff + ch];
                float da = dv * aT[aRow + ch];
                float a = nonPositive ? FastExp.expNonPositive(da) : FastExp.exp(da);
                float sv = Math.fma(a, state[ne + ch], dx * bj);
                state[ne + ch] = sv;
                y[yOff + ch] = Math.fma(sv, cj, y[yOff + ch]);
            }
        }
    }

    /**
     * The output gate of {@link #step} on {@code rows} rows of e channels:
     * y = (y + D·x)·SiLU(z), row r of x, z and y starting at offset + r·ld. Kept apart from the
     * scan so that it is compiled on its own: compiled inside the step together with the scan,
     * its vector operations sometimes stayed in their allocating per-lane form.
     */
    public static void gate(int e, int rows, float[] x, int xOff, int ldx, float[] d, float[] z, int zOff, int ldz,
            float[] y, int yOff, int ldy) {
        int eVec = VectorSupport.ENABLED ? e / VectorSupport.LANES * VectorSupport.LANES : 0;
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * ldx, zo = zOff + r * ldz, yo = yOff + r * ldy;
            if (eVec > 0) VectorScanStep.gate(eVec, x, xo, d, z, zo, y, yo);
            for (int ch = eVec; ch < e; ch++) {
                float zv = z[zo + ch];
                y[yo + ch] = Math.fma(d[ch], x[xo + ch], y[yo + ch]) * (zv / (1f + FastExp.exp(-zv)));
            }
        }
    }
}
