package ipdnet2.nn.kernels;

import java.util.Arrays;

/**
 * The selective state-space scan of the Mamba block (ARCHITECTURE.md §3), fused on raw float
 * arrays: forward, backward (reverse-time adjoint recurrence) and a single streaming step.
 *
 * <p>With Δ already softplus-ed and A already −exp(A_log), for each sequence, channel e and state
 * index n, starting from s_0 = 0:
 * <pre>
 *   a_t[e,n] = exp(Δ_t[e]·A[e,n])
 *   s_t[e,n] = a_t[e,n]·s_{t−1}[e,n] + Δ_t[e]·x_t[e]·B_t[n]
 *   y_t[e]   = Σ_n s_t[e,n]·C_t[n] + D[e]·x_t[e]
 * </pre>
 * Layouts are row-major: x, Δ, y are [seqs, T, E]; B, C are [seqs, T, N]; A is [E, N]; D is [E];
 * the streaming state is [E, N]. Arrays may be longer than needed; their leading elements are
 * used. Inside the kernels A and the state are held transposed, [N, E], and vectors run over
 * channels e (x, Δ, dy are contiguous over e): the sum over n is then a chain of vector
 * multiply-adds with no horizontal reduction, and exp(Δ·A) is taken one vector at a time with
 * {@link FastExp} (at most 2 ulp from the exact exp).
 *
 * <p>The vector loops live in {@link VectorSelectiveScan} and run on the leading whole vectors of
 * channels when {@link VectorSupport#ENABLED}; the plain loops here take the remaining channels
 * (all of them without the Vector API) with the same operations in the same order, so forward,
 * step and the recomputed states are bitwise the same on both paths. In the backward, dB and dC
 * (sums over channels) are summed per lane and then across lanes on the vector path, and in
 * increasing e on the plain path: these two differ by float rounding of a sum of E terms (a
 * relative error of order E·2^-24 of the sum of magnitudes); every other gradient is bitwise
 * the same.
 *
 * <p>Sequences are independent and are spread over {@link Parallel}; every sequence is computed
 * by one thread in a fixed order, and the cross-sequence sums of dA and dD are formed in fixed
 * groups of sequences reduced in a fixed order, so results do not depend on the thread count.
 */
public final class SelectiveScan {
    private static final int LANES = VectorSupport.LANES;
    /**
     * Number of fixed groups of sequences whose dA/dD partial sums are reduced in order; a
     * constant (not the thread count) so the summation order, hence the result, never changes.
     */
    static final int REDUCTION_GROUPS = 16;

    private SelectiveScan() {}

    /**
     * Forward scan. {@code seqs} independent sequences of length {@code T}, {@code E} channels,
     * state size {@code N}. x, delta, y: [seqs, T, E]; B, C: [seqs, T, N]; A: [E, N]; D: [E].
     * {@code y} is overwritten. Memory: one E·N state per worker thread and an E·N transposed
     * copy of A.
     */
    public static void forward(int seqs, int T, int E, int N, float[] x, float[] delta, float[] A,
            float[] B, float[] C, float[] D, float[] y) {
        forward(seqs, T, E, N, x, delta, A, B, C, D, null, y);
    }

    /**
     * Forward scan followed by Mamba's output gate, y ·= SiLU(z) ({@code z} [seqs, T, E]; null:
     * no gate), applied to each sequence right after its scan while its rows are still in the
     * core's cache (inference: the gated y is all the block needs).
     */
    public static void forward(int seqs, int T, int E, int N, float[] x, float[] delta, float[] A,
            float[] B, float[] C, float[] D, float[] z, float[] y) {
        checkShapes(seqs, T, E, N, x, delta, A, B, C, D);
        checkLength("y", y, (long) seqs * T * E);
        if (z != null) checkLength("z", z, (long) seqs * T * E);
        float[] aT = transpose(A, E, N);
        boolean nonPositive = decaysNonPositive(A, E * N, delta, seqs * T * E);
        Parallel.forRange(seqs, 1, (from, to) -> {
            float[] state = new float[N * E];
            for (int s = from; s < to; s++) {
                Arrays.fill(state, 0f);
                for (int t = 0; t < T; t++) {
                    int te = (s * T + t) * E;
                    int tn = (s * T + t) * N;
                    stepKernel(E, N, x, delta, te, aT, 0, B, C, tn, D, state, 0, y, nonPositive);
                }
                if (z != null) FastActivations.mulSilu(y, s * T * E, z, s * T * E, T * E);
            }
        });
    }

