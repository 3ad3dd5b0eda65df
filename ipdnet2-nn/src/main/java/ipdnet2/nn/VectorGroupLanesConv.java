package ipdnet2.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector forms of {@link GroupLanesConv}'s loops on blocks of one lane per group and row:
 * every lane is the fused multiply-add chain of the plain loop there, in the same order. Loaded
 * only when the Vector API is enabled and its preferred vector is one block.
 */
final class VectorGroupLanesConv {
    /**
     * The preferred species (the only one, as elsewhere: mixing vector shapes slows every kernel
     * down). A block of {@code GroupLanesConv.W} lanes is one vector or several side by side: each
     * kernel below runs once per {@link #L} lanes of the block with every offset shifted, so each
     * lane's chain is the same whatever the width.
     */
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int W = GroupLanesConv.W;

    private VectorGroupLanesConv() {}

    /** See {@code GroupLanesConv.slab}: blocks of four rows per output index, then single rows. */
    static void slab(float[] buf, int[] xq, int[] wq, int nq, int inner, int srcCh, float[] f, int outPer,
                     float[] start, int y0) {
        int outCh = outPer * W;
        // "rows" below are blocks of two rows: inner counts blocks, srcCh and outCh are block sizes
        for (int h = 0; h < W; h += L) {
            int u = 0;
            // Blocks of four output indices only where they tile the outputs and blocks of three
            // do not (32 per group, Large: forward 98 → 86 ms on [1, 256, 201, 256]); with 6 or 12
            // (Tiny, Small) blocks of three measured faster (6.3 against 9.7 ms, 16.5 against 18.3 ms).
            boolean byFour = outPer % 4 == 0 && outPer % 3 != 0;
            for (; byFour && u + 4 <= outPer; u += 4) {
                int uo = u * W + h;
                int i = 0;
                for (; i + 4 <= inner; i += 4) {
                    rows4x4(buf, xq, wq, nq, i * srcCh + h, srcCh, f, uo, start, buf, y0 + i * outCh + uo, outCh);
                }
                for (; i < inner; i++) {
                    for (int c = 0; c < 4; c++) {
                        row1(buf, xq, wq, nq, i * srcCh + h, f, uo + c * W, start, buf, y0 + i * outCh + uo + c * W);
                    }
                }
            }
            for (; u + 3 <= outPer; u += 3) {
                int uo = u * W + h;
                int i = 0;
                for (; i + 4 <= inner; i += 4) {
                    rows4x3(buf, xq, wq, nq, i * srcCh + h, srcCh, f, uo, start, buf, y0 + i * outCh + uo, outCh);
                }
                for (; i < inner; i++) {
                    for (int c = 0; c < 3; c++) {
                        row1(buf, xq, wq, nq, i * srcCh + h, f, uo + c * W, start, buf, y0 + i * outCh + uo + c * W);
                    }
                }
            }
            for (; u < outPer; u++) {
                int uo = u * W + h;
                int i = 0;
                for (; i + 4 <= inner; i += 4) rows4(buf, xq, wq, nq, i * srcCh + h, srcCh, f, uo, start, buf, y0 + i * outCh + uo, outCh);
                for (; i < inner; i++) row1(buf, xq, wq, nq, i * srcCh + h, f, uo, start, buf, y0 + i * outCh + uo);
            }
        }
    }

