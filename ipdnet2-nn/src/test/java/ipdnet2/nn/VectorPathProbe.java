package ipdnet2.nn;

import ipdnet2.nn.Conv1dOp.Padding;
import ipdnet2.nn.kernels.FastActivations;
import ipdnet2.nn.kernels.FreqConvKernel;
import ipdnet2.nn.kernels.RowNorm;
import ipdnet2.nn.kernels.RowProduct;
import ipdnet2.nn.kernels.ScanStep;
import ipdnet2.nn.kernels.SelectiveScan;
import ipdnet2.nn.kernels.VectorSupport;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs every op that has a Vector API path on fixed seeded inputs and collects the outputs by
 * name. Run as a program (in a JVM without {@code jdk.incubator.vector}) it writes them to the
 * file named by its argument, so {@link VectorFallbackTest} can compare the plain path with the
 * vector path of its own JVM. Sizes are chosen to leave a partial vector at the end of rows.
 */
final class VectorPathProbe {
    private VectorPathProbe() {}

    public static void main(String[] args) throws IOException {
        Map<String, float[]> out = compute();
        try (DataOutputStream s = new DataOutputStream(Files.newOutputStream(Path.of(args[0])))) {
            s.writeBoolean(VectorSupport.ENABLED);
            s.writeInt(out.size());
            for (Map.Entry<String, float[]> e : out.entrySet()) {
                s.writeUTF(e.getKey());
                s.writeInt(e.getValue().length);
                for (float v : e.getValue()) s.writeFloat(v);
            }
        }
    }

    static Map<String, float[]> compute() {
        Map<String, float[]> out = new LinkedHashMap<>();
        SplittableRandom rng = new SplittableRandom(2024);
        int n = 1003;
        float[] x = random(rng, n, -25, 25), dy = random(rng, n, -1, 1), dx0 = random(rng, n, -1, 1);
        out.put("act.silu", apply(x, (a, b) -> Activations.silu(a, b, 0, n)));
        out.put("act.softplus", apply(x, (a, b) -> Activations.softplus(a, b, 0, n)));
        out.put("act.tanh", apply(x, (a, b) -> Activations.tanh(a, b, 0, n)));
        out.put("act.exp", apply(random(rng, n, -10, 10), (a, b) -> Activations.exp(a, b, 0, n)));
        out.put("act.sigmoid", apply(x, (a, b) -> Activations.sigmoid(a, b, 0, n)));
        float[] g = dx0.clone();
        Activations.siluBackward(x, dy, g, 0, n);
        out.put("act.siluBackward", g);
        g = dx0.clone();
        Activations.softplusBackward(x, dy, g, 0, n);
        out.put("act.softplusBackward", g);
        int rows = 7, c = 45;
        float[] px = random(rng, rows * c, -2, 2), slope = random(rng, c, 0, 0.5), base = random(rng, rows * c, -1, 1);
        float[] py = new float[rows * c], pdx = random(rng, rows * c, -1, 1), pda = random(rng, c, -1, 1);
        float[] pdy = random(rng, rows * c, -1, 1);
        for (int r = 0; r < rows; r++) {
            Activations.prelu(px, base, slope, py, r * c, c);
            Activations.preluBackward(px, pdy, slope, pdx, pda, r * c, c);
        }
        out.put("act.prelu", py);
        out.put("act.preluBackward.dx", pdx);
        out.put("act.preluBackward.da", pda);

        layerNorm(rng, out);
        conv(rng, "conv.grouped", out, new int[] {2, 6, 5, 48}, new int[] {48, 6, 5}, 1, 8);
        conv(rng, "conv.padded", out, new int[] {1, 5, 6, 96}, new int[] {96, 12, 5}, 1, 8);
        conv(rng, "conv.lanes32", out, new int[] {1, 4, 9, 256}, new int[] {256, 32, 3}, 1, 8);
        conv(rng, "conv.paired", out, new int[] {1, 4, 5, 64}, new int[] {64, 32, 3}, 1, 2);
        conv(rng, "conv.sequences", out, new int[] {2, 3, 13, 10}, new int[] {16, 10, 5}, 2, 1);
        conv(rng, "conv.depthwise", out, new int[] {2, 19, 37}, new int[] {37, 1, 4}, 1, 37);
        scan(rng, out);
        streaming(rng, out);
        return out;
    }

