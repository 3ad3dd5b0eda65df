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
            float[] y) {
        int eVec = SPECIES.loopBound(E);
        for (int e = 0; e < eVec; e += LANES) {
            FloatVector d = FloatVector.fromArray(SPECIES, delta, te + e);
            FloatVector xe = FloatVector.fromArray(SPECIES, x, te + e);
            FloatVector dxe = d.mul(xe);
            FloatVector acc = FloatVector.zero(SPECIES);
            for (int n = 0, ne = e; n < N; n++, ne += E) {
                FloatVector a = VectorExp.exp(d.mul(FloatVector.fromArray(SPECIES, aT, aOff + ne)));
                FloatVector s = a.fma(FloatVector.fromArray(SPECIES, state, sOff + ne),
                        dxe.mul(B[tn + n]));
                s.intoArray(state, sOff + ne);
                acc = s.fma(FloatVector.broadcast(SPECIES, C[tn + n]), acc);
            }
            FloatVector.fromArray(SPECIES, D, e).fma(xe, acc).intoArray(y, te + e);
        }
        return eVec;
    }

    /**
     * One backward time step on channels [0, eVec); assigns dB_t and dC_t (sums over those
     * channels, gathered per lane in {@code lanes} [2, N, LANES] and reduced once).
     */
    static void backwardStep(int eVec, int E, int N, float[] x, float[] delta, float[] aT, float[] B,
            float[] C, float[] D, float[] dy, float[] dx, float[] dDelta, float[] dB, float[] dC,
            float[] dAT, float[] dD, float[] states, int decays, float[] carry, float[] lanes, int te, int tn,
            int prev, int cur) {
        // the first vector of channels starts the lane sums from zero (no fill of the buffer);
        // two vectors of channels at a time share each lane sum's load and store, adding in
        // the same order (channel vector by channel vector) as one at a time
        if (eVec == 0) Arrays.fill(lanes, 0f);
        int e = 0;
        for (; e + 2 * LANES <= eVec; e += 2 * LANES) {
            backwardPair(e, E, N, x, delta, aT, B, C, D, dy, dx, dDelta, dAT, dD, states, decays, carry, lanes,
                    te, tn, prev, cur);
        }
        for (; e < eVec; e += LANES) {
            backwardOne(e, E, N, x, delta, aT, B, C, D, dy, dx, dDelta, dAT, dD, states, decays, carry, lanes,
                    te, tn, prev, cur);
        }
        int dcLanes = N * LANES;
        for (int n = 0; n < N; n++) {
            int ln = n * LANES;
            dB[tn + n] = FloatVector.fromArray(SPECIES, lanes, ln).reduceLanes(ADD);
            dC[tn + n] = FloatVector.fromArray(SPECIES, lanes, dcLanes + ln).reduceLanes(ADD);
        }
    }

    /** {@link #backwardStep} on the channel vector at e. */
    private static void backwardOne(int e, int E, int N, float[] x, float[] delta, float[] aT, float[] B,
            float[] C, float[] D, float[] dy, float[] dx, float[] dDelta, float[] dAT, float[] dD,
            float[] states, int decays, float[] carry, float[] lanes, int te, int tn, int prev, int cur) {
        int dcLanes = N * LANES;
        boolean first = e == 0;
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector d = FloatVector.fromArray(SPECIES, delta, te + e);
        FloatVector xe = FloatVector.fromArray(SPECIES, x, te + e);
        FloatVector dye = FloatVector.fromArray(SPECIES, dy, te + e);
        FloatVector dxe = d.mul(xe);
        FloatVector gB = FloatVector.zero(SPECIES);
        FloatVector gD = FloatVector.zero(SPECIES);
        for (int n = 0, ne = e; n < N; n++, ne += E) {
            FloatVector an = FloatVector.fromArray(SPECIES, aT, ne);
            FloatVector a = FloatVector.fromArray(SPECIES, states, decays + prev + ne);
            FloatVector g = dye.fma(FloatVector.broadcast(SPECIES, C[tn + n]),
                    FloatVector.fromArray(SPECIES, carry, ne));
            FloatVector sc = FloatVector.fromArray(SPECIES, states, cur + ne);
            int ln = n * LANES;
            dye.fma(sc, first ? zero : FloatVector.fromArray(SPECIES, lanes, dcLanes + ln))
                    .intoArray(lanes, dcLanes + ln);
            g.fma(dxe, first ? zero : FloatVector.fromArray(SPECIES, lanes, ln)).intoArray(lanes, ln);
            gB = g.fma(FloatVector.broadcast(SPECIES, B[tn + n]), gB);
            FloatVector ga = g.mul(a);
            FloatVector gas = ga.mul(FloatVector.fromArray(SPECIES, states, prev + ne));
            gD = gas.fma(an, gD);
            gas.fma(d, FloatVector.fromArray(SPECIES, dAT, ne)).intoArray(dAT, ne);
            ga.intoArray(carry, ne);
        }
        FloatVector.fromArray(SPECIES, D, e).fma(dye, d.mul(gB)).intoArray(dx, te + e);
        xe.fma(gB, gD).intoArray(dDelta, te + e);
        dye.fma(xe, FloatVector.fromArray(SPECIES, dD, e)).intoArray(dD, e);
    }

    /** {@link #backwardOne} on the channel vectors at e and e + LANES, sharing the lane sums. */
    private static void backwardPair(int e, int E, int N, float[] x, float[] delta, float[] aT, float[] B,
            float[] C, float[] D, float[] dy, float[] dx, float[] dDelta, float[] dAT, float[] dD,
            float[] states, int decays, float[] carry, float[] lanes, int te, int tn, int prev, int cur) {
        int dcLanes = N * LANES;
        int f = e + LANES;
        boolean first = e == 0;
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector d0 = FloatVector.fromArray(SPECIES, delta, te + e);
        FloatVector d1 = FloatVector.fromArray(SPECIES, delta, te + f);
        FloatVector x0 = FloatVector.fromArray(SPECIES, x, te + e);
        FloatVector x1 = FloatVector.fromArray(SPECIES, x, te + f);
        FloatVector dy0 = FloatVector.fromArray(SPECIES, dy, te + e);
        FloatVector dy1 = FloatVector.fromArray(SPECIES, dy, te + f);
        FloatVector dx0 = d0.mul(x0), dx1 = d1.mul(x1);
        FloatVector gB0 = zero, gB1 = zero, gD0 = zero, gD1 = zero;
        for (int n = 0, ne = e; n < N; n++, ne += E) {
            int nf = ne + LANES;
            FloatVector cn = FloatVector.broadcast(SPECIES, C[tn + n]);
            FloatVector bn = FloatVector.broadcast(SPECIES, B[tn + n]);
            FloatVector g0 = dy0.fma(cn, FloatVector.fromArray(SPECIES, carry, ne));
            FloatVector g1 = dy1.fma(cn, FloatVector.fromArray(SPECIES, carry, nf));
            int ln = n * LANES;
            FloatVector lc = first ? zero : FloatVector.fromArray(SPECIES, lanes, dcLanes + ln);
            lc = dy0.fma(FloatVector.fromArray(SPECIES, states, cur + ne), lc);
            dy1.fma(FloatVector.fromArray(SPECIES, states, cur + nf), lc).intoArray(lanes, dcLanes + ln);
            FloatVector lb = first ? zero : FloatVector.fromArray(SPECIES, lanes, ln);
            lb = g0.fma(dx0, lb);
            g1.fma(dx1, lb).intoArray(lanes, ln);
            gB0 = g0.fma(bn, gB0);
            gB1 = g1.fma(bn, gB1);
            FloatVector ga0 = g0.mul(FloatVector.fromArray(SPECIES, states, decays + prev + ne));
            FloatVector ga1 = g1.mul(FloatVector.fromArray(SPECIES, states, decays + prev + nf));
            FloatVector gas0 = ga0.mul(FloatVector.fromArray(SPECIES, states, prev + ne));
            FloatVector gas1 = ga1.mul(FloatVector.fromArray(SPECIES, states, prev + nf));
            gD0 = gas0.fma(FloatVector.fromArray(SPECIES, aT, ne), gD0);
            gD1 = gas1.fma(FloatVector.fromArray(SPECIES, aT, nf), gD1);
            gas0.fma(d0, FloatVector.fromArray(SPECIES, dAT, ne)).intoArray(dAT, ne);
            gas1.fma(d1, FloatVector.fromArray(SPECIES, dAT, nf)).intoArray(dAT, nf);
            ga0.intoArray(carry, ne);
            ga1.intoArray(carry, nf);
        }
        FloatVector.fromArray(SPECIES, D, e).fma(dy0, d0.mul(gB0)).intoArray(dx, te + e);
        FloatVector.fromArray(SPECIES, D, f).fma(dy1, d1.mul(gB1)).intoArray(dx, te + f);
        x0.fma(gB0, gD0).intoArray(dDelta, te + e);
        x1.fma(gB1, gD1).intoArray(dDelta, te + f);
        dy0.fma(x0, FloatVector.fromArray(SPECIES, dD, e)).intoArray(dD, e);
        dy1.fma(x1, FloatVector.fromArray(SPECIES, dD, f)).intoArray(dD, f);
    }

    /** One recomputed forward step of the states on channels [0, eVec). */
    static void recomputeStep(int eVec, int E, int N, float[] x, float[] delta, float[] aT, float[] B,
            float[] states, int decays, int te, int tn, int prev, int cur) {
        for (int e = 0; e < eVec; e += LANES) {
            FloatVector d = FloatVector.fromArray(SPECIES, delta, te + e);
            FloatVector dxe = d.mul(FloatVector.fromArray(SPECIES, x, te + e));
            for (int n = 0, ne = e; n < N; n++, ne += E) {
                FloatVector a = VectorExp.exp(d.mul(FloatVector.fromArray(SPECIES, aT, ne)));
                a.intoArray(states, decays + prev + ne);
                a.fma(FloatVector.fromArray(SPECIES, states, prev + ne), dxe.mul(B[tn + n]))
                        .intoArray(states, cur + ne);
            }
        }
    }
}