    /**
     * Four rows of four consecutive output indices: sixteen chains sharing eight loads per tap.
     * Written out like {@link #rows4x3} rather than looped: only named accumulators stay in
     * registers (24 of them, or a helper per row, measured 3× slower: the vectors were boxed).
     */
    private static void rows4x4(float[] src, int[] xq, int[] wq, int nq, int row, int srcCh, float[] f, int wu,
                                float[] start, float[] out, int o0, int outCh) {
        FloatVector b0 = FloatVector.fromArray(S, start, wu);
        FloatVector b1 = FloatVector.fromArray(S, start, wu + W);
        FloatVector b2 = FloatVector.fromArray(S, start, wu + 2 * W);
        FloatVector b3 = FloatVector.fromArray(S, start, wu + 3 * W);
        FloatVector a00 = b0, a01 = b1, a02 = b2, a03 = b3, a10 = b0, a11 = b1, a12 = b2, a13 = b3;
        FloatVector a20 = b0, a21 = b1, a22 = b2, a23 = b3, a30 = b0, a31 = b1, a32 = b2, a33 = b3;
        for (int q = 0; q < nq; q++) {
            int w0 = wq[q] + wu, x0 = xq[q] + row;
            FloatVector w0v = FloatVector.fromArray(S, f, w0);
            FloatVector w1v = FloatVector.fromArray(S, f, w0 + W);
            FloatVector w2v = FloatVector.fromArray(S, f, w0 + 2 * W);
            FloatVector w3v = FloatVector.fromArray(S, f, w0 + 3 * W);
            FloatVector x = FloatVector.fromArray(S, src, x0);
            a00 = w0v.fma(x, a00);
            a01 = w1v.fma(x, a01);
            a02 = w2v.fma(x, a02);
            a03 = w3v.fma(x, a03);
            x = FloatVector.fromArray(S, src, x0 + srcCh);
            a10 = w0v.fma(x, a10);
            a11 = w1v.fma(x, a11);
            a12 = w2v.fma(x, a12);
            a13 = w3v.fma(x, a13);
            x = FloatVector.fromArray(S, src, x0 + 2 * srcCh);
            a20 = w0v.fma(x, a20);
            a21 = w1v.fma(x, a21);
            a22 = w2v.fma(x, a22);
            a23 = w3v.fma(x, a23);
            x = FloatVector.fromArray(S, src, x0 + 3 * srcCh);
            a30 = w0v.fma(x, a30);
            a31 = w1v.fma(x, a31);
            a32 = w2v.fma(x, a32);
            a33 = w3v.fma(x, a33);
        }
        a00.intoArray(out, o0);
        a01.intoArray(out, o0 + W);
        a02.intoArray(out, o0 + 2 * W);
        a03.intoArray(out, o0 + 3 * W);
        int o1 = o0 + outCh;
        a10.intoArray(out, o1);
        a11.intoArray(out, o1 + W);
        a12.intoArray(out, o1 + 2 * W);
        a13.intoArray(out, o1 + 3 * W);
        int o2 = o1 + outCh;
        a20.intoArray(out, o2);
        a21.intoArray(out, o2 + W);
        a22.intoArray(out, o2 + 2 * W);
        a23.intoArray(out, o2 + 3 * W);
        int o3 = o2 + outCh;
        a30.intoArray(out, o3);
        a31.intoArray(out, o3 + W);
        a32.intoArray(out, o3 + 2 * W);
        a33.intoArray(out, o3 + 3 * W);
    }

