package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link RowProduct#multiply}: register blocks of rows × vectors of outputs,
 * each lane one fma chain in increasing p from the bias. Loaded only when
 * {@link VectorSupport#ENABLED}.
 *
 * <p>No masks: on this platform a masked load or store, or building the mask, may run as plain
 * per-lane code that allocates on every call. The columns past the last whole vector are instead
 * either recomputed as the whole vector ending at column out (when not accumulating, rewriting
 * the columns before it with the same values, as each output is its own chain), or, when
 * accumulating or narrower than a vector, summed by the plain loop of {@link RowProduct}: the
 * same chains, bitwise.
 */
final class VectorRowProduct {
    private static final VectorSpecies<Float> SPECIES = VectorExp.SPECIES;
    private static final int LANES = SPECIES.length();

    private VectorRowProduct() {}

    static void multiply(int rows, int in, float[] x, int xOff, int ldx, float[] w, int wOff, int ldw, int out,
            float[] bias, float[] y, int yOff, int ldy, boolean accumulate) {
        int full = out / LANES * LANES;
        // where the columns [full, out) are computed: a shifted whole vector, or the plain chains
        int last = full < out && !accumulate && out >= LANES ? out - LANES : -1;
        // Columns outside, rows inside: a block of columns' weights (in × two vectors) is read
        // from memory once and reused from the first-level cache by every block of rows, instead
        // of the whole weight streaming once per block of rows.
        int blocked = rows / 4 * 4;
        int o = 0;
        for (; o + 2 * LANES <= full; o += 2 * LANES) {
            for (int r = 0; r < blocked; r += 4) block4x2(in, x, xOff + r * ldx, ldx, w, wOff, ldw, o, bias, y, yOff + r * ldy, ldy, accumulate);
        }
        for (; o < full; o += LANES) {
            for (int r = 0; r < blocked; r += 4) block4x1(in, x, xOff + r * ldx, ldx, w, wOff, ldw, o, bias, y, yOff + r * ldy, ldy, accumulate);
        }
        for (int r = 0; r < blocked && full < out; r += 4) {
            int xo = xOff + r * ldx, yo = yOff + r * ldy;
            if (last >= 0) block4x1(in, x, xo, ldx, w, wOff, ldw, last, bias, y, yo, ldy, false);
            else plain(4, in, x, xo, ldx, w, wOff, ldw, full, out, bias, y, yo, ldy, accumulate);
        }
        for (int r = blocked; r < rows; r++) {
            int xo = xOff + r * ldx, yo = yOff + r * ldy;
            for (int c = 0; c < full; c += LANES) block1x1(in, x, xo, w, wOff, ldw, c, bias, y, yo, accumulate);
            if (last >= 0) block1x1(in, x, xo, w, wOff, ldw, last, bias, y, yo, false);
            else if (full < out) plain(1, in, x, xo, ldx, w, wOff, ldw, full, out, bias, y, yo, ldy, accumulate);
        }
    }

    /** Columns [from, out) of {@code rows} rows by the plain loop of {@link RowProduct#multiply}. */
    private static void plain(int rows, int in, float[] x, int xOff, int ldx, float[] w, int wOff, int ldw, int from, int out,
            float[] bias, float[] y, int yOff, int ldy, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * ldx, yo = yOff + r * ldy;
            for (int o = from; o < out; o++) {
                float acc = bias == null ? 0f : bias[o];
                if (accumulate) acc += y[yo + o];
                for (int p = 0, wo = wOff + o; p < in; p++, wo += ldw) acc = Math.fma(w[wo], x[xo + p], acc);
                y[yo + o] = acc;
            }
        }
    }

    private static FloatVector start(float[] bias, float[] y, int yo, int o, boolean accumulate) {
        FloatVector v = bias == null ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, bias, o);
        return accumulate ? v.add(FloatVector.fromArray(SPECIES, y, yo + o)) : v;
    }

    private static void block4x2(int in, float[] x, int xo, int ldx, float[] w, int wOff, int ldw, int o, float[] bias,
            float[] y, int yo, int ldy, boolean accumulate) {
        int y0 = yo, y1 = yo + ldy, y2 = yo + 2 * ldy, y3 = yo + 3 * ldy;
        FloatVector a00 = start(bias, y, y0, o, accumulate), a01 = start(bias, y, y0, o + LANES, accumulate);
        FloatVector a10 = start(bias, y, y1, o, accumulate), a11 = start(bias, y, y1, o + LANES, accumulate);
        FloatVector a20 = start(bias, y, y2, o, accumulate), a21 = start(bias, y, y2, o + LANES, accumulate);
        FloatVector a30 = start(bias, y, y3, o, accumulate), a31 = start(bias, y, y3, o + LANES, accumulate);
        int x0 = xo, x1 = xo + ldx, x2 = xo + 2 * ldx, x3 = xo + 3 * ldx;
        for (int p = 0, wo = wOff + o; p < in; p++, wo += ldw) {
            FloatVector w0 = FloatVector.fromArray(SPECIES, w, wo);
            FloatVector w1 = FloatVector.fromArray(SPECIES, w, wo + LANES);
            FloatVector v0 = FloatVector.broadcast(SPECIES, x[x0 + p]), v1 = FloatVector.broadcast(SPECIES, x[x1 + p]);
            FloatVector v2 = FloatVector.broadcast(SPECIES, x[x2 + p]), v3 = FloatVector.broadcast(SPECIES, x[x3 + p]);
            a00 = w0.fma(v0, a00);
            a01 = w1.fma(v0, a01);
            a10 = w0.fma(v1, a10);
            a11 = w1.fma(v1, a11);
            a20 = w0.fma(v2, a20);
            a21 = w1.fma(v2, a21);
            a30 = w0.fma(v3, a30);
            a31 = w1.fma(v3, a31);
        }
        a00.intoArray(y, y0 + o);
        a01.intoArray(y, y0 + o + LANES);
        a10.intoArray(y, y1 + o);
        a11.intoArray(y, y1 + o + LANES);
        a20.intoArray(y, y2 + o);
        a21.intoArray(y, y2 + o + LANES);
        a30.intoArray(y, y3 + o);
        a31.intoArray(y, y3 + o + LANES);
    }

    /** Four rows × one whole vector of outputs from column o (four independent chains). */
    private static void block4x1(int in, float[] x, int xo, int ldx, float[] w, int wOff, int ldw, int o, float[] bias,
            float[] y, int yo, int ldy, boolean accumulate) {
        int y1 = yo + ldy, y2 = y1 + ldy, y3 = y2 + ldy;
        FloatVector a0 = start(bias, y, yo, o, accumulate), a1 = start(bias, y, y1, o, accumulate);
        FloatVector a2 = start(bias, y, y2, o, accumulate), a3 = start(bias, y, y3, o, accumulate);
        int x0 = xo, x1 = xo + ldx, x2 = x1 + ldx, x3 = x2 + ldx;
        for (int p = 0, wo = wOff + o; p < in; p++, wo += ldw) {
            FloatVector wv = FloatVector.fromArray(SPECIES, w, wo);
            a0 = wv.fma(FloatVector.broadcast(SPECIES, x[x0 + p]), a0);
            a1 = wv.fma(FloatVector.broadcast(SPECIES, x[x1 + p]), a1);
            a2 = wv.fma(FloatVector.broadcast(SPECIES, x[x2 + p]), a2);
            a3 = wv.fma(FloatVector.broadcast(SPECIES, x[x3 + p]), a3);
        }
        a0.intoArray(y, yo + o);
        a1.intoArray(y, y1 + o);
        a2.intoArray(y, y2 + o);
        a3.intoArray(y, y3 + o);
    }

    /** One whole vector of outputs from column o. */
    private static void block1x1(int in, float[] x, int xo, float[] w, int wOff, int ldw, int o, float[] bias,
            float[] y, int yo, boolean accumulate) {
        FloatVector a = start(bias, y, yo, o, accumulate);
        for (int p = 0, wo = wOff + o; p < in; p++, wo += ldw) a = FloatVector.fromArray(SPECIES, w, wo).fma(FloatVector.broadcast(SPECIES, x[xo + p]), a);
        a.intoArray(y, yo + o);
    }
}
