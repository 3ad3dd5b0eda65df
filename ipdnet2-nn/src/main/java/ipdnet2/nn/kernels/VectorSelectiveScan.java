package ipdnet2.nn.kernels;

import static jdk.incubator.vector.VectorOperators.ADD;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link SelectiveScan} over the leading whole vectors of channels; the
 * caller finishes the remaining channels with the plain loops, which perform the same operations
 * in the same order. Loaded only when {@link VectorSupport#ENABLED}.
 */
final class VectorSelectiveScan {
    private static final VectorSpecies<Float> SPECIES = VectorExp.SPECIES;
    private static final int LANES = SPECIES.length();

    private VectorSelectiveScan() {}

    /** The forward step on channels [0, return value): see {@code SelectiveScan.stepKernel}. */
    static int stepKernel(int E, int N, float[] x, float[] delta, int te, float[] aT,
            int aOff, float[] B, float[] C, int tn, float[] D, float[] state, int sOff,
            float[] y, boolean nonPositive) {
        int eVec = SPECIES.loopBound(E);
        for (int e = 0; e < eVec; e += LANES) {
            FloatVector d = FloatVector.fromArray(SPECIES, delta, te + e);
            FloatVector xe = FloatVector.fromArray(SPECIES, x, te + e);
            FloatVector dxe = d.mul(xe);
            FloatVector acc = FloatVector.zero(SPECIES);
            for (int n = 0, ne = e; n < N; n++, ne += E) {
                FloatVector da = d.mul(FloatVector.fromArray(SPECIES, aT, aOff + ne));
                FloatVector a = nonPositive ? VectorExp.expNonPositive(da) : VectorExp.exp(da);
                FloatVector s = a.fma(FloatVector.fromArray(SPECIES, state, sOff + ne),
                        dxe.mul(B[tn + n]));
                s.intoArray(state, sOff + ne);
                acc = s.fma(FloatVector.broadcast(SPECIES, C[tn + n]), acc);
            }
            FloatVector.fromArray(SPECIES, D, e).fma(xe, acc).intoArray(y, te + e);
        }
        return eVec;
    }

    /** Offsets in the backward's per-thread work array (see {@link #workSize}). */
    private static final int A_BLOCK = 0;

    /**
     * Floats of the work array of {@link #backwardBlocks} for T steps and state size N: the
     * block's A, dA partial and adjoint carry ([N, LANES] each), its states s_0..s_T and
     * factors a_1..a_T ([t, N, LANES]), and the per-lane dB/dC sums ([T, 2, N, LANES]).
     */
    static long workSize(int T, int N) {
        return (3L + (T + 1) + T + 2L * T) * N * LANES;
    }

    /**
     * The backward of one sequence on channels [0, eVec), one vector of channels (a block) at a
     * time: the block's states and decay factors for all T steps are recomputed, then walked
     * back in time. A block's states ((2T+1)·N·LANES floats, 0.4 MB for T = 201) fit the core's
     * second-level cache, where all channels at once (2.5 MB for E = 96) did not, and everything
     * the inner loops touch lives in one work array indexed with constant strides, so the
     * compiler drops their bounds checks. Together with the in-order pass over the rows below,
     * the backward went from 116–120 to 101 ms ({@code ScanBenchmark 5 1 96}); the block layout
     * alone, without that pass, measured about the same as the time-major walk.
     *
     * <p>dB_t and dC_t (sums over channels) are gathered per lane ([T, 2, N, LANES], the first
     * block assigning, the next ones adding in channel order) and reduced once per (t, n) at the
     * end, which assigns them. Every sum is formed in the same order as the time-major walk of
     * the plain loops (channel vectors in increasing order per step, steps in decreasing order
     * per channel), and dA is accumulated onto the caller's partial in place of a direct add,
     * so the results are those of that walk.
     */
    static void backwardBlocks(int s, int T, int E, int N, int eVec, float[] x, float[] delta, float[] aT,
            float[] B, float[] C, float[] D, float[] dy, float[] dx, float[] dDelta, float[] dB, float[] dC,
            float[] dAT, float[] dD, float[] work, boolean nonPositive) {
        int step = N * LANES;
        int dA = A_BLOCK + step, carry = dA + step, states = carry + step;
        int decays = states + (T + 1) * step;
        int lanes = decays + T * step;
        // The blocks read dy, x, Δ and write dx, dΔ one cache line per step, a pattern the
        // hardware prefetcher does not follow: walking the sequence's rows once in order first
        // (here forming dD, in the walk's order: t decreasing per channel) and touching dx and dΔ
        // (overwritten below) brings those lines into the cache (measured: backward 11 % faster).
        int base = s * T * E;
        Arrays.fill(dx, base, base + T * E, 0f);
        Arrays.fill(dDelta, base, base + T * E, 0f);
        for (int t = T - 1; t >= 0; t--) {
            int te = base + t * E;
            for (int e = 0; e < eVec; e += LANES) {
                FloatVector.fromArray(SPECIES, dy, te + e).fma(FloatVector.fromArray(SPECIES, x, te + e),
                        FloatVector.fromArray(SPECIES, dD, e)).intoArray(dD, e);
            }
        }
        for (int e = 0; e < eVec; e += LANES) {
            for (int n = 0; n < N; n++) {
                System.arraycopy(aT, n * E + e, work, A_BLOCK + n * LANES, LANES);
                System.arraycopy(dAT, n * E + e, work, dA + n * LANES, LANES);
            }
            recomputeBlock(s, T, E, N, e, x, delta, B, work, states, decays, nonPositive);
            Arrays.fill(work, carry, carry + step, 0f);
            walkBlock(s, T, E, N, e, x, delta, B, C, D, dy, dx, dDelta, work, states, decays, lanes);
            for (int n = 0; n < N; n++) System.arraycopy(work, dA + n * LANES, dAT, n * E + e, LANES);
        }
        for (int t = 0; t < T; t++) {
            int tn = (s * T + t) * N;
            int lt = lanes + 2 * t * step;
            for (int n = 0; n < N; n++) {
                dB[tn + n] = FloatVector.fromArray(SPECIES, work, lt + n * LANES).reduceLanes(ADD);
                dC[tn + n] = FloatVector.fromArray(SPECIES, work, lt + step + n * LANES).reduceLanes(ADD);
            }
        }
    }

    /**
     * The forward recurrence of the channel vector at e without outputs: s_t at
     * {@code states} + t·N·LANES (s_0 = 0) and the factor exp(Δ_t·A) of step t at
     * {@code decays} + t·N·LANES, with the block's A at the start of the work array.
     */
    private static void recomputeBlock(int s, int T, int E, int N, int e, float[] x, float[] delta,
            float[] B, float[] work, int states, int decays, boolean nonPositive) {
        int step = N * LANES;
        Arrays.fill(work, states, states + step, 0f);
        for (int t = 0; t < T; t++) {
            int te = (s * T + t) * E + e;
            int tn = (s * T + t) * N;
            int prev = states + t * step, cur = prev + step, dec = decays + t * step;
            FloatVector d = FloatVector.fromArray(SPECIES, delta, te);
            FloatVector dxe = d.mul(FloatVector.fromArray(SPECIES, x, te));
            for (int n = 0; n < N; n++) {
                int nl = n * LANES;
                FloatVector da = d.mul(FloatVector.fromArray(SPECIES, work, A_BLOCK + nl));
                FloatVector a = nonPositive ? VectorExp.expNonPositive(da) : VectorExp.exp(da);
                a.intoArray(work, dec + nl);
                a.fma(FloatVector.fromArray(SPECIES, work, prev + nl), dxe.mul(B[tn + n]))
                        .intoArray(work, cur + nl);
            }
        }
    }

    /**
     * The backward walk t = T−1 … 0 of the channel vector at e (see
     * {@code SelectiveScan.backwardSequence} for the equations) over the block's recomputed
     * states (s_t at {@code states} + t·N·LANES, a_t at {@code decays} + t·N·LANES), writing dx
     * and dΔ and gathering the lane sums of dB and dC from {@code lanes} + 2t·N·LANES.
     */
    private static void walkBlock(int s, int T, int E, int N, int e, float[] x, float[] delta, float[] B,
            float[] C, float[] D, float[] dy, float[] dx, float[] dDelta, float[] work, int states, int decays,
            int lanes) {
        int step = N * LANES;
        int dA = A_BLOCK + step, carry = dA + step;
        boolean first = e == 0;
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector dv = FloatVector.fromArray(SPECIES, D, e);
        for (int t = T - 1; t >= 0; t--) {
            int te = (s * T + t) * E + e, tn = (s * T + t) * N;
            int prev = states + t * step, cur = prev + step, dec = decays + t * step, lt = lanes + 2 * t * step;
            FloatVector d = FloatVector.fromArray(SPECIES, delta, te);
            FloatVector xe = FloatVector.fromArray(SPECIES, x, te);
            FloatVector dye = FloatVector.fromArray(SPECIES, dy, te);
            FloatVector dxe = d.mul(xe);
            FloatVector gB = zero;
            FloatVector gD = zero;
            for (int n = 0; n < N; n++) {
                int nl = n * LANES;
                FloatVector g = dye.fma(FloatVector.broadcast(SPECIES, C[tn + n]),
                        FloatVector.fromArray(SPECIES, work, carry + nl));
                int lb = lt + nl, lc = lb + step;
                dye.fma(FloatVector.fromArray(SPECIES, work, cur + nl),
                        first ? zero : FloatVector.fromArray(SPECIES, work, lc)).intoArray(work, lc);
                g.fma(dxe, first ? zero : FloatVector.fromArray(SPECIES, work, lb)).intoArray(work, lb);
                gB = g.fma(FloatVector.broadcast(SPECIES, B[tn + n]), gB);
                FloatVector ga = g.mul(FloatVector.fromArray(SPECIES, work, dec + nl));
                FloatVector gas = ga.mul(FloatVector.fromArray(SPECIES, work, prev + nl));
                gD = gas.fma(FloatVector.fromArray(SPECIES, work, A_BLOCK + nl), gD);
                gas.fma(d, FloatVector.fromArray(SPECIES, work, dA + nl)).intoArray(work, dA + nl);
                ga.intoArray(work, carry + nl);
            }
            dv.fma(dye, d.mul(gB)).intoArray(dx, te);
            xe.fma(gB, gD).intoArray(dDelta, te);
        }
    }
}
