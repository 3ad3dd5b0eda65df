package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

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
    private static final VectorSpecies<Float> SPECIES = FastExp.SPECIES;
    private static final int LANES = SPECIES.length();

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
        int eVec = SPECIES.loopBound(e);
        java.util.Arrays.fill(y, yOff, yOff + e, 0f);
        for (int j = 0, ne = sOff; j < n; j++, ne += e) {
            float bj = b[bOff + j], cj = c[cOff + j];
            FloatVector bv = FloatVector.broadcast(SPECIES, bj), cv = FloatVector.broadcast(SPECIES, cj);
            int aRow = j * e;
            for (int ch = 0; ch < eVec; ch += LANES) {
                FloatVector dv = FloatVector.fromArray(SPECIES, delta, dOff + ch);
                FloatVector dx = dv.mul(FloatVector.fromArray(SPECIES, x, xOff + ch));
                FloatVector a = FastExp.exp(dv.mul(FloatVector.fromArray(SPECIES, aT, aRow + ch)));
                FloatVector sv = a.fma(FloatVector.fromArray(SPECIES, state, ne + ch), dx.mul(bv));
                sv.intoArray(state, ne + ch);
                sv.fma(cv, FloatVector.fromArray(SPECIES, y, yOff + ch)).intoArray(y, yOff + ch);
            }
            for (int ch = eVec; ch < e; ch++) {
                float dv = delta[dOff + ch];
                float dx = dv * x[xOff + ch];
                float a = FastExp.exp(dv * aT[aRow + ch]);
                float sv = Math.fma(a, state[ne + ch], dx * bj);
                state[ne + ch] = sv;
                y[yOff + ch] = Math.fma(sv, cj, y[yOff + ch]);
            }
        }
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int ch = 0; ch < eVec; ch += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, xOff + ch);
            FloatVector out = FloatVector.fromArray(SPECIES, d, ch).fma(xv, FloatVector.fromArray(SPECIES, y, yOff + ch));
            FloatVector zv = FloatVector.fromArray(SPECIES, z, zOff + ch);
            out.mul(zv.div(one.add(FastExp.exp(zv.neg())))).intoArray(y, yOff + ch);
        }
        for (int ch = eVec; ch < e; ch++) {
            float zv = z[zOff + ch];
            y[yOff + ch] = Math.fma(d[ch], x[xOff + ch], y[yOff + ch]) * (zv / (1f + FastExp.exp(-zv)));
        }
    }
}
