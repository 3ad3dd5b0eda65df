package ipdnet2.nn;

import ipdnet2.nn.kernels.Parallel;

import java.util.Arrays;

/**
 * Element-wise ops: add, subtract and multiply with right-aligned broadcasting, scaling, the
 * activations (SiLU, tanh, softplus, sigmoid, exp) and PReLU with one slope per channel. Each
 * forward is followed by its backward.
 *
 * <p>Loops run over chunks of the flat storage on {@link Parallel}; which function to apply is
 * decided once per chunk, never per element.
 */
public final class Pointwise {
    private Pointwise() {}

    /** Elements per parallel chunk: big enough that a chunk outweighs the hand-off. */
    static final int GRAIN = 1 << 14;

    // ================================================================ binary, broadcasting

    private static final int ADD = 0, SUB = 1, MUL = 2;

    /** {@code a + b}, broadcasting right-aligned (sizes equal or 1). */
    public static Tensor add(Tensor a, Tensor b) {
        return binary(a, b, ADD, "add");
    }

    /** {@code a - b}, broadcasting right-aligned. */
    public static Tensor sub(Tensor a, Tensor b) {
        return binary(a, b, SUB, "sub");
    }

    /** {@code a ⊙ b}, broadcasting right-aligned. */
    public static Tensor mul(Tensor a, Tensor b) {
        return binary(a, b, MUL, "mul");
    }

    /**
     * {@code x + y} for a residual connection {@code x = x + f(x)}, same shapes. When no graph is
     * being recorded ({@link NoGrad}) the sum is written into {@code x}'s storage and {@code x}
     * is returned, so the caller must not use the old value of {@code x} afterwards.
     */
    public static Tensor residual(Tensor x, Tensor y) {
        if (!OpTimer.ON) return residualUntimed(x, y);
        return OpTimer.time("residual", () -> residualUntimed(x, y));
    }

