package ipdnet2.nn;

import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.kernels.RowArithmetic;

import java.util.Arrays;

/**
 * Ops that move elements without changing them: reshape, permute, concatenation and splitting
 * along an axis. Each forward is followed by its backward, which moves the gradient back.
 */
public final class Layout {
    private Layout() {}

    // ================================================================ reshape

    /**
     * The same elements in row-major order under a new shape (one size may be -1 and is then
     * inferred). Shares the storage of {@code x}.
     */
    public static Tensor reshape(Tensor x, int... newShape) {
        if (!OpTimer.ON) return reshapeUntimed(x, newShape);
        return OpTimer.time("reshape", () -> reshapeUntimed(x, newShape));
    }

    private static Tensor reshapeUntimed(Tensor x, int... newShape) {
        int[] s = newShape.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: more than one -1 in " + Shapes.str(newShape));
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape: negative size in " + Shapes.str(newShape));
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.data.length % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Shapes.str(newShape)
                        + " for " + x.data.length + " elements");
            }
            s[infer] = x.data.length / known;
        }
        if (Shapes.numel(s) != x.data.length) {
            throw new IllegalArgumentException("reshape: " + Shapes.str(x.shape) + " ("
                    + x.data.length + " elements) cannot become " + Shapes.str(newShape));
        }
        Tensor out = Tensor.result(x.data, s, x);
        if (out.requiresGrad()) {
            GradNode on = out.node, xn = x.node;
            // the same elements: the input adopts the gradient array when it has none yet
            out.onBackward(() -> xn.addOrAdopt(on.grad));
        }
        return out;
    }

    // ================================================================ permute

    /**
     * Axes reordered: output axis i is input axis {@code order[i]} (as {@code torch.permute}).
     * The result is materialised contiguously.
     */
    public static Tensor permute(Tensor x, int... order) {
        if (!OpTimer.ON) return permuteUntimed(x, order);
        return OpTimer.time("permute", () -> permuteUntimed(x, order));
    }

    private static Tensor permuteUntimed(Tensor x, int... order) {
        int r = x.shape.length;
        if (order.length != r) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " for rank " + r);
        }
        boolean[] used = new boolean[r];
        int[] os = new int[r];
        int[] inStrides = Shapes.strides(x.shape);
        int[] st = new int[r]; // input stride of each output axis
        for (int i = 0; i < r; i++) {
            int a = Shapes.axis(order[i], r, "permute");
            if (used[a]) throw new IllegalArgumentException("permute: axis repeated in " + Arrays.toString(order));
            used[a] = true;
            os[i] = x.shape[a];
            st[i] = inStrides[a];
        }
        float[] xd = x.data;
        float[] y = ArrayPool.take(xd.length);
        gather(xd, y, os, st, false);
        Tensor out = Tensor.result(y, os, x);
        if (out.requiresGrad()) {
            GradNode on = out.node, xn = x.node;
            out.onBackward(() -> gather(xn.buffer(), on.grad, os, st, true));
        }
        return out;
    }

    /**
     * Walks the output (shape {@code os}) in row-major order; the matching input offset advances
     * by {@code st}. Forward copies {@code in → out}; backward ({@code scatter}) adds
     * {@code out → in}. Each input element has exactly one output, so rows may run in parallel.
     */
    private static void gather(float[] in, float[] out, int[] os, int[] st, boolean scatter) {
        int r = os.length;
        if (r >= 2 && st[r - 1] != 1 && os[r - 1] > 1) {
            for (int p = 0; p < r - 1; p++) {
                if (st[p] == 1 && os[p] >= TILE) {
                    transposeTiles(in, out, os, st, p, scatter);
                    return;
                }
            }
        }
        if (r == 0) {
            if (scatter) in[0] += out[0];
            else out[0] = in[0];
            return;
        }
        int inner = os[r - 1], innerStride = st[r - 1];
        int rows = inner == 0 ? 0 : out.length / inner;
        Parallel.forRange(rows, Math.max(1, Pointwise.GRAIN / Math.max(1, inner)), (from, to) -> {
            int[] idx = new int[r - 1];
            int base = 0;
            int rem = from;
            for (int d = r - 2; d >= 0; d--) {
                idx[d] = rem % os[d];
                rem /= os[d];
                base += idx[d] * st[d];
            }
            for (int row = from; row < to; row++) {
                int o = row * inner;
                if (scatter) {
                    for (int j = 0, p = base; j < inner; j++, p += innerStride) in[p] += out[o + j];
                } else {
                    for (int j = 0, p = base; j < inner; j++, p += innerStride) out[o + j] = in[p];
                }
                for (int d = r - 2; d >= 0; d--) {
                    idx[d]++;
                    base += st[d];
                    if (idx[d] < os[d]) break;
                    base -= st[d] * os[d];
                    idx[d] = 0;
                }
            }
        });
    }

    /** Side of the tiles of {@link #transposeTiles}: one cache line of floats. */
    private static final int TILE = 16;

    /**
     * {@link #gather} when the output's last axis is strided in the input and output axis
     * {@code p} is the input's contiguous one (e.g. [B, C, F, T] → [B, F, T, C]): a walk in
     * output order would read one float per input cache line, so the two axes are swapped in
     * tiles of {@link #TILE} positions of axis p, within which every input line is read whole.
     */
    private static void transposeTiles(float[] in, float[] out, int[] os, int[] st, int p, boolean scatter) {
        int r = os.length, q = r - 1;
        int[] ost = Shapes.strides(os);
        int sizeP = os[p], sizeQ = os[q], stQ = st[q], ostP = ost[p];
        int combos = out.length / (sizeP * sizeQ);
        Parallel.forRange(combos, Math.max(1, Pointwise.GRAIN / Math.max(1, sizeP * sizeQ)), (from, to) -> {
            for (int cmb = from; cmb < to; cmb++) {
                // offsets of the other axes' index (row-major over the axes other than p and q)
                int rem = cmb, inBase = 0, outBase = 0;
                for (int d = r - 2; d >= 0; d--) {
                    if (d == p) continue;
                    int idx = rem % os[d];
                    rem /= os[d];
                    inBase += idx * st[d];
                    outBase += idx * ost[d];
                }
                for (int p0 = 0; p0 < sizeP; p0 += TILE) {
                    int p1 = Math.min(sizeP, p0 + TILE);
                    for (int pp = p0; pp < p1; pp++) {
                        int o = outBase + pp * ostP, i = inBase + pp;
                        if (scatter) {
                            for (int c = 0; c < sizeQ; c++) in[i + c * stQ] += out[o + c];
                        } else {
                            for (int c = 0; c < sizeQ; c++) out[o + c] = in[i + c * stQ];
                        }
                    }
                }
            }
        });
    }

    // ================================================================ concat / split

    /** The tensors joined along {@code axis}; all other sizes must agree. */
    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat: no tensors");
        int r = parts[0].shape.length;
        int a = Shapes.axis(axis, r, "concat");
        int[] os = parts[0].shape.clone();
        int total = 0;
        for (Tensor t : parts) {
            if (t.shape.length != r) throw new IllegalArgumentException("concat: ranks differ");
            for (int d = 0; d < r; d++) {
                if (d != a && t.shape[d] != os[d]) {
                    throw new IllegalArgumentException("concat: shapes " + Shapes.str(parts[0].shape)
                            + " and " + Shapes.str(t.shape) + " differ outside axis " + a);
                }
            }
            total += t.shape[a];
        }
        os[a] = total;
        int outer = Shapes.prod(os, 0, a), inner = Shapes.prod(os, a + 1, r);
        float[] y = ArrayPool.take(Shapes.numel(os));
        int rowLen = total * inner;
        int at = 0;
        int[] starts = new int[parts.length];
        for (int p = 0; p < parts.length; p++) {
            starts[p] = at;
            int len = parts[p].shape[a] * inner;
            copyBlocks(parts[p].data, 0, len, y, at, rowLen, len, outer, false);
            at += len;
        }
        Tensor out = Tensor.result(y, os, parts);
        if (out.requiresGrad()) {
            GradNode on = out.node;
            GradNode[] pn = new GradNode[parts.length];
            int[] lens = new int[parts.length];
            for (int p = 0; p < parts.length; p++) {
                pn[p] = parts[p].node;
                lens[p] = parts[p].shape[a] * inner;
            }
            out.onBackward(() -> {
                for (int p = 0; p < pn.length; p++) {
                    if (pn[p] == null) continue;
                    int len = lens[p];
                    copyBlocks(on.grad, starts[p], rowLen, pn[p].buffer(), 0, len, len, outer, true);
                }
            });
        }
        return out;
    }

    /** {@code x} cut along {@code axis} into consecutive pieces of the given sizes (which must add up). */
    public static Tensor[] split(Tensor x, int axis, int... sizes) {
        if (!OpTimer.ON) return splitUntimed(x, axis, sizes);
        return OpTimer.time("split", () -> splitUntimed(x, axis, sizes));
    }

    private static Tensor[] splitUntimed(Tensor x, int axis, int... sizes) {
        int r = x.shape.length;
        int a = Shapes.axis(axis, r, "split");
        int sum = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            sum += s;
        }
        if (sum != x.shape[a]) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " do not add up to "
                    + x.shape[a] + " (axis " + a + " of " + Shapes.str(x.shape) + ")");
        }
        int outer = Shapes.prod(x.shape, 0, a), inner = Shapes.prod(x.shape, a + 1, r);
        int rowLen = sum * inner;
        Tensor[] pieces = new Tensor[sizes.length];
        int at = 0;
        for (int p = 0; p < sizes.length; p++) {
            int[] ps = x.shape.clone();
            ps[a] = sizes[p];
            int len = sizes[p] * inner, start = at;
            float[] y = ArrayPool.take(outer * len);
            copyBlocks(x.data, start, rowLen, y, 0, len, len, outer, false);
            Tensor piece = Tensor.result(y, ps, x);
            if (piece.requiresGrad()) {
                GradNode pn = piece.node, xn = x.node;
                piece.onBackward(() -> copyBlocks(pn.grad, 0, len, xn.buffer(), start, rowLen, len, outer, true));
            }
            pieces[p] = piece;
            at += len;
        }
        return pieces;
    }

    /** {@code x} cut along {@code axis} into {@code n} equal pieces. */
    public static Tensor[] chunk(Tensor x, int axis, int n) {
        int a = Shapes.axis(axis, x.shape.length, "chunk");
        if (n <= 0 || x.shape[a] % n != 0) {
            throw new IllegalArgumentException("chunk: size " + x.shape[a] + " of axis " + a + " is not divisible by " + n);
        }
        int[] sizes = new int[n];
        Arrays.fill(sizes, x.shape[a] / n);
        return split(x, axis, sizes);
    }

    /**
     * Copies (or adds, when {@code add}) {@code count} blocks of {@code len} elements:
     * block b goes from {@code src[srcOff + b·srcStride]} to {@code dst[dstOff + b·dstStride]}.
     */
    private static void copyBlocks(float[] src, int srcOff, int srcStride, float[] dst, int dstOff,
                                   int dstStride, int len, int count, boolean add) {
        Parallel.forRange(count, Math.max(1, Pointwise.GRAIN / Math.max(1, len)), (from, to) -> {
            for (int b = from; b < to; b++) {
                int s = srcOff + b * srcStride, d = dstOff + b * dstStride;
                if (add) {
                    RowArithmetic.add(dst, d, src, s, len);
                } else {
                    System.arraycopy(src, s, dst, d, len);
                }
            }
        });
    }
}
