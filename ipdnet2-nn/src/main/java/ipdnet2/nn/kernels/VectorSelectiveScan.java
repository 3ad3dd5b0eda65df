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
            float[] dAT, float[] dD, float[] states, float[] carry, float[] lanes, int te, int tn,
            int prev, int cur) {
        int dcLanes = N * LANES;
        Arrays.fill(lanes, 0f);
        for (int e = 0; e < eVec; e += LANES) {
            FloatVector d = FloatVector.fromArray(SPECIES, delta, te + e);
            FloatVector xe = FloatVector.fromArray(SPECIES, x, te + e);
            FloatVector dye = FloatVector.fromArray(SPECIES, dy, te + e);
            FloatVector dxe = d.mul(xe);
            FloatVector gB = FloatVector.zero(SPECIES);
            FloatVector gD = FloatVector.zero(SPECIES);
            for (int n = 0, ne = e; n < N; n++, ne += E) {
                FloatVector an = FloatVector.fromArray(SPECIES, aT, ne);
                FloatVector a = VectorExp.exp(d.mul(an));
                FloatVector g = dye.fma(FloatVector.broadcast(SPECIES, C[tn + n]),
                        FloatVector.fromArray(SPECIES, carry, ne));
                FloatVector sc = FloatVector.fromArray(SPECIES, states, cur + ne);
                int ln = n * LANES;
                dye.fma(sc, FloatVector.fromArray(SPECIES, lanes, dcLanes + ln))
                        .intoArray(lanes, dcLanes + ln);
                g.fma(dxe, FloatVector.fromArray(SPECIES, lanes, ln)).intoArray(lanes, ln);
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
        for (int n = 0; n < N; n++) {
            int ln = n * LANES;
            dB[tn + n] = FloatVector.fromArray(SPECIES, lanes, ln).reduceLanes(ADD);
            dC[tn + n] = FloatVector.fromArray(SPECIES, lanes, dcLanes + ln).reduceLanes(ADD);
        }
    }

    /** One recomputed forward step of the states on channels [0, eVec). */
    static void recomputeStep(int eVec, int E, int N, float[] x, float[] delta, float[] aT, float[] B,
            float[] states, int te, int tn, int prev, int cur) {
        for (int e = 0; e < eVec; e += LANES) {
            FloatVector d = FloatVector.fromArray(SPECIES, delta, te + e);
            FloatVector dxe = d.mul(FloatVector.fromArray(SPECIES, x, te + e));
            for (int n = 0, ne = e; n < N; n++, ne += E) {
                FloatVector a = VectorExp.exp(d.mul(FloatVector.fromArray(SPECIES, aT, ne)));
                a.fma(FloatVector.fromArray(SPECIES, states, prev + ne), dxe.mul(B[tn + n]))
                        .intoArray(states, cur + ne);
            }
        }
    }
}
