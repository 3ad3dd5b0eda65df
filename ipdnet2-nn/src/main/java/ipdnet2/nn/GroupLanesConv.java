package ipdnet2.nn;

import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.kernels.VectorSupport;

import java.util.Arrays;

/**
 * Direct kernel of a grouped convolution with {@value #G} groups along an axis of a
 * channels-last tensor viewed as [outer, L, inner, C] (the cross-band frequency convolutions of
 * ARCHITECTURE.md §3: along F, inner = T, 8 groups of H/8 channels), with one vector lane per
 * group and row.
 *
 * <p>Each slab of inner rows is rearranged "lane-major": rows are taken in pairs, and channel
 * c = g·P + p (group g, in-group index p of P) of row 2b + h goes to block b, index p, lane
 * h·G + g, so that for every in-group index the {@value #W} values of two rows' groups are one
 * contiguous vector:
 * <pre>y'[b, u, h·G + g] = bias[g·Q + u] + Σ_j Σ_p W[g·Q + u, p, j] · x'_{l+j−pad}[b, p, h·G + g]</pre>
 * is a chain of whole-vector multiply-adds with no broadcast and no lane spent on another
 * group's zero weights (a vector over output channels of 6-channel groups reads 18–24 inputs
 * for 6 useful ones), the filter vector holding each group's weight twice. Input slabs are
 * rearranged once into a ring of k slabs as the position advances; each output slab is computed
 * lane-major and put back. An odd last row is paired with a row of zeros.
 *
 * <p>Every output element is one chain of fused multiply-adds in tap order (j, then p) from the
 * bias (forward) or from zero (input gradient, whose chain is then added to the old value). Each
 * weight-gradient lane sums, per (outer, position, tap), one chain over the even rows (h = 0) or
 * the odd rows (h = 1) from zero into a partial of a fixed chunk of pairs; the partials are added
 * in chunk order, even then odd, so the result does not depend on the thread count. The vector
 * loops ({@link VectorGroupLanesConv}, on the preferred vectors: one per block with 512-bit
 * vectors, two with 256-bit ones) and the plain ones here build the same chains (bitwise the same
 * results).
 *
 * <p>Forward, then the backward: the input gradient (the same kernel with the filter transposed
 * and its taps reversed) and the weight gradient in one pass sharing the lane-major dy slabs.
 */
final class GroupLanesConv extends ConvGeometry {
    /** Groups: one lane per group and row. */
    static final int G = 8;
    /** Lanes of a block: two rows of {@value #G} groups. */
    static final int W = 2 * G;
    /** Whether the vector loops run: with the preferred vectors, a whole number of them per block. */
    private static final boolean VECTOR = VectorSupport.ENABLED && W % VectorSupport.LANES == 0;
    /** Fixed chunks of (outer, position) pairs (each with its own weight-gradient partial). */
    private static final int CHUNKS = 16;

    /** Row pairs (blocks) per slab. */
    private final int blocks;

    GroupLanesConv(int outer, int len, int inner, int cin, int cout, int groups, int k, int padLeft) {
        super(outer, len, inner, cin, cout, groups, k, padLeft);
        blocks = (inner + 1) / 2;
    }

    /** True for {@value #G} groups, whatever the channels per group. */
    static boolean fits(int groups) {
        return groups == G;
    }

    /**
     * The filter W [Cout, Cin/G, k] for the forward, as [k, Cin/G, Cout/G, 2, G]: tap (j, p) and
     * output index u hold the groups' weights W[g·Q + u, p, j] twice (once per row of a block).
     */
    float[] forwardFilter(float[] w) {
        float[] f = new float[2 * w.length];
        for (int j = 0; j < k; j++) {
            for (int p = 0; p < cig; p++) {
                for (int u = 0; u < cog; u++) {
                    for (int lane = 0; lane < W; lane++) {
                        f[((j * cig + p) * cog + u) * W + lane] = w[((lane % G * cog + u) * cig + p) * k + j];
                    }
                }
            }
        }
        return f;
    }

