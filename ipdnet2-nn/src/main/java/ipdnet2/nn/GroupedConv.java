package ipdnet2.nn;

import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.kernels.VectorSupport;

/**
 * Direct kernel of a grouped convolution along an axis of a channels-last tensor viewed as
 * [outer, L, inner, C], for grouped convolutions other than the eight-group cross-band ones of
 * ARCHITECTURE.md §3 (those run {@link GroupLanesConv}), and the forward and weight gradient of
 * the one-group encoder along T. For every (outer, position) pair the [inner, C] slabs of the
 * input are contiguous, so each tap is a product of a slab with a block-diagonal [Cin, Cout]
 * matrix.
 *
 * <p>Output channels are taken a vector ({@code L} lanes) at a time; such a block only reads the
 * input channels of the groups it overlaps, so the multiply-adds spent are
 * {@code Σ_blocks span·L} per row and tap instead of the dense {@code Cin·Cout} (for 6 channels
 * per group and 16 lanes: 60 of 144 vectors of 48 channels). No unfolded copy is made: the
 * kernel broadcasts input values straight from the slab. Requires Cout and Cin to be multiples of
 * the lane count ({@link #fits}).
 *
 * <p>Forward, the input gradient (the same kernel on the transposed, tap-reversed filter) and the
 * weight gradient follow in that order.
 */
final class GroupedConv extends ConvGeometry {
    /** Lanes per output block: the Vector API's when enabled (see {@link VectorGroupedConv}). */
    private static final int L = VectorSupport.LANES;
    /** Rows of a slab processed together, sharing each weight vector load. */
    private static final int R = 4;

    GroupedConv(int outer, int len, int inner, int cin, int cout, int groups, int k, int padLeft) {
        super(outer, len, inner, cin, cout, groups, k, padLeft);
    }

    /** True when both channel counts fill whole vectors and the slabs are tall enough to block rows. */
    static boolean fits(int cin, int cout, int groups, int inner) {
        return groups > 1 && cin % L == 0 && cout % L == 0 && inner >= R;
    }

    /**
     * True for a one-group convolution along the axis just before the channels (inner = 1, e.g.
     * the encoder along T) whose output channels fill whole vectors: {@link #forwardSequences} then
     * blocks consecutive positions instead of slab rows. Its backward stays with im2col/GEMM.
     */
    static boolean fitsSequences(int groups, int cout, int inner, int len) {
        return groups == 1 && inner == 1 && cout % L == 0 && len >= R;
    }

    /**
     * A filter packed for the kernel: for output block v (channels v·L … v·L+L−1), the input
     * channels [lo[v], hi[v]) it reads and, per tap, a [hi − lo, L] matrix (zeros off the groups).
     */
    static final class Packed {
        final int blocks, k;
        /**
         * Block v computes outputs start[v] … start[v] + width[v] − 1 from inputs [lo[v], hi[v]);
         * its filter is at off[v], per tap a [hi − lo, L] matrix (zeros off the groups and in
         * lanes at or beyond the width).
         */
        final int[] lo, hi, off, start, width;
        /**
         * True when blocks are whole groups narrower than a vector (e.g. 12 of 16 lanes): the
         * kernel then accumulates into a padded scratch slab and copies the used lanes out.
         */
        final boolean padded;
        final float[] w;