    private static Tensor residualUntimed(Tensor x, Tensor y) {
        if (NoGrad.recording()) return add(x, y);
        if (!Arrays.equals(x.shape, y.shape)) {
            throw new IllegalArgumentException("residual: shapes " + Shapes.str(x.shape) + " and "
                    + Shapes.str(y.shape) + " differ");
        }
        float[] xd = x.data, yd = y.data;
        Parallel.forRange(xd.length, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) xd[i] += yd[i];
        });
        return x;
    }

    /**
     * How the two operands map onto the output: SAME shapes; B_PERIODIC when b's shape is a
     * suffix of a's (b repeats every b.numel elements, e.g. a bias over the last axes); A_PERIODIC
     * the mirror case; otherwise index maps.
     */
    private static final int SAME = 0, B_PERIODIC = 1, A_PERIODIC = 2, GENERAL = 3;

    private static Tensor binary(Tensor a, Tensor b, int op, String name) {
        if (!OpTimer.ON) return binaryUntimed(a, b, op, name);
        return OpTimer.time(name, () -> binaryUntimed(a, b, op, name));
    }

    private static Tensor binaryUntimed(Tensor a, Tensor b, int op, String name) {
        int[] os = Shapes.broadcast(a.shape, b.shape, name);
        int n = Shapes.numel(os);
        int mode;
        if (Arrays.equals(a.shape, b.shape)) mode = SAME;
        else if (Arrays.equals(os, a.shape) && isSuffix(b.shape, a.shape)) mode = B_PERIODIC;
        else if (Arrays.equals(os, b.shape) && isSuffix(a.shape, b.shape)) mode = A_PERIODIC;
        else mode = GENERAL;
        int[] ia = null, ib = null;
        if (mode == GENERAL) {
            ia = indexMap(a.shape, os);
            ib = indexMap(b.shape, os);
        }
        float[] y = ArrayPool.take(n);
        float[] ad = a.data, bd = b.data;
        int na = ad.length, nb = bd.length;
        final int[] fa = ia, fb = ib;
        Parallel.forRange(n, GRAIN, (from, to) -> {
            if (mode == SAME) {
                switch (op) {
                    case ADD:
                        for (int i = from; i < to; i++) y[i] = ad[i] + bd[i];
                        break;
                    case SUB:
                        for (int i = from; i < to; i++) y[i] = ad[i] - bd[i];
                        break;
                    default:
                        for (int i = from; i < to; i++) y[i] = ad[i] * bd[i];
                        break;
                }
                return;
            }
            if (mode == GENERAL) {
                for (int i = from; i < to; i++) {
                    float u = ad[fa[i]], v = bd[fb[i]];
                    y[i] = op == ADD ? u + v : op == SUB ? u - v : u * v;
                }
                return;
            }
            // One operand repeats with period p: walk its index with a wrap instead of i % p.
            int p = mode == A_PERIODIC ? na : nb;
            float[] full = mode == A_PERIODIC ? bd : ad, rep = mode == A_PERIODIC ? ad : bd;
            boolean repFirst = mode == A_PERIODIC;
            for (int i = from, j = from % p; i < to; i++) {
                float u = repFirst ? rep[j] : full[i], v = repFirst ? full[i] : rep[j];
                y[i] = op == ADD ? u + v : op == SUB ? u - v : u * v;
                if (++j == p) j = 0;
            }
        });
        Tensor out = Tensor.result(y, os, a, b);
        if (out.requiresGrad()) {
            GradNode on = out.node, an = a.node, bn = b.node;
            // only a product needs the operands' values in its backward
            float[] keepA = op == MUL ? ad : null, keepB = op == MUL ? bd : null;
            out.onBackward(() -> {
                float[] dy = on.grad;
                if (mode == SAME && op == ADD && an != bn) {
                    // a sum passes dy on unchanged: one operand adopts the array itself
                    if (bn != null) bn.addOrAdopt(an != null ? dy.clone() : dy);
                    if (an != null) an.addOrAdopt(dy);
                    return;
                }
                // d(a op b)/da = 1 or b; d/db = 1, -1 or a. Each operand gets dy times that,
                // summed over the positions where it was broadcast.
                if (an != null) {
                    accumulate(dy, keepB, mode == B_PERIODIC ? nb : 0, fb,
                            an.buffer(), mode == A_PERIODIC, mode == GENERAL ? fa : null, 1f, n, mode);
                }
                if (bn != null) {
                    accumulate(dy, keepA, mode == A_PERIODIC ? na : 0, fa,
                            bn.buffer(), mode == B_PERIODIC, mode == GENERAL ? fb : null,
                            op == SUB ? -1f : 1f, n, mode);
                }
            });
        }
        return out;
    }

    /**
     * {@code dst[map(i)] += sign · dy[i] · other[otherIndex(i)]} over the n output positions.
     * {@code otherPeriod} &gt; 0 when the other operand repeats with that period; {@code reduced}
     * when dst itself is the periodic (smaller) operand; {@code dstMap} for the general case.
     */
    private static void accumulate(float[] dy, float[] other, int otherPeriod, int[] otherMap,
                                   float[] dst, boolean reduced, int[] dstMap, float sign, int n, int mode) {
        if (mode == GENERAL) {
            // Several outputs may map to one element: sequential to keep the sums race-free.
            for (int i = 0; i < n; i++) {
                float g = dy[i] * sign;
                if (other != null) g *= other[otherMap[i]];
                dst[dstMap[i]] += g;
            }
            return;
        }
        if (reduced) {
            int cols = dst.length;
            float[] tmp = dy;
            if (other != null || sign != 1f) {
                tmp = new float[n];
                float[] t = tmp;
                Parallel.forRange(n, GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) t[i] = sign * dy[i] * (other == null ? 1f : other[i]);
                });
            }
            RowSums.add(tmp, null, n / cols, cols, dst);
            return;
        }
        Parallel.forRange(n, GRAIN, (from, to) -> {
            if (other == null) {
                for (int i = from; i < to; i++) dst[i] += sign * dy[i];
            } else if (otherPeriod > 0) {
                for (int i = from, j = from % otherPeriod; i < to; i++) {
                    dst[i] += sign * dy[i] * other[j];
                    if (++j == otherPeriod) j = 0;
                }
            } else {
                for (int i = from; i < to; i++) dst[i] += sign * dy[i] * other[i];
            }
        });
    }

    /** True when {@code small}, without leading 1s, equals the trailing sizes of {@code big}. */
    private static boolean isSuffix(int[] small, int[] big) {
        int s = 0;
        while (s < small.length && small[s] == 1) s++;
        int len = small.length - s;
        if (len > big.length) return false;
        for (int i = 0; i < len; i++) {
            if (small[s + i] != big[big.length - len + i]) return false;
        }
        return true;
    }

    /** For each output position, the flat index of the broadcast operand element it reads. */
    private static int[] indexMap(int[] shape, int[] os) {
        int[] st = Shapes.broadcastStrides(shape, os);
        int n = Shapes.numel(os);
        int[] map = new int[n];
        int[] idx = new int[os.length];
        int off = 0;
        for (int i = 0; i < n; i++) {
            map[i] = off;
            for (int d = os.length - 1; d >= 0; d--) {
                idx[d]++;
                off += st[d];
                if (idx[d] < os[d]) break;
                off -= st[d] * os[d];
                idx[d] = 0;
            }
        }
        return map;
    }

    /** {@code c · x}. */
    public static Tensor scale(Tensor x, float c) {
        if (!OpTimer.ON) return scaleUntimed(x, c);
        return OpTimer.time("scale", () -> scaleUntimed(x, c));
    }

    private static Tensor scaleUntimed(Tensor x, float c) {
        float[] xd = x.data;
        float[] y = ArrayPool.take(xd.length);
        Parallel.forRange(y.length, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) y[i] = c * xd[i];
        });
        Tensor out = Tensor.result(y, x.shape, x);
        if (out.requiresGrad()) {
            GradNode on = out.node, xn = x.node;
            out.onBackward(() -> {
                float[] dy = on.grad, dx = xn.buffer();
                Parallel.forRange(dy.length, GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) dx[i] += c * dy[i];
                });
            });
        }
        return out;
    }

    // ================================================================ unary activations

    private static final int SILU = 0, TANH = 1, SOFTPLUS = 2, EXP = 3, SIGMOID = 4;

    /** SiLU (swish): {@code x·σ(x)}. */
    public static Tensor silu(Tensor x) {
        return unary(x, SILU, false);
    }

    /** Like {@link #silu} but, when no graph is being recorded, overwrites and returns {@code x}. */
    public static Tensor siluInPlace(Tensor x) {
        return unary(x, SILU, true);
    }

    /** Hyperbolic tangent. */
    public static Tensor tanh(Tensor x) {
        return unary(x, TANH, false);
    }

    /** Softplus with β = 1 and threshold 20: {@code ln(1 + e^x)}, and {@code x} itself above 20. */
    public static Tensor softplus(Tensor x) {
        return unary(x, SOFTPLUS, false);
    }

    /** Natural exponential. */
    public static Tensor exp(Tensor x) {
        return unary(x, EXP, false);
    }

    /** Logistic sigmoid {@code 1/(1 + e^-x)}. */
    public static Tensor sigmoid(Tensor x) {
        return unary(x, SIGMOID, false);
    }

    private static final String[] UNARY_NAMES = {"silu", "tanh", "softplus", "exp", "sigmoid"};

    private static Tensor unary(Tensor x, int fn, boolean inPlace) {
        if (!OpTimer.ON) return unaryUntimed(x, fn, inPlace);
        return OpTimer.time(UNARY_NAMES[fn], () -> unaryUntimed(x, fn, inPlace));
    }

    private static Tensor unaryUntimed(Tensor x, int fn, boolean inPlace) {
        float[] xd = x.data;
        boolean reuse = inPlace && !NoGrad.recording();
        float[] y = reuse ? xd : ArrayPool.take(xd.length);
        Parallel.forRange(xd.length, GRAIN, (from, to) -> {
            switch (fn) {
                case SILU:
                    Activations.silu(xd, y, from, to);
                    break;
                case TANH:
                    Activations.tanh(xd, y, from, to);
                    break;
                case SOFTPLUS:
                    Activations.softplus(xd, y, from, to);
                    break;
                case EXP:
                    Activations.exp(xd, y, from, to);
                    break;
                default:
                    Activations.sigmoid(xd, y, from, to);
                    break;
            }
        });
        if (reuse) return x;
        Tensor out = Tensor.result(y, x.shape, x);
        if (out.requiresGrad()) {
            GradNode on = out.node, xn = x.node;
            // SiLU and softplus differentiate from their input, the others from their output
            float[] kx = fn == SILU || fn == SOFTPLUS ? xd : null, ky = kx == null ? y : null;
            out.onBackward(() -> {
                float[] dy = on.grad, dx = xn.buffer();
                Parallel.forRange(dy.length, GRAIN, (from, to) -> {
                    switch (fn) {
                        case SILU:
                            // d/dx x·σ(x) = σ(x)·(1 + x·(1 − σ(x)))
                            Activations.siluBackward(kx, dy, dx, from, to);
                            break;
                        case TANH:
                            for (int i = from; i < to; i++) dx[i] += dy[i] * (1f - ky[i] * ky[i]);
                            break;
                        case SOFTPLUS:
                            // d/dx ln(1 + e^x) = σ(x); 1 in the linear region above the threshold.
                            Activations.softplusBackward(kx, dy, dx, from, to);
                            break;
                        case EXP:
                            for (int i = from; i < to; i++) dx[i] += dy[i] * ky[i];
                            break;
                        default:
                            for (int i = from; i < to; i++) dx[i] += dy[i] * ky[i] * (1f - ky[i]);
                            break;
                    }
                });
            });
        }
        return out;
    }

    // ================================================================ PReLU

    /**
     * PReLU with one slope per channel of the last axis: {@code x} where {@code x ≥ 0},
     * {@code slope[c]·x} elsewhere. {@code slope} has shape [C] with C the last size of x (or [1]
     * for a single shared slope).
     */
    public static Tensor prelu(Tensor x, Tensor slope) {
        if (!OpTimer.ON) return preluUntimed(x, slope);
        return OpTimer.time("prelu", () -> preluUntimed(x, slope));
    }

    private static Tensor preluUntimed(Tensor x, Tensor slope) {
        int c = x.shape.length == 0 ? 1 : x.shape[x.shape.length - 1];
        int na = slope.data.length;
        if (slope.shape.length != 1 || (na != c && na != 1)) {
            throw new IllegalArgumentException("prelu: slope shape " + Shapes.str(slope.shape)
                    + " must be [" + c + "] or [1] for input " + Shapes.str(x.shape));
        }
        float[] xd = x.data;
        // Expand a shared slope to one per channel so every loop below runs rows × channels.
        float[] ad = na == c ? slope.data : filled(c, slope.data[0]);
        int rows = c == 0 ? 0 : xd.length / c;
        float[] y = ArrayPool.take(xd.length);
        int minRows = Math.max(1, GRAIN / Math.max(1, c));
        Parallel.forRange(rows, minRows, (r0, r1) -> {
            // max/min instead of a branch: the sign of x is unpredictable
            for (int r = r0; r < r1; r++) Activations.prelu(xd, null, ad, y, r * c, c);
        });
        Tensor out = Tensor.result(y, x.shape, x, slope);
        if (out.requiresGrad()) {
            GradNode on = out.node, xn = x.node, sn = slope.node;
            out.onBackward(() -> {
                float[] dy = on.grad;
                float[] dx = xn != null ? xn.buffer() : null;
                // d y/d x = 1 (x > 0) or slope; d y/d slope[c] = min(x, 0), summed per channel.
                int chunks = RowSums.chunks(rows, c);
                float[][] part = new float[chunks][c];
                RowSums.forChunks(rows, c, (chunk, r0, r1) -> {
                    float[] pa = part[chunk];
                    for (int r = r0; r < r1; r++) Activations.preluBackward(xd, dy, ad, dx, pa, r * c, c);
                });
                if (sn != null) {
                    float[] da = sn.buffer();
                    for (float[] pa : part) {
                        for (int j = 0; j < c; j++) da[na == 1 ? 0 : j] += pa[j];
                    }
                }
            });
        }
        return out;
    }

    /**
     * {@code x + prelu(y, slope)}: a residual connection around a block ending in PReLU, in one
     * pass (same shapes; slope [C] or [1]). Like {@link #residual}, when no graph is recorded
     * the sum is written into {@code x}, which is returned.
     */
    public static Tensor preluResidual(Tensor x, Tensor y, Tensor slope) {
        if (!OpTimer.ON) return preluResidualUntimed(x, y, slope);
        return OpTimer.time("preluResidual", () -> preluResidualUntimed(x, y, slope));
    }

    private static Tensor preluResidualUntimed(Tensor x, Tensor y, Tensor slope) {
        if (!Arrays.equals(x.shape, y.shape)) {
            throw new IllegalArgumentException("preluResidual: shapes " + Shapes.str(x.shape) + " and "
                    + Shapes.str(y.shape) + " differ");
        }
        int c = y.shape.length == 0 ? 1 : y.shape[y.shape.length - 1];
        int na = slope.data.length;
        if (slope.shape.length != 1 || (na != c && na != 1)) {
            throw new IllegalArgumentException("preluResidual: slope shape " + Shapes.str(slope.shape)
                    + " must be [" + c + "] or [1] for input " + Shapes.str(y.shape));
        }
        float[] xd = x.data, yd = y.data;
        float[] ad = na == c ? slope.data : filled(c, slope.data[0]);
        int rows = c == 0 ? 0 : yd.length / c;
        boolean recording = NoGrad.recording();
        float[] z = recording ? ArrayPool.take(xd.length) : xd;
        Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, c)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) Activations.prelu(yd, xd, ad, z, r * c, c);
        });
        if (!recording) return x;
        Tensor out = Tensor.result(z, x.shape, x, y, slope);
        if (out.requiresGrad()) {
            GradNode on = out.node, xn = x.node, yn = y.node, sn = slope.node;
            out.onBackward(() -> {
                float[] dz = on.grad;
                // d/dy = 1 (y > 0) or slope; d/d slope[c] = min(y, 0), summed per channel; d/dx = 1
                // last, since x may adopt dz itself
                float[] dy = yn != null ? yn.buffer() : null;
                int chunks = RowSums.chunks(rows, c);
                float[][] part = new float[chunks][c];
                RowSums.forChunks(rows, c, (chunk, r0, r1) -> {
                    for (int r = r0; r < r1; r++) Activations.preluBackward(yd, dz, ad, dy, part[chunk], r * c, c);
                });
                if (sn != null) {
                    float[] da = sn.buffer();
                    for (float[] pa : part) {
                        for (int j = 0; j < c; j++) da[na == 1 ? 0 : j] += pa[j];
                    }
                }
                if (xn != null) xn.addOrAdopt(xn == yn ? dz.clone() : dz);
            });
        }
        return out;
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }
}
