package ipdnet2.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector forms of {@link GroupedConv}'s register blocks: every lane is one fused
 * multiply-add chain in the order of the plain loops there. Loaded only when
 * {@link ipdnet2.nn.kernels.VectorSupport#ENABLED}.
 */
final class VectorGroupedConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorGroupedConv() {}

    /** Four rows of one tap and output block: out[r, :L] += Σ_c src[r, c]·w[c, :L]. */
    static void tapRows4(float[] src, int x0, int srcCh, float[] w, int w0, int span,
                                 float[] out, int c0, int outCh) {
        int x1 = x0 + srcCh, x2 = x1 + srcCh, x3 = x2 + srcCh;
        int c1 = c0 + outCh, c2 = c1 + outCh, c3 = c2 + outCh;
        FloatVector a0 = FloatVector.fromArray(S, out, c0);
        FloatVector a1 = FloatVector.fromArray(S, out, c1);
        FloatVector a2 = FloatVector.fromArray(S, out, c2);
        FloatVector a3 = FloatVector.fromArray(S, out, c3);
        for (int c = 0; c < span; c++) {
            FloatVector wc = FloatVector.fromArray(S, w, w0 + c * L);
            a0 = wc.fma(FloatVector.broadcast(S, src[x0 + c]), a0);
            a1 = wc.fma(FloatVector.broadcast(S, src[x1 + c]), a1);
            a2 = wc.fma(FloatVector.broadcast(S, src[x2 + c]), a2);
            a3 = wc.fma(FloatVector.broadcast(S, src[x3 + c]), a3);
        }
        a0.intoArray(out, c0);
        a1.intoArray(out, c1);
        a2.intoArray(out, c2);
        a3.intoArray(out, c3);
    }

    /** Four rows of one tap and two output blocks with the same inputs (filters at w0 and w1). */
    static void tapRows4x2(float[] src, int x0, int srcCh, float[] w, int w0, int w1, int span,
                                   float[] out, int c0, int outCh) {
        int x1 = x0 + srcCh, x2 = x1 + srcCh, x3 = x2 + srcCh;
        int c1 = c0 + outCh, c2 = c1 + outCh, c3 = c2 + outCh;
        FloatVector a0 = FloatVector.fromArray(S, out, c0), b0 = FloatVector.fromArray(S, out, c0 + L);
        FloatVector a1 = FloatVector.fromArray(S, out, c1), b1 = FloatVector.fromArray(S, out, c1 + L);
        FloatVector a2 = FloatVector.fromArray(S, out, c2), b2 = FloatVector.fromArray(S, out, c2 + L);
        FloatVector a3 = FloatVector.fromArray(S, out, c3), b3 = FloatVector.fromArray(S, out, c3 + L);
        for (int c = 0; c < span; c++) {
            FloatVector wa = FloatVector.fromArray(S, w, w0 + c * L);
            FloatVector wb = FloatVector.fromArray(S, w, w1 + c * L);
            FloatVector s0 = FloatVector.broadcast(S, src[x0 + c]);
            a0 = wa.fma(s0, a0);
            b0 = wb.fma(s0, b0);
            FloatVector s1 = FloatVector.broadcast(S, src[x1 + c]);
            a1 = wa.fma(s1, a1);
            b1 = wb.fma(s1, b1);
            FloatVector s2 = FloatVector.broadcast(S, src[x2 + c]);
            a2 = wa.fma(s2, a2);
            b2 = wb.fma(s2, b2);
            FloatVector s3 = FloatVector.broadcast(S, src[x3 + c]);
            a3 = wa.fma(s3, a3);
            b3 = wb.fma(s3, b3);
        }
        a0.intoArray(out, c0);
        b0.intoArray(out, c0 + L);
        a1.intoArray(out, c1);
        b1.intoArray(out, c1 + L);
        a2.intoArray(out, c2);
        b2.intoArray(out, c2 + L);
        a3.intoArray(out, c3);
        b3.intoArray(out, c3 + L);
    }

    /** One row of one tap and output block. */
    static void tapRow(float[] src, int x0, float[] w, int w0, int span, float[] out, int c0) {
        FloatVector a0 = FloatVector.fromArray(S, out, c0);
        for (int c = 0; c < span; c++) {
            a0 = FloatVector.fromArray(S, w, w0 + c * L).fma(FloatVector.broadcast(S, src[x0 + c]), a0);
        }
        a0.intoArray(out, c0);
    }

    static void addBlock(float[] scratch, int src0, float[] out, int dst0, boolean accumulate) {
        FloatVector r = FloatVector.fromArray(S, scratch, src0);
        if (accumulate) r = r.add(FloatVector.fromArray(S, out, dst0));
        r.intoArray(out, dst0);
    }

    /** Four input channels: acc[c, :L] += Σ_i x[i, c]·dy[i, :L], four accumulators across the rows. */
    static void weight4(float[] x, int xo, int cin, float[] dy, int dyo, int cout, int inner,
                                float[] acc, int a) {
        FloatVector g0 = FloatVector.zero(S), g1 = g0, g2 = g0, g3 = g0;
        for (int i = 0; i < inner; i++) {
            FloatVector d = FloatVector.fromArray(S, dy, dyo + i * cout);
            int xi = xo + i * cin;
            g0 = d.fma(FloatVector.broadcast(S, x[xi]), g0);
            g1 = d.fma(FloatVector.broadcast(S, x[xi + 1]), g1);
            g2 = d.fma(FloatVector.broadcast(S, x[xi + 2]), g2);
            g3 = d.fma(FloatVector.broadcast(S, x[xi + 3]), g3);
        }
        g0.add(FloatVector.fromArray(S, acc, a)).intoArray(acc, a);
        g1.add(FloatVector.fromArray(S, acc, a + L)).intoArray(acc, a + L);
        g2.add(FloatVector.fromArray(S, acc, a + 2 * L)).intoArray(acc, a + 2 * L);
        g3.add(FloatVector.fromArray(S, acc, a + 3 * L)).intoArray(acc, a + 3 * L);
    }

    /** Three output blocks of {@link #weight4}: twelve chains sharing seven loads per row. */
    static void weight4x3(float[] x, int xo, int cin, float[] dy, int dyo, int cout, int inner,
                          float[] acc, int a, int stride) {
        FloatVector g00 = FloatVector.zero(S), g01 = g00, g02 = g00, g03 = g00;
        FloatVector g10 = g00, g11 = g00, g12 = g00, g13 = g00;
        FloatVector g20 = g00, g21 = g00, g22 = g00, g23 = g00;
        for (int i = 0; i < inner; i++) {
            int di = dyo + i * cout, xi = xo + i * cin;
            FloatVector d0 = FloatVector.fromArray(S, dy, di);
            FloatVector d1 = FloatVector.fromArray(S, dy, di + L);
            FloatVector d2 = FloatVector.fromArray(S, dy, di + 2 * L);
            FloatVector s0 = FloatVector.broadcast(S, x[xi]);
            FloatVector s1 = FloatVector.broadcast(S, x[xi + 1]);
            FloatVector s2 = FloatVector.broadcast(S, x[xi + 2]);
            FloatVector s3 = FloatVector.broadcast(S, x[xi + 3]);
            g00 = d0.fma(s0, g00);
            g01 = d0.fma(s1, g01);
            g02 = d0.fma(s2, g02);
            g03 = d0.fma(s3, g03);
            g10 = d1.fma(s0, g10);
            g11 = d1.fma(s1, g11);
            g12 = d1.fma(s2, g12);
            g13 = d1.fma(s3, g13);
            g20 = d2.fma(s0, g20);
            g21 = d2.fma(s1, g21);
            g22 = d2.fma(s2, g22);
            g23 = d2.fma(s3, g23);
        }
        add4(acc, a, g00, g01, g02, g03);
        add4(acc, a + stride, g10, g11, g12, g13);
        add4(acc, a + 2 * stride, g20, g21, g22, g23);
    }

    /** acc[a + q·L, :L] += g_q for q = 0..3, as at the end of {@link #weight4}. */
    private static void add4(float[] acc, int a, FloatVector g0, FloatVector g1, FloatVector g2, FloatVector g3) {
        g0.add(FloatVector.fromArray(S, acc, a)).intoArray(acc, a);
        g1.add(FloatVector.fromArray(S, acc, a + L)).intoArray(acc, a + L);
        g2.add(FloatVector.fromArray(S, acc, a + 2 * L)).intoArray(acc, a + 2 * L);
        g3.add(FloatVector.fromArray(S, acc, a + 3 * L)).intoArray(acc, a + 3 * L);
    }

    static void weight1(float[] x, int xo, int cin, float[] dy, int dyo, int cout, int inner,
                                float[] acc, int a) {
        FloatVector g0 = FloatVector.zero(S);
        for (int i = 0; i < inner; i++) {
            g0 = FloatVector.fromArray(S, dy, dyo + i * cout).fma(FloatVector.broadcast(S, x[xo + i * cin]), g0);
        }
        g0.add(FloatVector.fromArray(S, acc, a)).intoArray(acc, a);
    }
}