    private static void layerNorm(SplittableRandom rng, Map<String, float[]> out) {
        Tensor x = param(random(rng, 9 * 67, -3, 5), 9, 67);
        Tensor gamma = param(random(rng, 67, 0.5, 1.5), 67);
        Tensor beta = param(random(rng, 67, -1, 1), 67);
        Tensor y = LayerNormOp.apply(x, gamma, beta, 1e-5f);
        Reduce.sum(Pointwise.mul(y, Tensor.of(random(rng, 9 * 67, -1, 1), 9, 67))).backward();
        out.put("layerNorm.y", y.data().clone());
        out.put("layerNorm.dx", x.grad().clone());
        out.put("layerNorm.dgamma", gamma.grad().clone());
        out.put("layerNorm.dbeta", beta.grad().clone());
    }

    private static void conv(SplittableRandom rng, String name, Map<String, float[]> out, int[] xs, int[] ws,
            int axis, int groups) {
        Tensor x = param(random(rng, size(xs), -1, 1), xs);
        Tensor w = param(random(rng, size(ws), -0.3, 0.3), ws);
        Tensor b = param(random(rng, ws[0], -1, 1), ws[0]);
        Tensor y = Conv1dOp.apply(x, w, b, axis, groups, Padding.SAME);
        Reduce.sum(Pointwise.mul(y, Tensor.of(random(rng, y.data().length, -1, 1), y.shape()))).backward();
        out.put(name + ".y", y.data().clone());
        out.put(name + ".dx", x.grad().clone());
        out.put(name + ".dw", w.grad().clone());
        out.put(name + ".db", b.grad().clone());
    }

    private static void scan(SplittableRandom rng, Map<String, float[]> out) {
        int seqs = 3, t = 11, e = 21, nn = 5;
        float[] x = random(rng, seqs * t * e, -1, 1), delta = random(rng, seqs * t * e, 0.01, 1);
        float[] a = random(rng, e * nn, -2, -0.1), b = random(rng, seqs * t * nn, -1, 1);
        float[] c = random(rng, seqs * t * nn, -1, 1), d = random(rng, e, -1, 1), dy = random(rng, seqs * t * e, -1, 1);
        float[] y = new float[seqs * t * e];
        SelectiveScan.forward(seqs, t, e, nn, x, delta, a, b, c, d, y);
        out.put("scan.y", y);
        float[] dx = new float[x.length], dDelta = new float[x.length], dA = new float[a.length];
        float[] dB = new float[b.length], dC = new float[c.length], dD = new float[e];
        SelectiveScan.backward(seqs, t, e, nn, x, delta, a, b, c, d, dy, dx, dDelta, dA, dB, dC, dD);
        out.put("scan.dx", dx);
        out.put("scan.dDelta", dDelta);
        out.put("scan.dA", dA);
        out.put("scan.dB", dB);
        out.put("scan.dC", dC);
        out.put("scan.dD", dD);
        float[] state = new float[e * nn], yt = new float[e];
        SelectiveScan.step(e, nn, x, delta, a, b, c, d, state, yt);
        out.put("scan.step.y", yt);
        out.put("scan.step.state", state);
    }