    /**
     * Gradient of the scan. dy: [seqs, T, E]. {@code dx}, {@code dDelta} ([seqs, T, E]) and
     * {@code dB}, {@code dC} ([seqs, T, N]) are overwritten; {@code dA} ([E, N]) and {@code dD}
     * ([E]) are accumulated into (+=).
     *
     * <p>The states are not taken from the caller: for each sequence the forward recurrence is
     * re-run into a per-thread scratch buffer (the states s_0..s_T and the factors
     * a_1..a_T = exp(Δ·A), so the backward walk takes no exp), then the adjoint
     * g_t = dy_t[e]·C_t[n] + a_{t+1}·g_{t+1} runs backwards in time. On the vector path this is
     * done one vector of channels at a time, so the buffer holds (2T+1)·N·LANES floats plus
     * 2T·N·LANES lane sums (0.8 MB for T = 201, N = 16, 16 lanes), small enough to stay in the
     * core's cache; the plain loops (channels past the last whole vector) use (2T+1)·E·N floats.
     * The buffers are kept by the thread between calls. Per call there are also
     * ({@value #REDUCTION_GROUPS} + 1 + threads)·E·N floats for the dA/dD partial sums, the
     * transposed A and the adjoint states (0.2 MB for E = 192, N = 16).
     */
    public static void backward(int seqs, int T, int E, int N, float[] x, float[] delta,
            float[] A, float[] B, float[] C, float[] D, float[] dy, float[] dx, float[] dDelta,
            float[] dA, float[] dB, float[] dC, float[] dD) {
        checkShapes(seqs, T, E, N, x, delta, A, B, C, D);
        long seqLen = (long) seqs * T * E;
        long seqLenN = (long) seqs * T * N;
        checkLength("dy", dy, seqLen);
        checkLength("dx", dx, seqLen);
        checkLength("dDelta", dDelta, seqLen);
        checkLength("dA", dA, (long) E * N);
        checkLength("dB", dB, seqLenN);
        checkLength("dC", dC, seqLenN);
        checkLength("dD", dD, E);
        int groups = Math.min(seqs, REDUCTION_GROUPS);
        if (groups == 0 || T == 0) {
            return;
        }
        float[] aT = transpose(A, E, N);
        boolean nonPositive = decaysNonPositive(A, E * N, delta, (int) seqLen);
        float[][] partialAT = new float[groups][N * E];
        float[][] partialD = new float[groups][E];
        Parallel.forRange(groups, 1, (gFrom, gTo) -> {
            int eVec = VectorSupport.ENABLED ? E / LANES * LANES : 0;
            float[] states = eVec == E ? null : scratch(STATES_SCRATCH, (2L * T + 1) * N * E);
            float[] carry = new float[N * E];
            float[] work = eVec > 0 ? scratch(BLOCK_SCRATCH, VectorSelectiveScan.workSize(T, N)) : null;
            for (int g = gFrom; g < gTo; g++) {
                int sFrom = (int) ((long) seqs * g / groups);
                int sTo = (int) ((long) seqs * (g + 1) / groups);
                for (int s = sFrom; s < sTo; s++) {
                    backwardSequence(s, T, E, N, x, delta, aT, B, C, D, dy, dx, dDelta, dB, dC,
                            partialAT[g], partialD[g], states, carry, work, nonPositive);
                }
            }
        });
        // Fixed-order reduction over groups, so dA and dD do not depend on the thread count.
        for (int g = 0; g < groups; g++) {
            float[] pa = partialAT[g];
            for (int e = 0; e < E; e++) {
                for (int n = 0; n < N; n++) dA[e * N + n] += pa[n * E + e];
            }
            float[] pd = partialD[g];
            for (int e = 0; e < E; e++) dD[e] += pd[e];
        }
    }

