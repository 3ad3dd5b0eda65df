package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MicroKernel} on the incubating Vector API: 6 rows × 2 vectors of accumulators held in
 * registers (12 of the 16–32 vector registers), one broadcast of A and two loads of B per step.
 *
 * <p>Only loaded (reflectively, from {@link Gemm}) when the {@code jdk.incubator.vector} module is
 * in the boot layer. {@link FloatVector#fma} is the lane-wise {@link Math#fma}, so each lane is the
 * same chain of fused multiply-adds the plain kernel computes.
 *
 * <p>Measured on the model's shapes with 512-bit vectors: 8, 10 or 12 rows were no faster than 6,
 * and 6 still fits machines with 16 vector registers. Only the preferred vector shape is used:
 * a trial half-width kernel for the last columns, in this class, left the compiled kernels of
 * JDK 17 orders of magnitude slower for every shape (observed; the cause was not pinned down).
 */
final class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 6;

    @Override
    public int rows() {
        return MR;
    }

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public void tile(int kc, float[] ap, int apOff, int rs, int ps, float[] bp, int bpOff, int width, int cols,
                     float[] t, int tOff, int ldt, boolean load) {
        if (width == 2 * L) {
            wide(kc, ap, apOff, rs, ps, bp, bpOff, t, tOff, ldt, load);
        } else {
            narrow(kc, ap, apOff, rs, ps, bp, bpOff, t, tOff, ldt, load);
        }
    }

    private static void wide(int kc, float[] ap, int ao, int rs, int ps, float[] bp, int bo,
                             float[] t, int to, int ldt, boolean load) {
        int r2 = 2 * rs, r3 = 3 * rs, r4 = 4 * rs, r5 = 5 * rs;
        int t0 = to, t1 = t0 + ldt, t2 = t1 + ldt, t3 = t2 + ldt, t4 = t3 + ldt, t5 = t4 + ldt;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (load) {
            c00 = FloatVector.fromArray(S, t, t0); c01 = FloatVector.fromArray(S, t, t0 + L);
            c10 = FloatVector.fromArray(S, t, t1); c11 = FloatVector.fromArray(S, t, t1 + L);
            c20 = FloatVector.fromArray(S, t, t2); c21 = FloatVector.fromArray(S, t, t2 + L);
            c30 = FloatVector.fromArray(S, t, t3); c31 = FloatVector.fromArray(S, t, t3 + L);
            c40 = FloatVector.fromArray(S, t, t4); c41 = FloatVector.fromArray(S, t, t4 + L);
            c50 = FloatVector.fromArray(S, t, t5); c51 = FloatVector.fromArray(S, t, t5 + L);
        } else {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z;
            c30 = z; c31 = z; c40 = z; c41 = z; c50 = z; c51 = z;
        }
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            bo += 2 * L;
            FloatVector a = FloatVector.broadcast(S, ap[ao]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ao + rs]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ao + r2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ao + r3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ao + r4]);
            c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ao + r5]);
            c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
            ao += ps;
        }
        c00.intoArray(t, t0); c01.intoArray(t, t0 + L);
        c10.intoArray(t, t1); c11.intoArray(t, t1 + L);
        c20.intoArray(t, t2); c21.intoArray(t, t2 + L);
        c30.intoArray(t, t3); c31.intoArray(t, t3 + L);
        c40.intoArray(t, t4); c41.intoArray(t, t4 + L);
        c50.intoArray(t, t5); c51.intoArray(t, t5 + L);
    }

    private static void narrow(int kc, float[] ap, int ao, int rs, int ps, float[] bp, int bo,
                               float[] t, int to, int ldt, boolean load) {
        int r2 = 2 * rs, r3 = 3 * rs, r4 = 4 * rs, r5 = 5 * rs;
        int t0 = to, t1 = t0 + ldt, t2 = t1 + ldt, t3 = t2 + ldt, t4 = t3 + ldt, t5 = t4 + ldt;
        FloatVector c0, c1, c2, c3, c4, c5;
        if (load) {
            c0 = FloatVector.fromArray(S, t, t0); c1 = FloatVector.fromArray(S, t, t1);
            c2 = FloatVector.fromArray(S, t, t2); c3 = FloatVector.fromArray(S, t, t3);
            c4 = FloatVector.fromArray(S, t, t4); c5 = FloatVector.fromArray(S, t, t5);
        } else {
            FloatVector z = FloatVector.zero(S);
            c0 = z; c1 = z; c2 = z; c3 = z; c4 = z; c5 = z;
        }
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            bo += L;
            c0 = FloatVector.broadcast(S, ap[ao]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, ap[ao + rs]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, ap[ao + r2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, ap[ao + r3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, ap[ao + r4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, ap[ao + r5]).fma(b0, c5);
            ao += ps;
        }
        c0.intoArray(t, t0); c1.intoArray(t, t1); c2.intoArray(t, t2);
        c3.intoArray(t, t3); c4.intoArray(t, t4); c5.intoArray(t, t5);
    }
}
