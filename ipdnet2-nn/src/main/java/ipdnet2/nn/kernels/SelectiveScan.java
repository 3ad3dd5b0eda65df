package ipdnet2.nn.kernels;

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
 * the state is [E, N], so every inner loop runs over n on contiguous memory.
 *
 * <p>Sequences are independent and are spread over {@link Parallel}; every sequence is computed
 * by one thread in a fixed order, and the cross-sequence sums of dA and dD are formed in fixed
 * groups of sequences reduced in a fixed order, so results do not depend on the thread count.
 */
public final class SelectiveScan {
    /**
     * Number of fixed groups of sequences whose dA/dD partial sums are reduced in order; a
     * constant (not the thread count) so the summation order, hence the result, never changes.
     */
    static final int REDUCTION_GROUPS = 16;

    private SelectiveScan() {}

    /**
     * Forward scan. {@code seqs} independent sequences of length {@code T}, {@code E} channels,
     * state size {@code N}. x, delta, y: [seqs, T, E]; B, C: [seqs, T, N]; A: [E, N]; D: [E].
     * {@code y} is overwritten. Memory: one [E, N] state per worker thread.
     */
    public static void forward(int seqs, int T, int E, int N, float[] x, float[] delta, float[] A,
            float[] B, float[] C, float[] D, float[] y) {
        checkShapes(seqs, T, E, N, x, delta, A, B, C, D);
        checkLength("y", y, (long) seqs * T * E);
        Parallel.forRange(seqs, 1, (from, to) -> {
            float[] state = new float[E * N];
            for (int s = from; s < to; s++) {
                java.util.Arrays.fill(state, 0f);
                for (int t = 0; t < T; t++) {
                    int te = (s * T + t) * E;
                    int tn = (s * T + t) * N;
                    stepAt(E, N, x, delta, te, A, B, C, tn, D, state, y);
                }
            }
        });
    }

    /**
     * Gradient of the scan. dy: [seqs, T, E]. {@code dx}, {@code dDelta} ([seqs, T, E]) and
     * {@code dB}, {@code dC} ([seqs, T, N]) are overwritten; {@code dA} ([E, N]) and {@code dD}
     * ([E]) are accumulated into (+=).
     *
     * <p>The states are not taken from the caller: for each sequence the forward recurrence is
     * re-run into a per-thread scratch buffer of T·E·N floats (the states s_1..s_T), then the
     * adjoint g_t = dy_t[e]·C_t[n] + a_{t+1}·g_{t+1} runs backwards in time. Extra memory is
     * therefore T·E·N·4 bytes per worker thread (about 2.5 MB for T = 201, E = 192, N = 16), kept
     * between calls, plus {@value #REDUCTION_GROUPS}·(E·N + E) floats for the dA/dD partial sums.
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
        if (groups == 0) return;
        float[][] partialA = new float[groups][E * N];
        float[][] partialD = new float[groups][E];
        Parallel.forRange(groups, 1, (gFrom, gTo) -> {
            float[] states = scratch((long) T * E * N);
            float[] carry = new float[E * N];
            for (int g = gFrom; g < gTo; g++) {
                int sFrom = (int) ((long) seqs * g / groups);
                int sTo = (int) ((long) seqs * (g + 1) / groups);
                for (int s = sFrom; s < sTo; s++) {
                    backwardSequence(s, T, E, N, x, delta, A, B, C, D, dy, dx, dDelta, dB, dC,
                            partialA[g], partialD[g], states, carry);
                }
            }
        });
        for (int g = 0; g < groups; g++) {
            float[] pa = partialA[g];
            for (int i = 0; i < E * N; i++) dA[i] += pa[i];
            float[] pd = partialD[g];
            for (int e = 0; e < E; e++) dD[e] += pd[e];
        }
    }

    /**
     * One streaming step for one sequence: {@code state} [E, N] is advanced in place from
     * s_{t−1} to s_t and y_t is written to {@code yT}. xT, deltaT, yT: [E]; bT, cT: [N].
     * Applying it T times from a zero state gives exactly {@link #forward} for one sequence.
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
        stepAt(E, N, xT, deltaT, 0, A, bT, cT, 0, D, state, yT);
    }

    /** s ← exp(Δ·A)·s + Δ·x·B and y = s·C + D·x at offsets te (into x, Δ, y) and tn (B, C). */
    private static void stepAt(int E, int N, float[] x, float[] delta, int te, float[] A,
            float[] B, float[] C, int tn, float[] D, float[] state, float[] y) {
        for (int e = 0; e < E; e++) {
            float d = delta[te + e];
            float xe = x[te + e];
            float dx = d * xe;
            int en = e * N;
            float acc = 0f;
            for (int n = 0; n < N; n++) {
                float s = (float) Math.exp(d * A[en + n]) * state[en + n] + dx * B[tn + n];
                state[en + n] = s;
                acc += s * C[tn + n];
            }
            y[te + e] = acc + D[e] * xe;
        }
    }