    /**
     * One streaming step for one sequence: {@code state} [E, N] is advanced in place from
     * s_{t−1} to s_t and y_t is written to {@code yT}. xT, deltaT, yT: [E]; bT, cT: [N].
     * Applying it T times from a zero state gives exactly (bit for bit) {@link #forward} for one
     * sequence, since both run the same kernel.
     */
    public static void step(int E, int N, float[] xT, float[] deltaT, float[] A, float[] bT,
            float[] cT, float[] D, float[] state, float[] yT) {
        checkLength("xT", xT, E);
        checkLength("deltaT", deltaT, E);
        checkLength("A", A, (long) E * N);
        checkLength("bT", bT, N);
        checkLength("cT", cT, N);
        checkLength("D", D, E);
        checkLength("state", state, (long) E * N);
        checkLength("yT", yT, E);
        // The kernel keeps the state as [N, E] (vectors run over channels); the public state
        // is [E, N], so it is transposed in and out around the step.
        float[] work = scratch(STEP_SCRATCH, 2L * E * N);
        int stateOff = E * N;
        transpose(A, E, N, work, 0);
        transpose(state, E, N, work, stateOff);
        stepKernel(E, N, xT, deltaT, 0, work, 0, bT, cT, 0, D, work, stateOff, yT,
                decaysNonPositive(A, E * N, deltaT, E));
        for (int n = 0; n < N; n++) {
            for (int e = 0; e < E; e++) state[e * N + n] = work[stateOff + n * E + e];
        }
    }

    /**
     * s ← exp(Δ·A)·s + Δ·x·B and y = s·C + D·x at offsets te (into x, Δ, y) and tn (B, C), with
     * the state and A transposed to [N, E] so that vectors run over channels and the sum over n
     * needs no horizontal reduction. Channels past the last full vector take the scalar twin
     * with the same operations.
     */
    private static void stepKernel(int E, int N, float[] x, float[] delta, int te, float[] aT,
            int aOff, float[] B, float[] C, int tn, float[] D, float[] state, int sOff,
            float[] y, boolean nonPositive) {
        int eVec = VectorSupport.ENABLED
                ? VectorSelectiveScan.stepKernel(E, N, x, delta, te, aT, aOff, B, C, tn, D, state, sOff, y, nonPositive)
                : 0;
        for (int e = eVec; e < E; e++) {
            float d = delta[te + e];
            float xe = x[te + e];
            float dxe = d * xe;
            float acc = 0f;
            for (int n = 0, ne = e; n < N; n++, ne += E) {
                float da = d * aT[aOff + ne];
                float a = nonPositive ? FastExp.expNonPositive(da) : FastExp.exp(da);
                float s = Math.fma(a, state[sOff + ne], dxe * B[tn + n]);
                state[sOff + ne] = s;
                acc = Math.fma(s, C[tn + n], acc);
            }
            y[te + e] = Math.fma(D[e], xe, acc);
        }
    }

