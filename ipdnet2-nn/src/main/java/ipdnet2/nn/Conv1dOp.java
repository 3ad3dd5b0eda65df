package ipdnet2.nn;

import ipdnet2.nn.kernels.RowArithmetic;
import ipdnet2.nn.kernels.Gemm;
import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.kernels.VectorSupport;

/**
 * One-dimensional convolution (cross-correlation, as in PyTorch) along any axis of a
 * channels-last tensor, with groups, bias and zero padding that keeps the length.
 *
 * <p>Input {@code x} has shape {@code [outer..., L, inner..., Cin]}: the convolution runs along
 * {@code axis} (size L), independently for every index of the other axes, mixing the last axis
 * (channels). The weight is stored as in PyTorch, {@code [Cout, Cin/groups, k]}; output channel
 * co of group g = co / (Cout/groups) reads input channels g·Cin/groups … (g+1)·Cin/groups − 1:
 * <pre>y[o, l, i, co] = b[co] + Σ_j Σ_ci W[co, ci, j] · x[o, l + j − padLeft, i, g·Cin/groups + ci]</pre>
 * with x taken as 0 outside [0, L).
 *
 * <p>Kernels: a convolution of eight groups (the cross-band frequency convolutions) runs
 * {@link GroupLanesConv}, one vector lane per group, forward and backward; another grouped
 * convolution whose channel counts fill whole vectors runs the direct {@link GroupedConv}
 * kernel, forward and backward; a
 * one-group convolution along the axis just before the channels (the encoder) runs its
 * forward and weight gradient there too, by blocks of positions. Otherwise a convolution with
 * one group, or with small groups (expanded to a block-diagonal dense weight), unfolds blocks
 * of rows (im2col) and does one {@link Gemm#gemm} per block, the backward likewise on the
 * unfolded output gradient (the transposed convolution); wide groups use one GEMM per tap and
 * group; a depthwise one (groups = Cin = Cout, as in the Mamba block's conv1d) a vector loop
 * over a tap-major filter; a 1×1 one is {@link LinearOp}.
 */
public final class Conv1dOp {
    private Conv1dOp() {}

    /** Zero padding that keeps the sequence length. */
    public enum Padding {
        /** PyTorch {@code padding='same'}: (k−1)/2 zeros on the left, the rest on the right. */
        SAME,
        /** k−1 zeros on the left only: y[l] depends on x[l−k+1 … l] (a causal filter). */
        CAUSAL;

        int left(int k) {
            return this == CAUSAL ? k - 1 : (k - 1) / 2;
        }
    }

    /**
     * @param x       input [..., L, ..., Cin], channels last
     * @param w       weight [Cout, Cin/groups, k]
     * @param b       bias [Cout], or null
     * @param axis    the axis to convolve along (not the last one); negative counts from the end
     * @param groups  number of groups (divides Cin and Cout)
     * @param padding how to pad the ends
     * @return [..., L, ..., Cout]
     */
    public static Tensor apply(Tensor x, Tensor w, Tensor b, int axis, int groups, Padding padding) {
        if (!OpTimer.ON) return applyUntimed(x, w, b, axis, groups, padding);
        return OpTimer.time(groups == 1 ? "conv1d" : w.shape.length == 3 && w.shape[1] == 1 ? "conv1d.depthwise" : "conv1d.grouped", () -> applyUntimed(x, w, b, axis, groups, padding));
    }