    /**
     * Backward of one sequence. Re-runs the forward into {@code states} (s_t at t·E·N), then
     * walks t = T−1..0 with {@code carry} = a_{t+1}·g_{t+1} (zero past the end):
     * g_t = dy_t·C_t + carry; dx_t = D·dy_t + Δ_t·Σ_n g_t·B_t; dB_t = Σ_e g_t·Δ_t·x_t;
     * dC_t = Σ_e dy_t·s_t; dΔ_t = Σ_n g_t·(A·a_t·s_{t−1} + x_t·B_t); dA += g_t·Δ_t·a_t·s_{t−1};
     * dD += dy_t·x_t.
     */
    private static void backwardSequence(int s, int T, int E, int N, float[] x, float[] delta,
            float[] A, float[] B, float[] C, float[] D, float[] dy, float[] dx, float[] dDelta,
            float[] dB, float[] dC, float[] dA, float[] dD, float[] states, float[] carry) {
        int EN = E * N;
        for (int t = 0; t < T; t++) {
            int te = (s * T + t) * E;
            int tn = (s * T + t) * N;
            int cur = t * EN;
            int prev = cur - EN;
            for (int e = 0; e < E; e++) {
                float d = delta[te + e];
                float dxe = d * x[te + e];
                int en = e * N;
                for (int n = 0; n < N; n++) {
                    float sp = t == 0 ? 0f : states[prev + en + n];
                    states[cur + en + n] = (float) Math.exp(d * A[en + n]) * sp + dxe * B[tn + n];
                }
            }
        }
        java.util.Arrays.fill(carry, 0f);
        for (int t = T - 1; t >= 0; t--) {
            int te = (s * T + t) * E;
            int tn = (s * T + t) * N;
            int cur = t * EN;
            int prev = cur - EN;
            for (int n = 0; n < N; n++) {
                dB[tn + n] = 0f;
                dC[tn + n] = 0f;
            }
            for (int e = 0; e < E; e++) {
                float d = delta[te + e];
                float xe = x[te + e];
                float dye = dy[te + e];
                float dxe = d * xe;
                int en = e * N;
                float gB = 0f;
                float gD = 0f;
                for (int n = 0; n < N; n++) {
                    float a = (float) Math.exp(d * A[en + n]);
                    float sp = t == 0 ? 0f : states[prev + en + n];
                    float g = dye * C[tn + n] + carry[en + n];
                    float gas = g * a * sp;
                    gB += g * B[tn + n];
                    gD += gas * A[en + n];
                    dA[en + n] += gas * d;
                    dB[tn + n] += g * dxe;
                    dC[tn + n] += dye * states[cur + en + n];
                    carry[en + n] = g * a;
                }
                dx[te + e] = D[e] * dye + d * gB;
                dDelta[te + e] = gD + xe * gB;
                dD[e] += dye * xe;
            }
        }
    }

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    /** Per-thread buffer of at least {@code size} floats, grown on demand and reused. */
    private static float[] scratch(long size) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("selective scan: T·E·N = " + size
                    + " floats per sequence exceeds the largest Java array");
        }
        float[] buf = SCRATCH.get();
        if (buf.length < size) {
            buf = new float[(int) size];
            SCRATCH.set(buf);
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