    /**
     * Backward of one sequence. Re-runs the forward into {@code states} (s_t at (t+1)·N·E, layout
     * [N, E]; a_t, the factor of step t, at (T+1)·N·E + t·N·E), then walks t = T−1..0 with
     * {@code carry} = a_{t+1}·g_{t+1} (zero past the end):
     * <pre>
     *   g_t  = dy_t·C_t + carry                      (dL/ds_t)
     *   dx_t = D·dy_t + Δ_t·Σ_n g_t·B_t
     *   dΔ_t = Σ_n g_t·(A·a_t·s_{t−1}) + x_t·Σ_n g_t·B_t
     *   dA  += Δ_t·g_t·a_t·s_{t−1}
     *   dB_t = Σ_e g_t·Δ_t·x_t,   dC_t = Σ_e dy_t·s_t,   dD += dy_t·x_t
     *   carry = g_t·a_t
     * </pre>
     * Whole vectors of channels go to {@code VectorSelectiveScan.backwardBlocks}; the channels
     * left (all of them without the Vector API) run here, time-major over channels [eVec, E).
     */
    private static void backwardSequence(int s, int T, int E, int N, float[] x, float[] delta,
            float[] aT, float[] B, float[] C, float[] D, float[] dy, float[] dx, float[] dDelta,
            float[] dB, float[] dC, float[] dAT, float[] dD, float[] states, float[] carry,
            float[] work, boolean nonPositive) {
        int eVec = VectorSupport.ENABLED ? E / LANES * LANES : 0;
        if (eVec > 0) {
            VectorSelectiveScan.backwardBlocks(s, T, E, N, eVec, x, delta, aT, B, C, D, dy, dx, dDelta,
                    dB, dC, dAT, dD, work, nonPositive);
            if (eVec == E) return;
        }
        int nE = N * E;
        int decays = (T + 1) * nE;
        recomputeStates(s, T, E, N, eVec, x, delta, aT, B, states, decays, nonPositive);
        Arrays.fill(carry, 0f);
        for (int t = T - 1; t >= 0; t--) {
            int te = (s * T + t) * E;
            int tn = (s * T + t) * N;
            int prev = t * nE;
            int cur = prev + nE;
            if (eVec == 0) {
                // without vector blocks (which assign dB_t and dC_t) the sums start here at 0
                Arrays.fill(dB, tn, tn + N, 0f);
                Arrays.fill(dC, tn, tn + N, 0f);
            }
            for (int e = eVec; e < E; e++) {
                float d = delta[te + e];
                float xe = x[te + e];
                float dye = dy[te + e];
                float dxe = d * xe;
                float gB = 0f;
                float gD = 0f;
                for (int n = 0, ne = e; n < N; n++, ne += E) {
                    float an = aT[ne];
                    float a = states[decays + prev + ne];
                    float g = Math.fma(dye, C[tn + n], carry[ne]);
                    dC[tn + n] = Math.fma(dye, states[cur + ne], dC[tn + n]);
                    dB[tn + n] = Math.fma(g, dxe, dB[tn + n]);
                    gB = Math.fma(g, B[tn + n], gB);
                    float ga = g * a;
                    float gas = ga * states[prev + ne];
                    gD = Math.fma(gas, an, gD);
                    dAT[ne] = Math.fma(gas, d, dAT[ne]);
                    carry[ne] = ga;
                }
                dx[te + e] = Math.fma(D[e], dye, d * gB);
                dDelta[te + e] = Math.fma(xe, gB, gD);
                dD[e] = Math.fma(dye, xe, dD[e]);
            }
        }
    }

    /**
     * The forward recurrence of one sequence on channels [eFrom, E) without outputs, storing
     * s_t at (t+1)·N·E in [N, E] layout (slot 0 holds s_0 = 0 so that step 0 needs no special
     * case) and the factor exp(Δ_t·A) of step t at {@code decays} + t·N·E.
     */
    private static void recomputeStates(int s, int T, int E, int N, int eFrom, float[] x, float[] delta,
            float[] aT, float[] B, float[] states, int decays, boolean nonPositive) {
        int nE = N * E;
        Arrays.fill(states, 0, nE, 0f);
        for (int t = 0; t < T; t++) {
            int te = (s * T + t) * E;
            int tn = (s * T + t) * N;
            int prev = t * nE;
            int cur = prev + nE;
            for (int e = eFrom; e < E; e++) {
                float d = delta[te + e];
                float dxe = d * x[te + e];
                for (int n = 0, ne = e; n < N; n++, ne += E) {
                    float da = d * aT[ne];
                    float a = nonPositive ? FastExp.expNonPositive(da) : FastExp.exp(da);
                    states[decays + prev + ne] = a;
                    states[cur + ne] = Math.fma(a, states[prev + ne],
                            dxe * B[tn + n]);
                }
            }
        }
    }