        /**
         * @param weight      the filter as value(co, ci, j) of W[co, ci − g·Cin/groups, j] in group g
         * @param outCh       output channels (of this product)
         * @param inPerG      input channels per group, {@code outPerG} output channels per group
         * @param transposed  taps reversed and weight transposed (for the input gradient)
         * @param allowPadded whether group-aligned narrow blocks may be chosen
         */
        Packed(float[] weight, int outCh, int inPerG, int outPerG, int k, boolean transposed, boolean allowPadded) {
            this.k = k;
            // Vector-aligned blocks read every group they overlap; blocks of m whole groups
            // (m·outPerG ≤ L lanes) read only their own. Take whichever multiplies less.
            int m = Math.max(1, L / outPerG);
            int groupsTotal = outCh / outPerG;
            boolean canPad = allowPadded && outPerG < L && L % outPerG != 0 && groupsTotal % m == 0;
            long alignedCost = 0;
            for (int v = 0; v < outCh / L; v++) {
                alignedCost += (((v * L + L - 1) / outPerG + 1) - (v * L / outPerG)) * (long) inPerG;
            }
            long paddedCost = (long) (groupsTotal / m) * m * inPerG;
            // the scratch slab costs a fill and a copy per row: worth it from a quarter fewer FMAs
            padded = canPad && paddedCost * 4 <= alignedCost * 3;
            blocks = padded ? groupsTotal / m : outCh / L;
            lo = new int[blocks];
            hi = new int[blocks];
            off = new int[blocks];
            start = new int[blocks];
            width = new int[blocks];
            int total = 0;
            for (int v = 0; v < blocks; v++) {
                if (padded) {
                    start[v] = v * m * outPerG;
                    width[v] = m * outPerG;
                    lo[v] = v * m * inPerG;
                    hi[v] = lo[v] + m * inPerG;
                } else {
                    start[v] = v * L;
                    width[v] = L;
                    lo[v] = (v * L / outPerG) * inPerG;
                    hi[v] = ((v * L + L - 1) / outPerG + 1) * inPerG;
                }
                off[v] = total;
                total += k * (hi[v] - lo[v]) * L;
            }
            w = new float[total];
            for (int v = 0; v < blocks; v++) {
                int span = hi[v] - lo[v];
                for (int j = 0; j < k; j++) {
                    for (int c = lo[v]; c < hi[v]; c++) {
                        for (int lane = 0; lane < width[v]; lane++) {
                            int o = start[v] + lane;
                            int g = o / outPerG;
                            if (c / inPerG != g) continue;
                            int ci = c - g * inPerG;
                            // forward: W[o, ci, j]; transposed: W[c, o − g·outPerG, k − 1 − j]
                            float val = transposed
                                    ? weight[(c * outPerG + (o - g * outPerG)) * k + (k - 1 - j)]
                                    : weight[(o * inPerG + ci) * k + j];
                            w[off[v] + (j * span + (c - lo[v])) * L + lane] = val;
                        }
                    }
                }
            }
        }
    }

    /** The filter [Cout, Cin/groups, k] packed for the forward. */
    Packed forwardFilter(float[] weight) {
        return new Packed(weight, cout, cig, cog, k, false, true);
    }

    /** The filter packed for the input gradient: Cout → Cin, taps reversed. */
    Packed transposedFilter(float[] weight) {
        return new Packed(weight, cin, cog, cig, k, true, true);
    }

    // ================================================================ forward

    /** y = conv(x) + bias (y overwritten). */
    void forward(float[] x, Packed p, float[] bias, float[] y) {
        run(x, cin, p, padLeft, bias, y, cout, false);
    }

    /**
     * The forward for inner = 1: each sequence's positions are consecutive rows, so four
     * positions share a tap's weight loads whenever all four read inside the sequence.
     */
    void forwardSequences(float[] x, Packed p, float[] bias, float[] y) {
        int minOuter = (int) Math.max(1, 200_000 / Math.max(1, (long) len * cout * k * cig));
        Parallel.forRange(outer, minOuter, (o0, o1) -> {
            for (int row = o0 * len; row < o1 * len; row++) {
                if (bias != null) System.arraycopy(bias, 0, y, row * cout, cout);
                else java.util.Arrays.fill(y, row * cout, (row + 1) * cout, 0f);
            }
            for (int o = o0; o < o1; o++) {
                for (int l = 0; l < len; l += R) {
                    int rows = Math.min(R, len - l);
                    if (rows == R && l - padLeft >= 0 && l - padLeft + R + k - 1 <= len) {
                        // all taps inside: the k·Cin inputs of a position are one contiguous run
                        // of rows, and the packed filter of a block is [k·Cin, L] (one group)
                        int xo = (o * len + l - padLeft) * cin, yo = (o * len + l) * cout;
                        int v = 0;
                        for (; v + 1 < p.blocks; v += 2) {
                            tapRows4x2(x, xo, cin, p.w, p.off[v], p.off[v + 1], k * cin, y, yo + v * L, cout);
                        }
                        if (v < p.blocks) tapRows4(x, xo, cin, p.w, p.off[v], k * cin, y, yo + v * L, cout);
                        continue;
                    }
                    for (int j = 0; j < k; j++) {
                        int pos = l + j - padLeft;
                        for (int v = 0; v < p.blocks; v++) {
                            int lo = p.lo[v], span = p.hi[v] - lo;
                            int w0 = p.off[v] + j * span * L;
                            int outRow = (o * len + l) * cout + v * L;
                            if (rows == R && pos >= 0 && pos + R <= len) {
                                tapRows4(x, (o * len + pos) * cin + lo, cin, p.w, w0, span, y, outRow, cout);
                                continue;
                            }
                            for (int r = 0; r < rows; r++) {
                                if (pos + r < 0 || pos + r >= len) continue;
                                tapRow(x, (o * len + pos + r) * cin + lo, p.w, w0, span, y, outRow + r * cout);
                            }
                        }
                    }
                }
            }
        });
    }