    private static void streaming(SplittableRandom rng, Map<String, float[]> out) {
        int n = 203;
        float[] x = random(rng, n, -25, 25);
        float[] v = x.clone();
        FastActivations.silu(v, 0, n);
        out.put("fast.silu", v);
        v = x.clone();
        FastActivations.tanh(v, 0, n);
        out.put("fast.tanh", v);
        v = x.clone();
        FastActivations.softplus(v, 0, n);
        out.put("fast.softplus", v);
        v = x.clone();
        FastActivations.addSilu(v, 0, random(rng, n, -5, 5), 0, n);
        out.put("fast.addSilu", v);
        v = random(rng, 3 * 67, -2, 2);
        FastActivations.prelu(v, 3, 67, random(rng, 3, 0, 0.5));
        out.put("fast.prelu", v);

        int ch = 14, groups = 7, k = 5, freqs = 53, pad = (k - 1) / 2, ld = freqs + 2 * pad;
        float[] xT = new float[ch * ld];
        for (int i = 0; i < ch; i++) {
            for (int f = 0; f < freqs; f++) xT[i * ld + pad + f] = (float) rng.nextDouble(-1, 1);
        }
        float[] yT = new float[ch * freqs];
        FreqConvKernel.apply(ch, groups, k, freqs, xT, ld, random(rng, ch * (ch / groups) * k, -0.5, 0.5),
                random(rng, ch, -1, 1), yT);
        out.put("freqConv", yT);
        // six channels per group (four-output blocks inside a group and single outputs at its
        // end), 90 frequencies: whole four-vector runs, single vectors and a plain tail
        int gch = 18, gGroups = 3, gFreqs = 90, gLd = gFreqs + 2 * pad;
        float[] gx = new float[gch * gLd];
        for (int i = 0; i < gch; i++) {
            for (int f = 0; f < gFreqs; f++) gx[i * gLd + pad + f] = (float) rng.nextDouble(-1, 1);
        }
        float[] gy = new float[gch * gFreqs];
        FreqConvKernel.apply(gch, gGroups, k, gFreqs, gx, gLd, random(rng, gch * (gch / gGroups) * k, -0.5, 0.5),
                random(rng, gch, -1, 1), gy);
        out.put("freqConv.groupBlocks", gy);

        int rows = 6, in = 19, o = 27, ldw = RowProduct.padded(o);
        float[] w = RowProduct.pack(random(rng, o * in, -0.5, 0.5), o, in);
        float[] bias = RowProduct.padBias(random(rng, o, -1, 1), o);
        float[] xr = random(rng, rows * in, -1, 1), yr = random(rng, rows * o, -1, 1);
        RowProduct.multiply(rows, in, xr, 0, in, w, ldw, o, bias, yr, 0, o, true);
        out.put("rowProduct.accumulate", yr);
        yr = new float[rows * o];
        RowProduct.multiply(rows, in, xr, 0, in, w, ldw, o, null, yr, 0, o, false);
        out.put("rowProduct", yr);
        // several whole vectors, then a partial one (a plain tail when accumulating, a shifted
        // whole vector when not), over two four-row blocks and a single row
        int wideRows = 9, wideIn = 13, wideOut = 149, wideLd = RowProduct.padded(wideOut);
        float[] ww = RowProduct.pack(random(rng, wideOut * wideIn, -0.5, 0.5), wideOut, wideIn);
        float[] wb = RowProduct.padBias(random(rng, wideOut, -1, 1), wideOut);
        float[] wx = random(rng, wideRows * wideIn, -1, 1), wy = random(rng, wideRows * wideOut, -1, 1);
        RowProduct.multiply(wideRows, wideIn, wx, 0, wideIn, ww, wideLd, wideOut, wb, wy, 0, wideOut, true);
        out.put("rowProduct.wide.accumulate", wy);
        wy = random(rng, wideRows * wideOut, -1, 1);
        RowProduct.multiply(wideRows, wideIn, wx, 0, wideIn, ww, wideLd, wideOut, wb, wy, 0, wideOut, false);
        out.put("rowProduct.wide", wy);

        int c = 45, r = 19;
        float[] xn = random(rng, r * c, -3, 5), gamma = random(rng, c, 0.5, 1.5), beta = random(rng, c, -1, 1);
        float mu = RowNorm.mean(xn, 0, c), rs = RowNorm.rstd(xn, 0, c, mu, 1e-5f);
        out.put("rowNorm.stats", new float[] {mu, rs});
        float[] yn = new float[c];
        RowNorm.normalize(xn, 0, c, 0.25f, 1.5f, gamma, beta, yn, 0);
        out.put("rowNorm.normalize", yn);
        float[] ynT = new float[c * (r + 3)];
        RowNorm.normalizeTransposed(xn, r, c, 1e-5f, gamma, beta, ynT, r + 3, 2);
        out.put("rowNorm.transposed", ynT);

        int e = 21, nn = 5;
        float[] aT = ScanStep.packA(random(rng, e * nn, -2, -0.1), e, nn);
        float[] state = random(rng, nn * e, -1, 1), ys = new float[e];
        ScanStep.step(e, nn, random(rng, e, -1, 1), 0, random(rng, e, 0.01, 1), 0, aT, random(rng, nn, -1, 1), 0,
                random(rng, nn, -1, 1), 0, random(rng, e, -1, 1), random(rng, e, -3, 3), 0, state, 0, ys, 0);
        out.put("scanStep.y", ys);
        out.put("scanStep.state", state);
    }

    private interface Op {
        void run(float[] x, float[] y);
    }

    private static float[] apply(float[] x, Op op) {
        float[] y = new float[x.length];
        op.run(x, y);
        return y;
    }

    private static Tensor param(float[] data, int... shape) {
        Tensor t = Tensor.parameter(shape);
        System.arraycopy(data, 0, t.data(), 0, data.length);
        return t;
    }

    private static int size(int[] shape) {
        int s = 1;
        for (int d : shape) s *= d;
        return s;
    }

    private static float[] random(SplittableRandom rng, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(lo, hi);
        return a;
    }
}