    /**
     * The filter for the input gradient, a convolution from Cout to Cin with taps reversed:
     * [k, Cout/G, Cin/G, 2, G] holding W[g·Q + u, p, k − 1 − j] at tap (j, u), output index p.
     */
    float[] transposedFilter(float[] w) {
        float[] f = new float[2 * w.length];
        for (int j = 0; j < k; j++) {
            for (int u = 0; u < cog; u++) {
                for (int p = 0; p < cig; p++) {
                    for (int lane = 0; lane < W; lane++) {
                        f[((j * cog + u) * cig + p) * W + lane] = w[((lane % G * cog + u) * cig + p) * k + (k - 1 - j)];
                    }
                }
            }
        }
        return f;
    }

    // ================================================================ forward

    /** y = conv(x) + bias (y overwritten); {@code filter} from {@link #forwardFilter}. */
    void forward(float[] x, float[] filter, float[] bias, float[] y) {
        float[] start = new float[cog * W];
        for (int u = 0; u < cog && bias != null; u++) {
            for (int lane = 0; lane < W; lane++) start[u * W + lane] = bias[lane % G * cog + u];
        }
        int srcSlab = blocks * cin * 2, outRows = blocks * cout * 2;
        long perPair = (long) inner * cout * k * cig;
        int minPairs = (int) Math.max(1, 200_000 / Math.max(1, perPair));
        Parallel.forRange(outer * len, minPairs, (from, to) -> {
            Scratch sc = Scratch.get(k * srcSlab + outRows);
            Ring ring = new Ring(sc.f, 0, k, srcSlab, toLaneMajor(cig), inner);
            Taps taps = new Taps(k * cig, fromLaneMajor(cog));
            for (int s = from; s < to; s++) {
                pair(ring, x, s, cig, filter, padLeft, start, y, cog, false, taps, k * srcSlab);
            }
        });
    }