    // ================================================================ input gradient

    /** dx += the transposed convolution of dy (taps reversed, so the padding mirrors). */
    void backwardInput(float[] dy, Packed pt, float[] dx) {
        run(dy, cout, pt, k - 1 - padLeft, null, dx, cin, true);
    }

    /**
     * out[o, l, i, :] (+)= Σ_j src[o, l + j − pad, i, :] · P_j (+ bias), source taken as 0
     * outside [0, L); parallel over (outer, position) pairs, each writing only its own slab.
     */
    private void run(float[] src, int srcCh, Packed p, int pad, float[] bias, float[] out, int outCh,
                     boolean accumulate) {
        int pairs = outer * len;
        long perPair = (long) inner * outCh * k * cig;
        int minPairs = (int) Math.max(1, 200_000 / Math.max(1, perPair));
        if (p.padded) {
            runPadded(src, srcCh, p, pad, bias, out, outCh, accumulate, pairs, minPairs);
            return;
        }
        Parallel.forRange(pairs, minPairs, (from, to) -> {
            if (!accumulate) {
                // start from the bias (or zero): every tap below then accumulates
                for (int row = from * inner; row < to * inner; row++) {
                    if (bias != null) System.arraycopy(bias, 0, out, row * outCh, outCh);
                    else java.util.Arrays.fill(out, row * outCh, (row + 1) * outCh, 0f);
                }
            }
            for (int s = from; s < to; s++) {
                int o = s / len, l = s % len;
                int outBase = s * inner * outCh;
                for (int j = 0; j < p.k; j++) {
                    int pos = l + j - pad;
                    if (pos < 0 || pos >= len) continue;
                    int srcBase = (o * len + pos) * inner * srcCh;
                    for (int v = 0; v < p.blocks; v++) {
                        int lo = p.lo[v], span = p.hi[v] - lo;
                        int w0 = p.off[v] + j * span * L;
                        int i = 0;
                        if (v + 1 < p.blocks && p.lo[v + 1] == lo && p.hi[v + 1] == p.hi[v]) {
                            // two blocks reading the same inputs (groups of ≥ 2L channels):
                            // each broadcast input feeds both, a third fewer loads per FMA
                            int w1 = p.off[v + 1] + j * span * L;
                            for (; i + R <= inner; i += R) {
                                tapRows4x2(src, srcBase + i * srcCh + lo, srcCh, p.w, w0, w1, span,
                                        out, outBase + i * outCh + v * L, outCh);
                            }
                            for (; i < inner; i++) {
                                tapRow(src, srcBase + i * srcCh + lo, p.w, w0, span, out, outBase + i * outCh + v * L);
                                tapRow(src, srcBase + i * srcCh + lo, p.w, w1, span, out, outBase + i * outCh + (v + 1) * L);
                            }
                            v++;
                            continue;
                        }
                        for (; i + R <= inner; i += R) {
                            tapRows4(src, srcBase + i * srcCh + lo, srcCh, p.w, w0, span,
                                    out, outBase + i * outCh + v * L, outCh);
                        }
                        for (; i < inner; i++) {
                            tapRow(src, srcBase + i * srcCh + lo, p.w, w0, span, out, outBase + i * outCh + v * L);
                        }
                    }
                }
            }
        });
    }