    /**
     * Whether every product Δ·A is ≤ −0 or NaN from Δ, so the decays may take
     * {@link FastExp#expNonPositive}: A's sign bits set and not NaN (Mamba's A = −exp(A_log)),
     * Δ's sign bits clear (softplus outputs), a NaN Δ reaching y through Δ·x anyway. Otherwise
     * (only in direct uses of the kernel) the general exp runs. One pass over Δ, against N
     * exps per element in the scan.
     */
    static boolean decaysNonPositive(float[] A, int aLen, float[] delta, int deltaLen) {
        return allNegative(A, 0, aLen) && noneNegative(delta, 0, deltaLen);
    }

    /** Whether a[off, off+len) all have their sign bit set and none is NaN. */
    static boolean allNegative(float[] a, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (Float.floatToRawIntBits(a[i]) >= 0 || Float.isNaN(a[i])) return false;
        }
        return true;
    }

    /** Whether no element of d[off, off+len) has its sign bit set, NaNs apart. */
    static boolean noneNegative(float[] d, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (Float.floatToRawIntBits(d[i]) < 0 && !Float.isNaN(d[i])) return false;
        }
        return true;
    }

    /** [rows, cols] → [cols, rows]. */
    private static float[] transpose(float[] m, int rows, int cols) {
        float[] r = new float[rows * cols];
        transpose(m, rows, cols, r, 0);
        return r;
    }

    /** [rows, cols] → [cols, rows] written into {@code out} from {@code off}. */
    private static void transpose(float[] m, int rows, int cols, float[] out, int off) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) out[off + j * rows + i] = m[i * cols + j];
        }
    }

    /** Per-thread buffer for the recomputed states of {@link #backward}. */
    private static final ThreadLocal<float[]> STATES_SCRATCH =
            ThreadLocal.withInitial(() -> new float[0]);
    /** Per-thread work array of the vector blocks of {@link #backward}. */
    private static final ThreadLocal<float[]> BLOCK_SCRATCH =
            ThreadLocal.withInitial(() -> new float[0]);
    /** Per-thread buffer for the transposed A and state of {@link #step}. */
    private static final ThreadLocal<float[]> STEP_SCRATCH =
            ThreadLocal.withInitial(() -> new float[0]);

    /** Per-thread buffer of at least {@code size} floats, grown on demand and reused. */
    private static float[] scratch(ThreadLocal<float[]> holder, long size) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("selective scan: T·E·N = " + size
                    + " floats per sequence exceeds the largest Java array");
        }
        float[] buf = holder.get();
        if (buf.length < size) {
            buf = new float[(int) size];
            holder.set(buf);
        }
        return buf;
    }

    private static void checkShapes(int seqs, int T, int E, int N, float[] x, float[] delta,
            float[] A, float[] B, float[] C, float[] D) {
        if (seqs < 0 || T < 0 || E < 1 || N < 1) {
            throw new IllegalArgumentException("selective scan: bad sizes seqs=" + seqs + ", T="
                    + T + ", E=" + E + ", N=" + N + " (need seqs, T >= 0 and E, N >= 1)");
        }
        long seqLen = (long) seqs * T * E;
        long seqLenN = (long) seqs * T * N;
        checkLength("x", x, seqLen);
        checkLength("delta", delta, seqLen);
        checkLength("A", A, (long) E * N);
        checkLength("B", B, seqLenN);
        checkLength("C", C, seqLenN);
        checkLength("D", D, E);
    }

    private static void checkLength(String name, float[] array, long expected) {
        if (array == null) {
            throw new IllegalArgumentException("selective scan: argument " + name + " is null");
        }
        if (array.length < expected) {
            throw new IllegalArgumentException("selective scan: argument " + name + " has length "
                    + array.length + ", needs at least " + expected);
        }
    }
}