    /** Index lists of one pair's taps and the map back to the natural channel order. */
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
        int o = s / len, l = s % len;
        int nq = 0;
        for (int j = 0; j < k; j++) {
            int pos = l + j - pad;
            if (pos < 0 || pos >= len) continue;
            int base = ring.slab(src, o * len + pos);
            for (int p = 0; p < srcPer; p++, nq++) {
                taps.xq[nq] = base + p * W;
                taps.wq[nq] = (j * srcPer + p) * outPer * W;
            }
        }
        slab(ring.buf, taps.xq, taps.wq, nq, blocks, srcPer * W, filter, outPer, start, yp);
        fromLaneMajor(ring.buf, yp, out, s * inner * outPer * G, inner, taps.back, accumulate);
    }

    /**
     * One lane-major output slab at {@code y0} of {@code buf} ([blocks, outPer, W]) from the source
     * blocks the taps point at ({@code srcBlock} floats apart). A whole slab per call keeps the
     * vector loops in one compiled method.
     */
    private static void slab(float[] buf, int[] xq, int[] wq, int nq, int blocks, int srcBlock, float[] f,
                             int outPer, float[] start, int y0) {
        if (VECTOR) {
            VectorGroupLanesConv.slab(buf, xq, wq, nq, blocks, srcBlock, f, outPer, start, y0);
            return;
        }
        int outBlock = outPer * W;
        for (int u = 0; u < outPer; u++) {
            for (int b = 0; b < blocks; b++) {
                int o0 = y0 + b * outBlock + u * W, row = b * srcBlock;
                for (int lane = 0; lane < W; lane++) {
                    float a = start[u * W + lane];
                    for (int q = 0; q < nq; q++) a = Math.fma(f[wq[q] + u * W + lane], buf[xq[q] + row + lane], a);
                    buf[o0 + lane] = a;
                }
            }
        }
    }

    // ================================================================ backward

    /**
     * dx += the transposed convolution of dy ({@code filterT} from {@link #transposedFilter}),
     * dW[g·Q + u, p, j] += Σ_{o, l, i} dy[o, l, i, g·Q + u] · x[o, l + j − padLeft, i, g·P + p]
     * and db[g·Q + u] += Σ_{o, l, i} dy[o, l, i, g·Q + u], in one pass over fixed chunks of pairs
     * sharing the lane-major dy slabs; any output may be null. The weight and bias gradients are
     * summed per chunk into partials [k, P, Q, 2, G] and [Q, 2, G], added in chunk order.
     */
    void backward(float[] x, float[] dy, float[] filterT, float[] dx, float[] dw, float[] db) {
        int pairs = outer * len;
        int chunks = Math.min(pairs, CHUNKS);
        int dySlab = blocks * cout * 2, xSlab = blocks * cin * 2;
        int padT = k - 1 - padLeft;
        float[] zero = new float[cig * W];
        float[][] part = new float[chunks][dw == null ? 0 : k * cig * cog * W];
        float[][] partB = new float[chunks][db == null ? 0 : cog * W];
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            Scratch sc = Scratch.get(k * dySlab + k * xSlab + xSlab);
            int[] dyMap = toLaneMajor(cog), xMap = toLaneMajor(cig);
            Taps taps = new Taps(k * cog, fromLaneMajor(cig));
            for (int chunk = c0; chunk < c1; chunk++) {
                Ring dyRing = new Ring(sc.f, 0, k, dySlab, dyMap, inner);
                Ring xRing = new Ring(sc.f, k * dySlab, k, xSlab, xMap, inner);
                float[] acc = part[chunk], accB = partB[chunk];
                int from = (int) ((long) pairs * chunk / chunks), to = (int) ((long) pairs * (chunk + 1) / chunks);
                for (int s = from; s < to; s++) {
                    // dy slabs l − padT … l − padT + k − 1 are in the ring, l among them
                    if (dx != null) pair(dyRing, dy, s, cog, filterT, padT, zero, dx, cig, true, taps, k * (dySlab + xSlab));
                    if (dw == null && db == null) continue;
                    int o = s / len, l = s % len;
                    int dyBase = dyRing.slab(dy, s);
                    if (db != null) biasSums(sc.f, dyBase, accB);
                    for (int j = 0; j < k && dw != null; j++) {
                        int pos = l + j - padLeft;
                        if (pos < 0 || pos >= len) continue;
                        int base = xRing.slab(x, o * len + pos);
                        weightTap(sc.f, base, dyBase, acc, j * cig * cog * W);
                    }
                }
            }
        });
        if (db != null) {
            for (int u = 0; u < cog; u++) {
                for (int g = 0; g < G; g++) {
                    float sum = 0;
                    for (float[] pb : partB) {
                        sum += pb[u * W + g];
                        sum += pb[u * W + G + g];
                    }
                    db[g * cog + u] += sum;
                }
            }
        }
        if (dw == null) return;
        for (int j = 0; j < k; j++) {
            for (int p = 0; p < cig; p++) {
                for (int u = 0; u < cog; u++) {
                    int idx = ((j * cig + p) * cog + u) * W;
                    for (int g = 0; g < G; g++) {
                        float sum = 0;
                        for (float[] pa : part) {
                            sum += pa[idx + g];
                            sum += pa[idx + G + g];
                        }
                        dw[((g * cog + u) * cig + p) * k + j] += sum;
                    }
                }
            }
        }
    }

    /** acc[u, :] += Σ_b dy'[b, u, :]: one chain per lane over the blocks from zero, then added. */
    private void biasSums(float[] buf, int dyBase, float[] acc) {
        if (VECTOR) {
            VectorGroupLanesConv.biasSums(buf, dyBase, cog, blocks, acc);
            return;
        }
        int dyBlock = cog * W;
        for (int u = 0; u < cog; u++) {
            for (int lane = 0; lane < W; lane++) {
                float s = 0f;
                for (int b = 0; b < blocks; b++) s += buf[dyBase + b * dyBlock + u * W + lane];
                acc[u * W + lane] += s;
            }
        }
    }

    /**
     * One tap of one pair: acc[p, u, :] += Σ_b x'[b, p, :] · dy'[b, u, :] for all (p, u), one
     * chain per lane over the blocks from zero, then added to acc.
     */
    private void weightTap(float[] buf, int xBase, int dyBase, float[] acc, int a0) {
        if (VECTOR) {
            VectorGroupLanesConv.weightTap(buf, xBase, cig * W, dyBase, cog * W, blocks, cig, cog, acc, a0);
            return;
        }
        int xBlock = cig * W, dyBlock = cog * W;
        for (int p = 0; p < cig; p++) {
            for (int u = 0; u < cog; u++) {
                int x0 = xBase + p * W, d0 = dyBase + u * W, a = a0 + (p * cog + u) * W;
                for (int lane = 0; lane < W; lane++) {
                    float s = 0f;
                    for (int b = 0; b < blocks; b++) {
                        s = Math.fma(buf[x0 + b * xBlock + lane], buf[d0 + b * dyBlock + lane], s);
                    }
                    acc[a + lane] += s;
                }
            }
        }
    }

    // ================================================================ layouts

    /** For each lane-major index (p·2 + h)·G + g of a block, its natural index h·C + g·per + p. */
    private static int[] toLaneMajor(int per) {
        int ch = per * G;
        int[] map = new int[2 * ch];
        for (int h = 0; h < 2; h++) {
            for (int g = 0; g < G; g++) {
                for (int p = 0; p < per; p++) map[(p * 2 + h) * G + g] = h * ch + g * per + p;
            }
        }
        return map;
    }

    /** For each natural index h·C + g·per + p of a row pair, its lane-major index (p·2 + h)·G + g. */
    private static int[] fromLaneMajor(int per) {
        int ch = per * G;
        int[] map = new int[2 * ch];
        for (int h = 0; h < 2; h++) {
            for (int g = 0; g < G; g++) {
                for (int p = 0; p < per; p++) map[h * ch + g * per + p] = (p * 2 + h) * G + g;
            }
        }
        return map;
    }

    /**
     * A slab of {@code rows} natural rows from {@code s0} to lane-major blocks from {@code d0};
     * the missing second row of an odd last block becomes zeros. Plain loads through the map: a
     * vector gather measured three times slower.
     */
    private static void toLaneMajor(float[] src, int s0, float[] dst, int d0, int rows, int[] map) {
        int block = map.length, ch = block / 2;
        int b = 0;
        for (int s = s0, d = d0; b < rows / 2; b++, s += block, d += block) {
            for (int c = 0; c < block; c++) dst[d + c] = src[s + map[c]];
        }
        if (rows % 2 != 0) {
            int s = s0 + b * block, d = d0 + b * block;
            for (int c = 0; c < block; c++) dst[d + c] = map[c] < ch ? src[s + map[c]] : 0f;
        }
    }

    /** {@code rows} rows from lane-major blocks back to natural rows, stored or added. */
    private static void fromLaneMajor(float[] src, int s0, float[] dst, int d0, int rows, int[] map, boolean add) {
        int block = map.length, ch = block / 2;
        for (int b = 0, s = s0, d = d0; 2 * b < rows; b++, s += block, d += block) {
            int n = 2 * b + 1 < rows ? block : ch;
            if (add) {
                for (int c = 0; c < n; c++) dst[d + c] += src[s + map[c]];
            } else {
                for (int c = 0; c < n; c++) dst[d + c] = src[s + map[c]];
            }
        }
    }

    /**
     * The last k source slabs in lane-major form, slab m in slot m mod k: consecutive output
     * positions need k consecutive source positions, so each slab is rearranged once per run.
     */
    private static final class Ring {
        final float[] buf;
        private final int off, slots, slabSize, rows;
        private final int[] held, map;

        /** A ring of {@code slots} slabs of {@code slabSize} floats in {@code buf} from {@code off}. */
        Ring(float[] buf, int off, int slots, int slabSize, int[] map, int rows) {
            this.buf = buf;
            this.off = off;
            this.slots = slots;
            this.slabSize = slabSize;
            this.map = map;
            this.rows = rows;
            this.held = new int[slots];
            Arrays.fill(held, -1);
        }

        /** Offset in the buffer of slab m (outer·L + position) of {@code src}, rearranged on first use. */
        int slab(float[] src, int m) {
            int slot = m % slots, base = off + slot * slabSize;
            if (held[slot] != m) {
                toLaneMajor(src, m * rows * (map.length / 2), buf, base, rows, map);
                held[slot] = m;
            }
            return base;
        }
    }

    /** Per-thread working array, grown on demand and reused between calls. */
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
