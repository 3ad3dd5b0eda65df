package ipdnet2.nn;

import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.kernels.VectorSupport;

import java.util.Arrays;

/**
 * Direct kernel of a grouped convolution with {@value #LANES} groups along an axis of a
 * channels-last tensor viewed as [outer, L, inner, C] (the cross-band frequency convolutions of
 * ARCHITECTURE.md §3: along F, inner = T, 8 groups of H/8 channels), with one vector lane per
 * group.
 *
 * <p>Channel c = g·P + p of a group-of-P layout is moved to c' = p·G + g ("lane-major"): then
 * for every in-group index p the G groups' values are one contiguous vector, and
 * <pre>y'[u·G + g] = b[g·Q + u] + Σ_j Σ_p W[g·Q + u, p, j] · x'_{l+j−pad}[p·G + g]</pre>
 * is a chain of whole-vector multiply-adds (lane g = group g) with no broadcast and no lane
 * spent on another group's zero weights (a vector over output channels of 6-channel groups
 * reads 18–24 inputs for 6 useful ones). Input slabs are permuted once into a ring of k slabs
 * as the position advances; each output slab is computed lane-major and permuted back.
 *
 * <p>Every output element is one chain of fused multiply-adds in tap order (j, then p) from the
 * bias (forward) or from zero (input gradient, whose chain is then added to the old value); each
 * weight-gradient element sums, per (outer, position, tap), one chain over the inner rows from
 * zero into a partial of a fixed chunk of positions, and the chunks are added in order, so the
 * result does not depend on the thread count. The vector loops ({@link VectorGroupLanesConv})
 * and the plain ones here build the same chains (bitwise the same results).
 *
 * <p>Forward, then the backward: the input gradient (the same kernel with the filter transposed
 * and its taps reversed) and the weight gradient in one pass sharing the lane-major dy slabs.
 */
final class GroupLanesConv extends ConvGeometry {
    /** Lanes of the kernel's vectors: one per group. */
    static final int LANES = 8;
    /** Rows of a slab computed together, sharing each weight vector load. */
    private static final int R = 4;
    /** Fixed chunks of (outer, position) pairs with their own weight-gradient partial. */
    private static final int CHUNKS = 16;

    GroupLanesConv(int outer, int len, int inner, int cin, int cout, int groups, int k, int padLeft) {
        super(outer, len, inner, cin, cout, groups, k, padLeft);
    }

    /** True for {@value #LANES} groups, whatever the channels per group. */
    static boolean fits(int groups) {
        return groups == LANES;
    }

    /**
     * The filter W [Cout, Cin/G, k] for the forward, as [k, Cin/G, Cout/G, G]: tap (j, p) and
     * output index u hold the G groups' weights W[g·Q + u, p, j] as one vector.
     */
    float[] forwardFilter(float[] w) {
        float[] f = new float[w.length];
        for (int j = 0; j < k; j++) {
            for (int p = 0; p < cig; p++) {
                for (int u = 0; u < cog; u++) {
                    for (int g = 0; g < LANES; g++) {
                        f[((j * cig + p) * cog + u) * LANES + g] = w[((g * cog + u) * cig + p) * k + j];
                    }
                }
            }
        }
        return f;
    }

    /**
     * The filter for the input gradient, a convolution from Cout to Cin with taps reversed:
     * [k, Cout/G, Cin/G, G] holding W[g·Q + u, p, k − 1 − j] at tap (j, u), output index p.
     */
    float[] transposedFilter(float[] w) {
        float[] f = new float[w.length];
        for (int j = 0; j < k; j++) {
            for (int u = 0; u < cog; u++) {
                for (int p = 0; p < cig; p++) {
                    for (int g = 0; g < LANES; g++) {
                        f[((j * cog + u) * cig + p) * LANES + g] = w[((g * cog + u) * cig + p) * k + (k - 1 - j)];
                    }
                }
            }
        }
        return f;
    }

    // ================================================================ forward