    private static Tensor applyUntimed(Tensor x, Tensor w, Tensor b, int axis, int groups, Padding padding) {
        int r = x.shape.length;
        if (r < 2) throw new IllegalArgumentException("conv1d: input " + Shapes.str(x.shape) + " needs an axis and channels");
        int a = Shapes.axis(axis, r, "conv1d");
        if (a == r - 1) throw new IllegalArgumentException("conv1d: cannot convolve along the channel (last) axis");
        int cin = x.shape[r - 1];
        if (w.shape.length != 3) throw new IllegalArgumentException("conv1d: weight " + Shapes.str(w.shape) + " must be [Cout, Cin/groups, k]");
        int cout = w.shape[0], k = w.shape[2];
        if (groups < 1 || cin % groups != 0 || cout % groups != 0 || w.shape[1] != cin / groups || k < 1) {
            throw new IllegalArgumentException("conv1d: weight " + Shapes.str(w.shape) + " with " + groups
                    + " groups does not fit input channels " + cin);
        }
        if (b != null && (b.shape.length != 1 || b.shape[0] != cout)) {
            throw new IllegalArgumentException("conv1d: bias " + Shapes.str(b.shape) + " must be [" + cout + "]");
        }
        if (k == 1 && groups == 1) return LinearOp.apply(x, w, b);
        ConvGeometry gm = new ConvGeometry(Shapes.prod(x.shape, 0, a), x.shape[a], Shapes.prod(x.shape, a + 1, r - 1),
                cin, cout, groups, k, padding.left(k));
        int[] os = x.shape.clone();
        os[r - 1] = cout;
        boolean depthwise = groups == cin && cout == cin;
        // Grouped with whole vectors of channels and tall slabs: the direct kernel; other
        // dense-like cases (one group, or small groups expanded block-diagonally) as im2col +
        // GEMM; wide groups as one GEMM per tap and group; depthwise as a direct loop.
        // Eight groups (the cross-band convolutions): one vector lane per group.
        GroupLanesConv lanes = !depthwise && GroupLanesConv.fits(groups)
                ? new GroupLanesConv(gm.outer, gm.len, gm.inner, cin, cout, groups, k, gm.padLeft) : null;
        GroupedConv direct = lanes == null && !depthwise && GroupedConv.fits(cin, cout, groups, gm.inner)
                ? new GroupedConv(gm.outer, gm.len, gm.inner, cin, cout, groups, k, gm.padLeft) : null;
        boolean asDense = lanes == null && direct == null && !depthwise && (groups == 1 || denseIsFaster(gm));
        // inner = 1 (the encoder along T): direct forward by blocks of positions, im2col backward
        GroupedConv sequences = asDense && GroupedConv.fitsSequences(groups, cout, gm.inner, gm.len)
                ? new GroupedConv(gm.outer, gm.len, 1, cin, cout, groups, k, gm.padLeft) : null;
        ConvGeometry gd = asDense ? gm.dense() : gm;
        float[] bd = b == null ? null : b.data;
        float[] y;
        if (depthwise) {
            y = depthwiseForward(gm, x.data, w.data, bd);
        } else if (lanes != null) {
            y = ArrayPool.take(gm.outer * gm.len * gm.inner * cout);
            lanes.forward(x.data, lanes.forwardFilter(w.data), bd, y);
        } else if (direct != null) {
            y = ArrayPool.take(gm.outer * gm.len * gm.inner * cout);
            direct.forward(x.data, direct.forwardFilter(w.data), bd, y);
        } else if (sequences != null) {
            y = ArrayPool.take(gm.outer * gm.len * cout);
            sequences.forwardSequences(x.data, sequences.forwardFilter(w.data), bd, y);
        } else if (asDense) {
            y = im2colForward(gd, x.data, denseWeight(gm, w.data), bd);
        } else {
            y = groupedForward(gm, x.data, packTaps(gm, w.data), bd);
        }
        Tensor out = Tensor.result(y, os, x, w, b);
        if (out.requiresGrad()) {
            GradNode on = out.node, xn = x.node, wn = w.node, bn = Tensor.nodeOf(b);
            float[] xd = x.data, wd = w.data;
            out.onBackward(() -> {
                float[] dy = on.grad;
                float[] dx = xn != null ? xn.buffer() : null;
                float[] dw = wn != null ? wn.buffer() : null;
                if (depthwise) {
                    depthwiseBackward(gm, xd, wd, dy, dx, dw);
                } else if (lanes != null) {
                    // the bias gradient too, from the lane-major dy slabs already in cache
                    lanes.backward(xd, dy, dx == null ? null : lanes.transposedFilter(wd), dx, dw,
                            bn == null ? null : bn.buffer());
                } else if (direct != null) {
                    if (dx != null) direct.backwardInput(dy, direct.transposedFilter(wd), dx);
                    if (dw != null) direct.backwardWeight(xd, dy, dw);
                } else if (sequences != null) {
                    if (dx != null) im2colBackward(gd, xd, denseWeight(gm, wd), dy, dx, null);
                    if (dw != null) sequences.backwardWeightSequences(xd, dy, dw);
                } else if (asDense) {
                    float[] dDense = dw == null ? null : new float[gm.cout * gm.cin * gm.k];
                    im2colBackward(gd, xd, denseWeight(gm, wd), dy, dx, dDense);
                    if (dw != null) addDiagonalBlocks(gm, dDense, dw);
                } else {
                    groupedBackward(gm, xd, packTaps(gm, wd), dy, dx, dw);
                }
                if (bn != null && lanes == null) RowSums.add(dy, null, dy.length / cout, cout, bn.buffer());
            });
        }
        return out;
    }