    /** Four rows of three consecutive output indices: twelve chains sharing seven loads per tap. */
    private static void rows4x3(float[] src, int[] xq, int[] wq, int nq, int row, int srcCh, float[] f, int wu,
                                float[] start, float[] out, int o0, int outCh) {
        FloatVector b0 = FloatVector.fromArray(S, start, wu);
        FloatVector b1 = FloatVector.fromArray(S, start, wu + W);
        FloatVector b2 = FloatVector.fromArray(S, start, wu + 2 * W);
        FloatVector a00 = b0, a01 = b1, a02 = b2, a10 = b0, a11 = b1, a12 = b2;
        FloatVector a20 = b0, a21 = b1, a22 = b2, a30 = b0, a31 = b1, a32 = b2;
        for (int q = 0; q < nq; q++) {
            int w0 = wq[q] + wu, x0 = xq[q] + row;
            FloatVector w0v = FloatVector.fromArray(S, f, w0);
            FloatVector w1v = FloatVector.fromArray(S, f, w0 + W);
            FloatVector w2v = FloatVector.fromArray(S, f, w0 + 2 * W);
            FloatVector x = FloatVector.fromArray(S, src, x0);
            a00 = w0v.fma(x, a00);
            a01 = w1v.fma(x, a01);
            a02 = w2v.fma(x, a02);
            x = FloatVector.fromArray(S, src, x0 + srcCh);
            a10 = w0v.fma(x, a10);
            a11 = w1v.fma(x, a11);
            a12 = w2v.fma(x, a12);
            x = FloatVector.fromArray(S, src, x0 + 2 * srcCh);
            a20 = w0v.fma(x, a20);
            a21 = w1v.fma(x, a21);
            a22 = w2v.fma(x, a22);
            x = FloatVector.fromArray(S, src, x0 + 3 * srcCh);
            a30 = w0v.fma(x, a30);
            a31 = w1v.fma(x, a31);
            a32 = w2v.fma(x, a32);
        }
        a00.intoArray(out, o0);
        a01.intoArray(out, o0 + W);
        a02.intoArray(out, o0 + 2 * W);
        int o1 = o0 + outCh;
        a10.intoArray(out, o1);
        a11.intoArray(out, o1 + W);
        a12.intoArray(out, o1 + 2 * W);
        int o2 = o1 + outCh;
        a20.intoArray(out, o2);
        a21.intoArray(out, o2 + W);
        a22.intoArray(out, o2 + 2 * W);
        int o3 = o2 + outCh;
        a30.intoArray(out, o3);
        a31.intoArray(out, o3 + W);
        a32.intoArray(out, o3 + 2 * W);
    }

    /**
     * See {@code GroupLanesConv.weightTap}: 3 × 3 blocks of chains (nine chains sharing six loads
     * per block of rows), then single chains; {@code srcCh} and {@code outCh} are the x and dy
     * block sizes, {@code rows} the blocks.
     */
    static void weightTap(float[] buf, int xBase, int srcCh, int dyBase, int outCh, int rows, int cig, int cog,
                          float[] acc, int a0) {
        for (int h = 0; h < W; h += L) weightTapLanes(buf, xBase + h, srcCh, dyBase + h, outCh, rows, cig, cog, acc, a0 + h);
    }

    private static void weightTapLanes(float[] buf, int xBase, int srcCh, int dyBase, int outCh, int rows, int cig,
                                       int cog, float[] acc, int a0) {
        int p = 0;
        for (; p + 3 <= cig; p += 3) {
            int u = 0;
            for (; u + 3 <= cog; u += 3) {
                weight3x3(buf, xBase + p * W, srcCh, dyBase + u * W, outCh, rows, acc, a0 + (p * cog + u) * W, cog * W);
            }
            for (; u < cog; u++) {
                for (int pp = p; pp < p + 3; pp++) {
                    weight1(buf, xBase + pp * W, srcCh, dyBase + u * W, outCh, rows, acc, a0 + (pp * cog + u) * W);
                }
            }
        }
        for (; p < cig; p++) {
            for (int u = 0; u < cog; u++) {
                weight1(buf, xBase + p * W, srcCh, dyBase + u * W, outCh, rows, acc, a0 + (p * cog + u) * W);
            }
        }
    }

    private static void rows4(float[] src, int[] xq, int[] wq, int nq, int row, int srcCh, float[] f, int wu,
                      float[] start, float[] out, int o0, int outCh) {
        FloatVector a0 = FloatVector.fromArray(S, start, wu), a1 = a0, a2 = a0, a3 = a0;
        for (int q = 0; q < nq; q++) {
            FloatVector w = FloatVector.fromArray(S, f, wq[q] + wu);
            int x0 = xq[q] + row;
            a0 = w.fma(FloatVector.fromArray(S, src, x0), a0);
            a1 = w.fma(FloatVector.fromArray(S, src, x0 + srcCh), a1);
            a2 = w.fma(FloatVector.fromArray(S, src, x0 + 2 * srcCh), a2);
            a3 = w.fma(FloatVector.fromArray(S, src, x0 + 3 * srcCh), a3);
        }
        a0.intoArray(out, o0);
        a1.intoArray(out, o0 + outCh);
        a2.intoArray(out, o0 + 2 * outCh);
        a3.intoArray(out, o0 + 3 * outCh);
    }