    /** y = conv(x) + bias (y overwritten); {@code filter} from {@link #forwardFilter}. */
    void forward(float[] x, float[] filter, float[] bias, float[] y) {
        float[] start = new float[cout];
        if (bias != null) permute(bias, 0, start, 0, 1, toLaneMajor(cog), false);
        run(x, cig, filter, padLeft, start, y, cog);
    }

    /**
     * y[o, l, i, :] = start + Σ_j Σ_p src'[o, l + j − pad, i, p·G:] · F[j, p] (lane-major),
     * source taken as 0 outside [0, L); parallel over (outer, position) pairs.
     */
    private void run(float[] src, int srcPer, float[] filter, int pad, float[] start, float[] out, int outPer) {
        int srcCh = srcPer * LANES, outCh = outPer * LANES;
        long perPair = (long) inner * outCh * k * srcPer;
        int minPairs = (int) Math.max(1, 200_000 / Math.max(1, perPair));
        Parallel.forRange(outer * len, minPairs, (from, to) -> {
            Scratch sc = Scratch.get(k * inner * srcCh + inner * outCh);
            Ring ring = new Ring(sc.f, 0, k, inner * srcCh, toLaneMajor(srcPer));
            Taps taps = new Taps(k * srcPer, fromLaneMajor(outPer));
            for (int s = from; s < to; s++) {
                pair(ring, src, s, srcPer, filter, pad, start, out, outPer, false, taps, k * inner * srcCh);
            }
        });
    }

    /** Index lists of one pair's taps and the map back to group-major channels. */
    private static final class Taps {
        final int[] xq, wq, back;

        Taps(int n, int[] back) {
            xq = new int[n];
            wq = new int[n];
            this.back = back;
        }
    }

    /**
     * Output pair s (outer·L + position) computed lane-major at {@code yp} of the ring's buffer
     * from the source slabs in {@code ring}, then stored into (or added to) {@code out}.
     */
    private void pair(Ring ring, float[] src, int s, int srcPer, float[] filter, int pad, float[] start, float[] out,
                      int outPer, boolean accumulate, Taps taps, int yp) {
        int srcCh = srcPer * LANES, outCh = outPer * LANES;
        int o = s / len, l = s % len;
        int nq = 0;
        for (int j = 0; j < k; j++) {
            int pos = l + j - pad;
            if (pos < 0 || pos >= len) continue;
            int base = ring.slab(src, o * len + pos);
            for (int p = 0; p < srcPer; p++, nq++) {
                taps.xq[nq] = base + p * LANES;
                taps.wq[nq] = (j * srcPer + p) * outCh;
            }
        }
        slab(ring.buf, taps.xq, taps.wq, nq, inner, srcCh, filter, outPer, start, yp);
        permute(ring.buf, yp, out, s * inner * outCh, inner, taps.back, accumulate);
    }

    /**
     * One lane-major output slab at {@code y0} of {@code buf} ([inner, outPer·G]) from the
     * source rows the taps point at: for each output index u, blocks of {@link #R} rows, then
     * single rows. A whole slab per call keeps the vector loops in one compiled method.
     */
    private static void slab(float[] buf, int[] xq, int[] wq, int nq, int inner, int srcCh, float[] f, int outPer,
                             float[] start, int y0) {
        if (VectorSupport.ENABLED) {
            VectorGroupLanesConv.slab(buf, xq, wq, nq, inner, srcCh, f, outPer, start, y0);
            return;
        }
        int outCh = outPer * LANES;
        for (int u = 0; u < outPer; u++) {
            int uo = u * LANES;
            for (int i = 0; i < inner; i++) row1(buf, xq, wq, nq, i * srcCh, f, uo, start, buf, y0 + i * outCh + uo);
        }
    }

    /**
     * One row of output index u (lanes = groups): out[:] = start + Σ_q F[wq[q] + wu, :] ·
     * src[xq[q] + row, :], one chain per lane in q order.
     */
    private static void row1(float[] src, int[] xq, int[] wq, int nq, int row, float[] f, int wu, float[] start,
                             float[] out, int o0) {
        for (int g = 0; g < LANES; g++) {
            float a = start[wu + g];
            for (int q = 0; q < nq; q++) a = Math.fma(f[wq[q] + wu + g], src[xq[q] + row + g], a);
            out[o0 + g] = a;
        }
    }

