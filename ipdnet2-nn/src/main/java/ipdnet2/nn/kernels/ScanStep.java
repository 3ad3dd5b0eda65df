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
        int eVec = SPECIES.loopBound(e);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int ch = 0; ch < eVec; ch += LANES) {
            FloatVector dv = FloatVector.fromArray(SPECIES, delta, dOff + ch);
            FloatVector xv = FloatVector.fromArray(SPECIES, x, xOff + ch);
            FloatVector dx = dv.mul(xv);
            FloatVector acc = FloatVector.zero(SPECIES);
            for (int j = 0, ne = ch; j < n; j++, ne += e) {
                FloatVector a = FastExp.exp(dv.mul(FloatVector.fromArray(SPECIES, aT, ne)));
                FloatVector s = a.fma(FloatVector.fromArray(SPECIES, state, sOff + ne), dx.mul(b[bOff + j]));
                s.intoArray(state, sOff + ne);
                acc = s.fma(FloatVector.broadcast(SPECIES, c[cOff + j]), acc);
            }
            FloatVector out = FloatVector.fromArray(SPECIES, d, ch).fma(xv, acc);
            FloatVector zv = FloatVector.fromArray(SPECIES, z, zOff + ch);
            FloatVector gate = zv.div(one.add(FastExp.exp(zv.neg())));
            out.mul(gate).intoArray(y, yOff + ch);
        }
        for (int ch = eVec; ch < e; ch++) {
            float dv = delta[dOff + ch];
            float xv = x[xOff + ch];
            float dx = dv * xv;
            float acc = 0f;
            for (int j = 0, ne = ch; j < n; j++, ne += e) {
                float a = FastExp.exp(dv * aT[ne]);
                float s = Math.fma(a, state[sOff + ne], dx * b[bOff + j]);
                state[sOff + ne] = s;
                acc = Math.fma(s, c[cOff + j], acc);
            }
            float zv = z[zOff + ch];
            y[yOff + ch] = Math.fma(d[ch], xv, acc) * (zv / (1f + FastExp.exp(-zv)));
        }
    }
}