    /** W[co, ci, j] repacked tap-major as P[j, co, ci], so each tap is a plain [Cout, Cin/groups] matrix. */
    private static float[] packTaps(ConvGeometry g, float[] w) {
        float[] p = new float[w.length];
        int per = g.cig;
        for (int co = 0; co < g.cout; co++) {
            for (int ci = 0; ci < per; ci++) {
                for (int j = 0; j < g.k; j++) p[(j * g.cout + co) * per + ci] = w[(co * per + ci) * g.k + j];
            }
        }
        return p;
    }

    // ================================================================ grouped (general) convolution

    private static float[] groupedForward(ConvGeometry g, float[] x, float[] p, float[] bias) {
        float[] y = new float[g.outer * g.len * g.inner * g.cout];
        int pairs = g.outer * g.len;
        Parallel.forRange(pairs, g.minPairs(), (from, to) -> {
            if (bias != null) {
                for (int row = from * g.inner; row < to * g.inner; row++) {
                    System.arraycopy(bias, 0, y, row * g.cout, g.cout);
                }
            }
            // Split [from, to) at outer boundaries: inside one outer index, rows are contiguous.
            for (int s = from; s < to; ) {
                int o = s / g.len, l0 = s % g.len, l1 = Math.min(g.len, l0 + (to - s));
                for (int j = 0; j < g.k; j++) {
                    int shift = j - g.padLeft;
                    int ls = Math.max(l0, -shift), le = Math.min(l1, g.len - shift);
                    if (ls >= le) continue;
                    int m = (le - ls) * g.inner;
                    int xRow = (o * g.len + ls + shift) * g.inner, yRow = (o * g.len + ls) * g.inner;
                    for (int gr = 0; gr < g.groups; gr++) {
                        Gemm.gemm(false, true, m, g.cog, g.cig,
                                x, xRow * g.cin + gr * g.cig, g.cin,
                                p, (j * g.cout + gr * g.cog) * g.cig, g.cig,
                                y, yRow * g.cout + gr * g.cog, g.cout, true);
                    }
                }
                s += l1 - l0;
            }
        });
        return y;
    }

    private static void groupedBackward(ConvGeometry g, float[] x, float[] p, float[] dy, float[] dx, float[] dw) {
        int pairs = g.outer * g.len;
        if (dx != null) {
            // dx[o, l', i] += Σ_j dy[o, l' − j + padLeft, i] · P[j]; split over dx rows (race-free).
            Parallel.forRange(pairs, g.minPairs(), (from, to) -> {
                for (int s = from; s < to; ) {
                    int o = s / g.len, l0 = s % g.len, l1 = Math.min(g.len, l0 + (to - s));
                    for (int j = 0; j < g.k; j++) {
                        int shift = j - g.padLeft; // dy row l = l' − shift
                        int ls = Math.max(l0, shift), le = Math.min(l1, g.len + shift);
                        if (ls >= le) continue;
                        int m = (le - ls) * g.inner;
                        int dxRow = (o * g.len + ls) * g.inner, dyRow = (o * g.len + ls - shift) * g.inner;
                        for (int gr = 0; gr < g.groups; gr++) {
                            Gemm.gemm(false, false, m, g.cig, g.cog,
                                    dy, dyRow * g.cout + gr * g.cog, g.cout,
                                    p, (j * g.cout + gr * g.cog) * g.cig, g.cig,
                                    dx, dxRow * g.cin + gr * g.cig, g.cin, true);
                        }
                    }
                    s += l1 - l0;
                }
            });
        }
        if (dw != null) {
            // dP[j] += dy-blockᵀ · x-block, summed over rows: each chunk owns a partial dP.
            int chunks = RowSums.chunks(pairs, g.inner * g.cout * g.k);
            float[][] part = new float[chunks][p.length];
            RowSums.forChunks(pairs, g.inner * g.cout * g.k, (chunk, from, to) -> {
                float[] dp = part[chunk];
                for (int s = from; s < to; ) {
                    int o = s / g.len, l0 = s % g.len, l1 = Math.min(g.len, l0 + (to - s));
                    for (int j = 0; j < g.k; j++) {
                        int shift = j - g.padLeft;
                        int ls = Math.max(l0, -shift), le = Math.min(l1, g.len - shift);
                        if (ls >= le) continue;
                        int m = (le - ls) * g.inner;
                        int xRow = (o * g.len + ls + shift) * g.inner, yRow = (o * g.len + ls) * g.inner;
                        for (int gr = 0; gr < g.groups; gr++) {
                            Gemm.gemm(true, false, g.cog, g.cig, m,
                                    dy, yRow * g.cout + gr * g.cog, g.cout,
                                    x, xRow * g.cin + gr * g.cig, g.cin,
                                    dp, (j * g.cout + gr * g.cog) * g.cig, g.cig, true);
                        }
                    }
                    s += l1 - l0;
                }
            });
            int per = g.cig;
            for (float[] dp : part) {
                for (int co = 0; co < g.cout; co++) {
                    for (int ci = 0; ci < per; ci++) {
                        for (int j = 0; j < g.k; j++) dw[(co * per + ci) * g.k + j] += dp[(j * g.cout + co) * per + ci];
                    }
                }
            }
        }
    }