    // ================================================================ backward

    /**
     * dx += the transposed convolution of dy ({@code filterT} from {@link #transposedFilter}) and
     * dW[g·Q + u, p, j] += Σ_{o, l, i} dy[o, l, i, g·Q + u] · x[o, l + j − padLeft, i, g·P + p],
     * in one pass over fixed chunks of pairs sharing the lane-major dy slabs; either output may
     * be null. The weight gradient is summed per chunk into a partial [k, P, Q, G] and the
     * partials are added in chunk order.
     */
    void backward(float[] x, float[] dy, float[] filterT, float[] dx, float[] dw) {
        int pairs = outer * len;
        int chunks = Math.min(pairs, CHUNKS);
        int dySlab = inner * cout, xSlab = inner * cin;
        int padT = k - 1 - padLeft;
        float[] zero = new float[cin];
        float[][] part = new float[chunks][dw == null ? 0 : k * cig * cog * LANES];
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            Scratch sc = Scratch.get(k * dySlab + k * xSlab + xSlab);
            int[] dyMap = toLaneMajor(cog), xMap = toLaneMajor(cig);
            Taps taps = new Taps(k * cog, fromLaneMajor(cig));
            for (int chunk = c0; chunk < c1; chunk++) {
                Ring dyRing = new Ring(sc.f, 0, k, dySlab, dyMap);
                Ring xRing = new Ring(sc.f, k * dySlab, k, xSlab, xMap);
                float[] acc = part[chunk];
                int from = (int) ((long) pairs * chunk / chunks), to = (int) ((long) pairs * (chunk + 1) / chunks);
                for (int s = from; s < to; s++) {
                    // dy slabs l − padT … l − padT + k − 1 are in the ring, l among them
                    if (dx != null) pair(dyRing, dy, s, cog, filterT, padT, zero, dx, cig, true, taps, k * (dySlab + xSlab));
                    if (dw == null) continue;
                    int o = s / len, l = s % len;
                    int dyBase = dyRing.slab(dy, s);
                    for (int j = 0; j < k; j++) {
                        int pos = l + j - padLeft;
                        if (pos < 0 || pos >= len) continue;
                        int base = xRing.slab(x, o * len + pos);
                        weightTap(sc.f, base, cin, dyBase, cout, acc, j * cig * cog * LANES);
                    }
                }
            }
        });
        if (dw == null) return;
        for (int j = 0; j < k; j++) {
            for (int p = 0; p < cig; p++) {
                for (int u = 0; u < cog; u++) {
                    for (int g = 0; g < LANES; g++) {
                        int idx = ((j * cig + p) * cog + u) * LANES + g;
                        float sum = 0;
                        for (float[] pa : part) sum += pa[idx];
                        dw[((g * cog + u) * cig + p) * k + j] += sum;
                    }
                }
            }
        }
    }

    /**
     * One tap of one pair: acc[p, u, :] += Σ_i x'[i, p·G:] · dy'[i, u·G:] for all (p, u), in
     * blocks of 3 × 3 (nine chains sharing six loads per row), then single chains at the edges.
     */
    private void weightTap(float[] buf, int xBase, int srcCh, int dyBase, int outCh, float[] acc, int a0) {
        if (VectorSupport.ENABLED) {
            VectorGroupLanesConv.weightTap(buf, xBase, srcCh, dyBase, outCh, inner, cig, cog, acc, a0);
            return;
        }
        int p = 0;
        for (; p + 3 <= cig; p += 3) {
            int u = 0;
            for (; u + 3 <= cog; u += 3) {
                weight3x3(buf, xBase + p * LANES, srcCh, dyBase + u * LANES, outCh, inner, acc,
                        a0 + (p * cog + u) * LANES, cog * LANES);
            }
            for (; u < cog; u++) {
                for (int pp = p; pp < p + 3; pp++) {
                    weight1(buf, xBase + pp * LANES, srcCh, dyBase + u * LANES, outCh, inner, acc, a0 + (pp * cog + u) * LANES);
                }
            }
        }
        for (; p < cig; p++) {
            for (int u = 0; u < cog; u++) {
                weight1(buf, xBase + p * LANES, srcCh, dyBase + u * LANES, outCh, inner, acc, a0 + (p * cog + u) * LANES);
            }
        }
    }

    /** Nine chains: acc[a0 + a·pStride + b·G, :] += Σ_i x[x0 + i·srcCh + a·G, :]·dy[d0 + i·outCh + b·G, :]. */
    private static void weight3x3(float[] buf, int x0, int srcCh, int d0, int outCh, int rows, float[] acc, int a0,
                                  int pStride) {
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                weight1(buf, x0 + a * LANES, srcCh, d0 + b * LANES, outCh, rows, acc, a0 + a * pStride + b * LANES);
            }
        }
    }

    /** One chain per lane over the rows from zero, then added to acc. */
    private static void weight1(float[] buf, int x0, int srcCh, int d0, int outCh, int rows, float[] acc, int a0) {
        for (int g = 0; g < LANES; g++) {
            float s = 0f;
            for (int i = 0; i < rows; i++) s = Math.fma(buf[x0 + i * srcCh + g], buf[d0 + i * outCh + g], s);
            acc[a0 + g] += s;
        }
    }

    // ================================================================ layouts

    /** Source index of each lane-major channel p·G + g: the group-major channel g·per + p. */
    private static int[] toLaneMajor(int per) {
        int[] map = new int[per * LANES];
        for (int g = 0; g < LANES; g++) {
            for (int p = 0; p < per; p++) map[p * LANES + g] = g * per + p;
        }
        return map;
    }

    /** Source index of each group-major channel g·per + p: the lane-major channel p·G + g. */
    private static int[] fromLaneMajor(int per) {
        int[] map = new int[per * LANES];
        for (int g = 0; g < LANES; g++) {
            for (int p = 0; p < per; p++) map[g * per + p] = p * LANES + g;
        }
        return map;
    }

    /**
     * {@code rows} rows of {@code map.length} channels: dst[d0 + r·ch + c] = src[s0 + r·ch + map[c]],
     * or added to dst's old value when {@code add}.
     */
    private static void permute(float[] src, int s0, float[] dst, int d0, int rows, int[] map, boolean add) {
        // plain loads through the map: a vector gather per G channels measured three times slower
        int ch = map.length;
        for (int r = 0, s = s0, d = d0; r < rows; r++, s += ch, d += ch) {
            if (add) {
                for (int c = 0; c < ch; c++) dst[d + c] += src[s + map[c]];
            } else {
                for (int c = 0; c < ch; c++) dst[d + c] = src[s + map[c]];
            }
        }
    }

    /**
     * The last k source slabs in lane-major form, slab m in slot m mod k: consecutive output
     * positions need k consecutive source positions, so each slab is permuted once per run.
     */
    private static final class Ring {
        final float[] buf;
        private final int off, slots, slabSize;
        private final int[] held, map;

        /** A ring of {@code slots} slabs of {@code slabSize} floats in {@code buf} from {@code off}. */
        Ring(float[] buf, int off, int slots, int slabSize, int[] map) {
            this.buf = buf;
            this.off = off;
            this.slots = slots;
            this.slabSize = slabSize;
            this.map = map;
            this.held = new int[slots];
            Arrays.fill(held, -1);
        }

        /** Offset in the buffer of slab m (outer·L + position) of {@code src}, permuted on first use. */
        int slab(float[] src, int m) {
            int slot = m % slots, base = off + slot * slabSize;
            if (held[slot] != m) {
                permute(src, m * slabSize, buf, base, slabSize / map.length, map, false);
                held[slot] = m;
            }
            return base;
        }
    }

    /** Per-thread working arrays, grown on demand and reused between calls. */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> HELD = ThreadLocal.withInitial(Scratch::new);
        float[] f = new float[0];

        static Scratch get(int floats) {
            Scratch s = HELD.get();
            if (s.f.length < floats) s.f = new float[floats];
            return s;
        }
    }
}