    private static void row1(float[] src, int[] xq, int[] wq, int nq, int row, float[] f, int wu, float[] start,
                     float[] out, int o0) {
        FloatVector a0 = FloatVector.fromArray(S, start, wu);
        for (int q = 0; q < nq; q++) {
            a0 = FloatVector.fromArray(S, f, wq[q] + wu).fma(FloatVector.fromArray(S, src, xq[q] + row), a0);
        }
        a0.intoArray(out, o0);
    }

    private static void weight3x3(float[] buf, int x0, int srcCh, int d0, int outCh, int rows, float[] acc, int a0,
                          int pStride) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00,
                s20 = s00, s21 = s00, s22 = s00;
        for (int i = 0; i < rows; i++) {
            int xi = x0 + i * srcCh, di = d0 + i * outCh;
            FloatVector x0v = FloatVector.fromArray(S, buf, xi);
            FloatVector x1v = FloatVector.fromArray(S, buf, xi + W);
            FloatVector x2v = FloatVector.fromArray(S, buf, xi + 2 * W);
            FloatVector d0v = FloatVector.fromArray(S, buf, di);
            FloatVector d1v = FloatVector.fromArray(S, buf, di + W);
            FloatVector d2v = FloatVector.fromArray(S, buf, di + 2 * W);
            s00 = x0v.fma(d0v, s00);
            s01 = x0v.fma(d1v, s01);
            s02 = x0v.fma(d2v, s02);
            s10 = x1v.fma(d0v, s10);
            s11 = x1v.fma(d1v, s11);
            s12 = x1v.fma(d2v, s12);
            s20 = x2v.fma(d0v, s20);
            s21 = x2v.fma(d1v, s21);
            s22 = x2v.fma(d2v, s22);
        }
        add(acc, a0, s00);
        add(acc, a0 + W, s01);
        add(acc, a0 + 2 * W, s02);
        add(acc, a0 + pStride, s10);
        add(acc, a0 + pStride + W, s11);
        add(acc, a0 + pStride + 2 * W, s12);
        add(acc, a0 + 2 * pStride, s20);
        add(acc, a0 + 2 * pStride + W, s21);
        add(acc, a0 + 2 * pStride + 2 * W, s22);
    }

    private static void weight1(float[] buf, int x0, int srcCh, int d0, int outCh, int rows, float[] acc, int a0) {
        FloatVector s = FloatVector.zero(S);
        for (int i = 0; i < rows; i++) {
            s = FloatVector.fromArray(S, buf, x0 + i * srcCh).fma(FloatVector.fromArray(S, buf, d0 + i * outCh), s);
        }
        add(acc, a0, s);
    }

    /** acc[a0, :L] += s, lane by lane as the plain loop's {@code acc[a0 + g] += s}. */
    private static void add(float[] acc, int a0, FloatVector s) {
        FloatVector.fromArray(S, acc, a0).add(s).intoArray(acc, a0);
    }


    /** See {@code GroupLanesConv.biasSums}. */
    static void biasSums(float[] buf, int dyBase, int cog, int blocks, float[] acc) {
        int dyBlock = cog * W;
        for (int h = 0; h < W; h += L) {
            for (int u = 0; u < cog; u++) {
                FloatVector s = FloatVector.zero(S);
                for (int b = 0; b < blocks; b++) s = s.add(FloatVector.fromArray(S, buf, dyBase + b * dyBlock + u * W + h));
                add(acc, u * W + h, s);
            }
        }
    }
}