    /**
     * {@link #run} with blocks narrower than a vector: each pair's output slab is accumulated in
     * a scratch slab of whole vectors per block (the unused lanes get zero weights), started
     * from the bias, then the used lanes are copied (or added) to the output.
     */
    private void runPadded(float[] src, int srcCh, Packed p, int pad, float[] bias, float[] out, int outCh,
                           boolean accumulate, int pairs, int minPairs) {
        int stride = p.blocks * L;
        // one scratch row as it starts: the bias in each block's used lanes, zeros elsewhere
        float[] first = new float[stride];
        for (int v = 0; v < p.blocks && bias != null; v++) System.arraycopy(bias, p.start[v], first, v * L, p.width[v]);
        Parallel.forRange(pairs, minPairs, (from, to) -> {
            float[] scratch = new float[inner * stride];
            for (int s = from; s < to; s++) {
                int o = s / len, l = s % len;
                for (int i = 0; i < inner; i++) System.arraycopy(first, 0, scratch, i * stride, stride);
                for (int j = 0; j < p.k; j++) {
                    int pos = l + j - pad;
                    if (pos < 0 || pos >= len) continue;
                    int srcBase = (o * len + pos) * inner * srcCh;
                    for (int v = 0; v < p.blocks; v++) {
                        int lo = p.lo[v], span = p.hi[v] - lo;
                        int w0 = p.off[v] + j * span * L;
                        int i = 0;
                        for (; i + R <= inner; i += R) {
                            tapRows4(src, srcBase + i * srcCh + lo, srcCh, p.w, w0, span, scratch, i * stride + v * L, stride);
                        }
                        for (; i < inner; i++) {
                            tapRow(src, srcBase + i * srcCh + lo, p.w, w0, span, scratch, i * stride + v * L);
                        }
                    }
                }
                int outBase = s * inner * outCh, last = p.blocks - 1;
                for (int i = 0; i < inner; i++) {
                    // whole vectors: the lanes past a block's width land on the next block's
                    // lanes, which that block writes afterwards (or, accumulating, are zeros);
                    // the last block, whose spill would leave the row, goes lane by lane
                    for (int v = 0; v < last; v++) {
                        int src0 = i * stride + v * L, dst0 = outBase + i * outCh + p.start[v];
                        addBlock(scratch, src0, out, dst0, accumulate);
                    }
                    int src0 = i * stride + last * L, dst0 = outBase + i * outCh + p.start[last];
                    for (int c = 0; c < p.width[last]; c++) {
                        out[dst0 + c] = accumulate ? out[dst0 + c] + scratch[src0 + c] : scratch[src0 + c];
                    }
                }
            }
        });
    }

    /** Four rows of one tap and output block: out[r, :L] += Σ_c src[r, c]·w[c, :L]. */
    private static void tapRows4(float[] src, int x0, int srcCh, float[] w, int w0, int span,
                                 float[] out, int c0, int outCh) {
        if (VectorSupport.ENABLED) {
            VectorGroupedConv.tapRows4(src, x0, srcCh, w, w0, span, out, c0, outCh);
            return;
        }
        for (int r = 0; r < R; r++) tapRow(src, x0 + r * srcCh, w, w0, span, out, c0 + r * outCh);
    }

    /** Four rows of one tap and two output blocks with the same inputs (filters at w0 and w1). */
    private static void tapRows4x2(float[] src, int x0, int srcCh, float[] w, int w0, int w1, int span,
                                   float[] out, int c0, int outCh) {
        if (VectorSupport.ENABLED) {
            VectorGroupedConv.tapRows4x2(src, x0, srcCh, w, w0, w1, span, out, c0, outCh);
            return;
        }
        for (int r = 0; r < R; r++) {
            tapRow(src, x0 + r * srcCh, w, w0, span, out, c0 + r * outCh);
            tapRow(src, x0 + r * srcCh, w, w1, span, out, c0 + r * outCh + L);
        }
    }

    /**
     * One row of one tap and output block. Every lane is one chain of fused multiply-adds in
     * increasing c from out's old value, on both paths (so the row blocks above, which only
     * share loads between such chains, are bitwise the same as this plain loop).
     */
    private static void tapRow(float[] src, int x0, float[] w, int w0, int span, float[] out, int c0) {
        if (VectorSupport.ENABLED) {
            VectorGroupedConv.tapRow(src, x0, w, w0, span, out, c0);
            return;
        }
        for (int c = 0; c < span; c++) {
            float s = src[x0 + c];
            int wc = w0 + c * L;
            for (int lane = 0; lane < L; lane++) out[c0 + lane] = Math.fma(w[wc + lane], s, out[c0 + lane]);
        }
    }