    /**
     * Small groups are run as one dense convolution with a block-diagonal weight: products of
     * Cin/groups × Cout/groups channels are too narrow for the GEMM kernel, and the dense
     * product, though it does {@code groups} times the multiply-adds, measured about twice as
     * fast for the cross-band convolutions (8 groups of 6 channels).
     */
    private static boolean denseIsFaster(ConvGeometry g) {
        return g.groups > 1 && g.groups <= 16 && g.cig < 32;
    }

    /** The weight [Cout, Cin/groups, k] as a dense [Cout, Cin, k] (zeros between groups). */
    private static float[] denseWeight(ConvGeometry g, float[] w) {
        if (g.groups == 1) return w;
        float[] d = new float[g.cout * g.cin * g.k];
        for (int co = 0; co < g.cout; co++) {
            int gr = co / g.cog;
            System.arraycopy(w, co * g.cig * g.k, d, (co * g.cin + gr * g.cig) * g.k, g.cig * g.k);
        }
        return d;
    }

    /** Adds the in-group blocks of a dense weight gradient to the grouped one. */
    private static void addDiagonalBlocks(ConvGeometry g, float[] dense, float[] dw) {
        if (g.groups == 1) {
            for (int e = 0; e < dw.length; e++) dw[e] += dense[e];
            return;
        }
        for (int co = 0; co < g.cout; co++) {
            int gr = co / g.cog, src = (co * g.cin + gr * g.cig) * g.k, dst = co * g.cig * g.k;
            for (int e = 0; e < g.cig * g.k; e++) dw[dst + e] += dense[src + e];
        }
    }

    // ================================================================ dense convolution (im2col)

    /** Floats per im2col block: a block of rows is unfolded, multiplied and dropped (bounded memory). */
    private static final int COL_BLOCK = 1 << 18;

    /**
     * Unfolds the rows of (outer, position) pairs [p0, p1) of {@code src} (channels {@code c}):
     * {@code col[row][j·c + ch] = src[o, l + dir·(j − padLeft), i, ch]}, 0 outside the sequence.
     * dir = +1 gathers the inputs of an output row (forward); dir = −1 gathers the output
     * gradients that an input row fed (the transposed convolution of the backward).
     */
    private static void unfold(ConvGeometry g, float[] src, int c, int dir, int p0, int p1, float[] col) {
        int kc = g.k * c;
        for (int s = p0; s < p1; s++) {
            int o = s / g.len, l = s % g.len;
            for (int j = 0; j < g.k; j++) {
                int pos = l + dir * (j - g.padLeft);
                for (int i = 0; i < g.inner; i++) {
                    int dst = ((s - p0) * g.inner + i) * kc + j * c;
                    if (pos < 0 || pos >= g.len) {
                        java.util.Arrays.fill(col, dst, dst + c, 0f);
                    } else {
                        System.arraycopy(src, ((o * g.len + pos) * g.inner + i) * c, col, dst, c);
                    }
                }
            }
        }
    }

    /** Pairs per im2col block for rows of {@code kc} unfolded values. */
    private static int blockPairs(ConvGeometry g, int kc) {
        return Math.max(1, COL_BLOCK / Math.max(1, g.inner * kc));
    }