    /** out[dst0, :L] = scratch[src0, :L] (+ out's old value when accumulating). */
    private static void addBlock(float[] scratch, int src0, float[] out, int dst0, boolean accumulate) {
        if (VectorSupport.ENABLED) {
            VectorGroupedConv.addBlock(scratch, src0, out, dst0, accumulate);
            return;
        }
        for (int c = 0; c < L; c++) out[dst0 + c] = accumulate ? scratch[src0 + c] + out[dst0 + c] : scratch[src0 + c];
    }

    // ================================================================ weight gradient

    /**
     * dW[co, ci, j] += Σ_{o, l, i} dy[o, l, i, co] · x[o, l + j − padLeft, i, g·Cin/groups + ci]
     * for co in group g, accumulated per thread in the packed layout of {@link #forwardFilter}
     * and folded into {@code dw} [Cout, Cin/groups, k] at the end.
     */
    void backwardWeight(float[] x, float[] dy, float[] dw) {
        Packed shape = new Packed(new float[cout * cig * k], cout, cig, cog, k, false, false);
        int pairs = outer * len;
        // a fixed chunk count (not the thread count): the summation order never changes
        int chunks = Math.min(RowSums.MAX_CHUNKS, Math.max(1, pairs / 4));
        float[][] part = new float[chunks][shape.w.length];
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (int chunk = c0; chunk < c1; chunk++) {
                float[] acc = part[chunk];
                int from = (int) ((long) pairs * chunk / chunks), to = (int) ((long) pairs * (chunk + 1) / chunks);
                for (int s = from; s < to; s++) weightPair(x, dy, shape, s, acc);
            }
        });
        fold(shape, part, dw);
    }

    /** Adds the per-thread packed partials into dW [Cout, Cin/groups, k] (in-group entries only). */
    private void fold(Packed shape, float[][] part, float[] dw) {
        for (int v = 0; v < shape.blocks; v++) {
            int span = shape.hi[v] - shape.lo[v];
            for (int j = 0; j < k; j++) {
                for (int c = shape.lo[v]; c < shape.hi[v]; c++) {
                    for (int lane = 0; lane < L; lane++) {
                        int co = v * L + lane, g = co / cog;
                        if (c / cig != g) continue;
                        int idx = shape.off[v] + (j * span + (c - shape.lo[v])) * L + lane;
                        float sum = 0;
                        for (float[] pa : part) sum += pa[idx];
                        dw[(co * cig + (c - g * cig)) * k + j] += sum;
                    }
                }
            }
        }
    }

    /**
     * The weight gradient for inner = 1 (one group, {@link #fitsSequences}): over the positions
     * whose taps all fall inside the sequence, the k·Cin inputs of a position are one contiguous
     * run, so dP[q, :L] += Σ_l x[l − padLeft, q]·dy[l, :L] runs down whole sequences; the few
     * edge positions go tap by tap.
     */
    void backwardWeightSequences(float[] x, float[] dy, float[] dw) {
        Packed shape = new Packed(new float[cout * cin * k], cout, cin, cout, k, false, false);
        int chunks = Math.min(RowSums.MAX_CHUNKS, outer);
        float[][] part = new float[chunks][shape.w.length];
        int lA = padLeft, lB = len - (k - 1 - padLeft), kc = k * cin;
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (int chunk = c0; chunk < c1; chunk++) {
                float[] acc = part[chunk];
                int from = (int) ((long) outer * chunk / chunks), to = (int) ((long) outer * (chunk + 1) / chunks);
                for (int o = from; o < to; o++) {
                    int v3 = 0;
                    if (lB > lA) {
                        // three output blocks at a time share each input broadcast (blocks of one
                        // group are equally spaced in the packed layout)
                        int xo = (o * len + lA - padLeft) * cin, dyo = (o * len + lA) * cout;
                        for (; v3 + 3 <= shape.blocks; v3 += 3) {
                            int w0 = shape.off[v3], stride = shape.off[v3 + 1] - w0;
                            int q = 0;
                            for (; q + 4 <= kc; q += 4) {
                                weight4x3(x, xo + q, cin, dy, dyo + v3 * L, cout, lB - lA, acc, w0 + q * L, stride);
                            }
                            for (; q < kc; q++) {
                                for (int b = 0; b < 3; b++) {
                                    weight1(x, xo + q, cin, dy, dyo + (v3 + b) * L, cout, lB - lA, acc, w0 + b * stride + q * L);
                                }
                            }
                        }
                    }
                    for (int v = 0; v < shape.blocks; v++) {
                        int dyv = v * L, w0 = shape.off[v];
                        if (lB > lA && v >= v3) {
                            int xo = (o * len + lA - padLeft) * cin, dyo = (o * len + lA) * cout + dyv;
                            int q = 0;
                            for (; q + 4 <= kc; q += 4) weight4(x, xo + q, cin, dy, dyo, cout, lB - lA, acc, w0 + q * L);
                            for (; q < kc; q++) weight1(x, xo + q, cin, dy, dyo, cout, lB - lA, acc, w0 + q * L);
                        }
                        for (int l = 0; l < len; l++) {
                            if (l >= lA && l < lB) continue;
                            for (int j = 0; j < k; j++) {
                                int pos = l + j - padLeft;
                                if (pos < 0 || pos >= len) continue;
                                int xo = (o * len + pos) * cin, dyo = (o * len + l) * cout + dyv;
                                for (int c = 0; c < cin; c++) weight1(x, xo + c, cin, dy, dyo, cout, 1, acc, w0 + (j * cin + c) * L);
                            }
                        }
                    }
                }
            }
        });
        fold(shape, part, dw);
    }

    /** Adds one (outer, position) pair's contribution to the packed weight gradient. */
    private void weightPair(float[] x, float[] dy, Packed p, int s, float[] acc) {
        int o = s / len, l = s % len;
        int dyBase = s * inner * cout;
        for (int j = 0; j < k; j++) {
            int pos = l + j - padLeft;
            if (pos < 0 || pos >= len) continue;
            int xBase = (o * len + pos) * inner * cin;
            for (int v = 0; v < p.blocks; v++) {
                int lo = p.lo[v], span = p.hi[v] - lo;
                int w0 = p.off[v] + j * span * L;
                int xo = xBase + lo, dyo = dyBase + v * L;
                int c = 0;
                for (; c + 4 <= span; c += 4) weight4(x, xo + c, cin, dy, dyo, cout, inner, acc, w0 + c * L);
                for (; c < span; c++) weight1(x, xo + c, cin, dy, dyo, cout, inner, acc, w0 + c * L);
            }
        }
    }

    /** Four input channels: acc[c, :L] += Σ_i x[i, c]·dy[i, :L], four accumulators across the rows. */
    private static void weight4(float[] x, int xo, int cin, float[] dy, int dyo, int cout, int inner,
                                float[] acc, int a) {
        if (VectorSupport.ENABLED) {
            VectorGroupedConv.weight4(x, xo, cin, dy, dyo, cout, inner, acc, a);
            return;
        }
        for (int q = 0; q < 4; q++) weight1(x, xo + q, cin, dy, dyo, cout, inner, acc, a + q * L);
    }

    /** {@link #weight4} on three output blocks (dy L apart, acc {@code stride} apart) sharing the inputs. */
    private static void weight4x3(float[] x, int xo, int cin, float[] dy, int dyo, int cout, int inner,
                                  float[] acc, int a, int stride) {
        if (VectorSupport.ENABLED) {
            VectorGroupedConv.weight4x3(x, xo, cin, dy, dyo, cout, inner, acc, a, stride);
            return;
        }
        for (int b = 0; b < 3; b++) weight4(x, xo, cin, dy, dyo + b * L, cout, inner, acc, a + b * stride);
    }

    /**
     * One input channel: each lane sums its chain of fused multiply-adds over i from zero, then
     * adds it to acc, on both paths (bitwise the same).
     */
    private static void weight1(float[] x, int xo, int cin, float[] dy, int dyo, int cout, int inner,
                                float[] acc, int a) {
        if (VectorSupport.ENABLED) {
            VectorGroupedConv.weight1(x, xo, cin, dy, dyo, cout, inner, acc, a);
            return;
        }
        for (int lane = 0; lane < L; lane++) {
            float g = 0f;
            for (int i = 0; i < inner; i++) g = Math.fma(dy[dyo + i * cout + lane], x[xo + i * cin], g);
            acc[a + lane] += g;
        }
    }
}