    /** y = unfold(x) · W2ᵀ + b with W2[co][j·Cin + ci] = W[co][ci][j]. */
    private static float[] im2colForward(ConvGeometry g, float[] x, float[] w, float[] bias) {
        int kc = g.k * g.cin, cout = g.cout;
        float[] w2 = new float[cout * kc];
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < g.cin; ci++) {
                for (int j = 0; j < g.k; j++) w2[co * kc + j * g.cin + ci] = w[(co * g.cin + ci) * g.k + j];
            }
        }
        int pairs = g.outer * g.len, bp = blockPairs(g, kc);
        int blocks = (pairs + bp - 1) / bp;
        float[] y = new float[pairs * g.inner * cout];
        Parallel.forRange(blocks, 1, (b0, b1) -> {
            float[] col = new float[bp * g.inner * kc];
            for (int blk = b0; blk < b1; blk++) {
                int p0 = blk * bp, p1 = Math.min(pairs, p0 + bp), m = (p1 - p0) * g.inner;
                unfold(g, x, g.cin, 1, p0, p1, col);
                int yOff = p0 * g.inner * cout;
                Gemm.gemm(false, true, m, cout, kc, col, 0, kc, w2, 0, kc, y, yOff, cout, false);
                if (bias != null) RowArithmetic.addBias(y, yOff, m, cout, bias);
            }
        });
        return y;
    }

    /**
     * dx = unfoldᵀ(dy) · W3 with W3[j·Cout + co][ci] = W[co][ci][j] (each block writes only its
     * own input rows), and dW2 = dyᵀ · unfold(x) summed over blocks in per-chunk partials.
     */
    private static void im2colBackward(ConvGeometry g, float[] x, float[] w, float[] dy, float[] dx, float[] dw) {
        int cin = g.cin, cout = g.cout, k = g.k;
        int kcIn = k * cin, kcOut = k * cout;
        int pairs = g.outer * g.len;
        if (dx != null) {
            float[] w3 = new float[kcOut * cin];
            for (int co = 0; co < cout; co++) {
                for (int ci = 0; ci < cin; ci++) {
                    for (int j = 0; j < k; j++) w3[(j * cout + co) * cin + ci] = w[(co * cin + ci) * k + j];
                }
            }
            int bp = blockPairs(g, kcOut);
            int blocks = (pairs + bp - 1) / bp;
            Parallel.forRange(blocks, 1, (b0, b1) -> {
                float[] col = new float[bp * g.inner * kcOut];
                for (int blk = b0; blk < b1; blk++) {
                    int p0 = blk * bp, p1 = Math.min(pairs, p0 + bp), m = (p1 - p0) * g.inner;
                    unfold(g, dy, cout, -1, p0, p1, col);
                    Gemm.gemm(false, false, m, cin, kcOut, col, 0, kcOut, w3, 0, cin, dx, p0 * g.inner * cin, cin, true);
                }
            });
        }
        if (dw != null) {
            int bp = blockPairs(g, kcIn);
            int blocks = (pairs + bp - 1) / bp;
            // a fixed chunk count (not the thread count): the summation order never changes
            int chunks = Math.min(RowSums.MAX_CHUNKS, blocks);
            float[][] part = new float[chunks][cout * kcIn];
            Parallel.forRange(chunks, 1, (c0, c1) -> {
                float[] col = new float[bp * g.inner * kcIn];
                for (int c = c0; c < c1; c++) {
                    for (int blk = blocks * c / chunks; blk < blocks * (c + 1) / chunks; blk++) {
                        int p0 = blk * bp, p1 = Math.min(pairs, p0 + bp), m = (p1 - p0) * g.inner;
                        unfold(g, x, cin, 1, p0, p1, col);
                        Gemm.gemm(true, false, cout, kcIn, m, dy, p0 * g.inner * cout, cout, col, 0, kcIn,
                                part[c], 0, kcIn, true);
                    }
                }
            });
            for (float[] p : part) {
                for (int co = 0; co < cout; co++) {
                    for (int ci = 0; ci < cin; ci++) {
                        for (int j = 0; j < k; j++) dw[(co * cin + ci) * k + j] += p[co * kcIn + j * cin + ci];
                    }
                }
            }
        }
    }

    // ================================================================ depthwise convolution

    /**
     * y[yo + i] += a[ao + i]·b[bo + i] for i < n, one fused multiply-add each: in vector lanes
     * ({@link VectorConv1d}) when {@link VectorSupport#ENABLED}, bitwise the same either way.
     */
    private static void multiplyAdd(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = VectorSupport.ENABLED ? VectorConv1d.multiplyAdd(a, ao, b, bo, y, yo, n) : 0;
        for (; i < n; i++) y[yo + i] = Math.fma(a[ao + i], b[bo + i], y[yo + i]);
    }

    /** W[ch, 0, j] as [j][ch], so the loops over channels read the filter contiguously (and vectorise). */
    private static float[] tapMajor(float[] w, int c, int k) {
        float[] wt = new float[c * k];
        for (int ch = 0; ch < c; ch++) {
            for (int j = 0; j < k; j++) wt[j * c + ch] = w[ch * k + j];
        }
        return wt;
    }

    private static float[] depthwiseForward(ConvGeometry g, float[] x, float[] w, float[] bias) {
        int c = g.cout, k = g.k, rowLen = g.inner * c;
        float[] wt = tapMajor(w, c, k);
        float[] y = new float[g.outer * g.len * rowLen];
        int pairs = g.outer * g.len;
        Parallel.forRange(pairs, Math.max(1, Pointwise.GRAIN / Math.max(1, rowLen * k)), (from, to) -> {
            for (int s = from; s < to; s++) {
                int o = s / g.len, l = s % g.len;
                int yOff = s * rowLen;
                if (bias != null) {
                    for (int i = 0; i < g.inner; i++) System.arraycopy(bias, 0, y, yOff + i * c, c);
                }
                for (int j = 0; j < k; j++) {
                    int src = l + j - g.padLeft;
                    if (src < 0 || src >= g.len) continue;
                    int xOff = (o * g.len + src) * rowLen;
                    for (int i = 0; i < g.inner; i++) {
                        int yo = yOff + i * c, xo = xOff + i * c;
                        multiplyAdd(wt, j * c, x, xo, y, yo, c);
                    }
                }
            }
        });
        return y;
    }

    private static void depthwiseBackward(ConvGeometry g, float[] x, float[] w, float[] dy, float[] dx, float[] dw) {
        int c = g.cout, k = g.k, rowLen = g.inner * c;
        float[] wt = tapMajor(w, c, k);
        int pairs = g.outer * g.len;
        if (dx != null) {
            // dx[o, l'] += Σ_j w[:, j] ⊙ dy[o, l' − j + padLeft]; split over dx rows.
            Parallel.forRange(pairs, Math.max(1, Pointwise.GRAIN / Math.max(1, rowLen * k)), (from, to) -> {
                for (int s = from; s < to; s++) {
                    int o = s / g.len, l = s % g.len;
                    int dxOff = s * rowLen;
                    for (int j = 0; j < k; j++) {
                        int dst = l - j + g.padLeft;
                        if (dst < 0 || dst >= g.len) continue;
                        int dyOff = (o * g.len + dst) * rowLen;
                        for (int i = 0; i < g.inner; i++) {
                            int a = dxOff + i * c, bOff = dyOff + i * c;
                            multiplyAdd(wt, j * c, dy, bOff, dx, a, c);
                        }
                    }
                }
            });
        }
        if (dw != null) {
            int chunks = RowSums.chunks(pairs, rowLen * k);
            float[][] part = new float[chunks][c * k];
            RowSums.forChunks(pairs, rowLen * k, (chunk, from, to) -> {
                float[] pw = part[chunk];
                for (int s = from; s < to; s++) {
                    int o = s / g.len, l = s % g.len;
                    int dyOff = s * rowLen;
                    for (int j = 0; j < k; j++) {
                        int src = l + j - g.padLeft;
                        if (src < 0 || src >= g.len) continue;
                        int xOff = (o * g.len + src) * rowLen;
                        for (int i = 0; i < g.inner; i++) {
                            int a = dyOff + i * c, bOff = xOff + i * c;
                            multiplyAdd(dy, a, x, bOff, pw, j * c, c);
                        }
                    }
                }
            });
            // partials are tap-major [j][ch]; dw is [ch][j]
            for (float[] pw : part) {
                for (int ch = 0; ch < c; ch++) {
                    for (int j = 0; j < k; j++) dw[ch * k + j] += pw[j * c + ch];
                }
            }
        }
    }
}
