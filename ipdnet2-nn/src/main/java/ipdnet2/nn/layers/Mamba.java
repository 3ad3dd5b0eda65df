package ipdnet2.nn.layers;

import ipdnet2.nn.ArrayPool;
import ipdnet2.nn.Conv1dOp.Padding;
import ipdnet2.nn.Layout;
import ipdnet2.nn.LinearOp;
import ipdnet2.nn.NoGrad;
import ipdnet2.nn.Pointwise;
import ipdnet2.nn.ScanOp;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.MambaInference;
import ipdnet2.nn.kernels.SelectiveScan;

import java.util.SplittableRandom;

/**
 * The Mamba block of ARCHITECTURE.md §3 (selective state-space model) over sequences along the
 * second-to-last axis: input [..., T, H], every leading index an independent sequence.
 * <pre>
 *   [x, z] = in_proj(h)                         H → 2E, no bias
 *   x      = SiLU(conv1d(x))                    depthwise causal, kernel d_conv, bias
 *   [δ, B, C] = split(x_proj(x), R, N, N)       no bias
 *   Δ      = softplus(dt_proj(δ))               R → E, bias
 *   y      = scan(x, Δ, −exp(A_log), B, C, D)   see {@link ScanOp}
 *   out    = out_proj(y ⊙ SiLU(z))              E → H, no bias
 * </pre>
 * with E = expand·H, R = ⌈H/16⌉, N = d_state. Parameter names are those of the reference
 * ({@code A_log}, {@code D}, {@code in_proj.weight}, {@code conv1d.weight}, {@code conv1d.bias},
 * {@code x_proj.weight}, {@code dt_proj.weight}, {@code dt_proj.bias}, {@code out_proj.weight}).
 */
public final class Mamba extends Module implements Layer {
    private final int dModel, dInner, dState, dtRank, dConv;
    private final Tensor aLog, d;
    private final Linear inProj, xProj, dtProj, outProj;
    private final Conv1d conv1d;

    /** The configuration of IPDnet2: d_state 16, d_conv 4, expand 2. */
    public Mamba(int dModel) {
        this(dModel, 16, 4, 2);
    }

    public Mamba(int dModel, int dState, int dConv, int expand) {
        if (dModel < 1 || dState < 1 || dConv < 1 || expand < 1) {
            throw new IllegalArgumentException("Mamba: sizes must be positive: d_model=" + dModel
                    + " d_state=" + dState + " d_conv=" + dConv + " expand=" + expand);
        }
        this.dModel = dModel;
        this.dInner = expand * dModel;
        this.dState = dState;
        this.dtRank = (dModel + 15) / 16;
        this.dConv = dConv;
        // Own parameters first: a PyTorch state_dict lists them before the submodules'.
        aLog = addParameter("A_log", Tensor.parameter(dInner, dState));
        d = addParameter("D", Tensor.parameter(dInner));
        inProj = addModule("in_proj", new Linear(dModel, 2 * dInner, false));
        conv1d = addModule("conv1d", new Conv1d(dInner, dInner, dConv, dInner, Padding.CAUSAL, true, -2));
        xProj = addModule("x_proj", new Linear(dInner, dtRank + 2 * dState, false));
        dtProj = addModule("dt_proj", new Linear(dtRank, dInner, true));
        outProj = addModule("out_proj", new Linear(dInner, dModel, false));
        initDecay();
    }

    @Override
    public Tensor forward(Tensor h) {
        if (h.rank() < 2 || h.size(-1) != dModel) {
            throw new IllegalArgumentException("Mamba: input " + java.util.Arrays.toString(h.shape())
                    + " must be [..., T, " + dModel + "]");
        }
        if (!NoGrad.recording()) return infer(h);
        // [x, z] = in_proj(h) as two products with the halves of its weight: no split copies
        Tensor xIn = LinearOp.applyOutputs(h, inProj.weight(), 0, dInner);
        Tensor z = LinearOp.applyOutputs(h, inProj.weight(), dInner, 2 * dInner);
        Tensor x = Pointwise.siluInPlace(conv1d.forward(xIn));
        Tensor[] dbc = Layout.split(xProj.forward(x), -1, dtRank, dState, dState);
        Tensor delta = Pointwise.softplus(dtProj.forward(dbc[0]));
        Tensor a = Pointwise.scale(Pointwise.exp(aLog), -1f);
        Tensor y = ScanOp.apply(x, delta, a, dbc[1], dbc[2], d);
        return outProj.forward(Pointwise.mul(y, Pointwise.siluInPlace(z)));
    }

    /**
     * The forward without a graph (inference): the same block, with the element-wise stages
     * fused ({@link MambaInference}: convolution with SiLU; dt_proj with softplus and the B, C
     * columns; the output gate applied inside the scan's pass) and the intermediates recycled.
     */
    private Tensor infer(Tensor h) {
        int e = dInner, n = dState, t = h.size(-2), rows = h.numel() / dModel, seqs = rows / t;
        Tensor xIn = LinearOp.applyOutputs(h, inProj.weight(), 0, dInner);
        Tensor z = LinearOp.applyOutputs(h, inProj.weight(), dInner, 2 * dInner);
        float[] xc = ArrayPool.take(rows * e);
        MambaInference.convSilu(seqs, t, e, dConv, xIn.data(), conv1d.weight().data(), conv1d.bias().data(), xc);
        ArrayPool.release(xIn);
        Tensor x = Tensor.of(xc, xIn.shape());
        Tensor dbc = xProj.forward(x);
        float[] delta = ArrayPool.take(rows * e), b = ArrayPool.take(rows * n), c = ArrayPool.take(rows * n);
        MambaInference.deltaAndStates(rows, dtRank, n, e, dbc.data(), dtProj.weight().data(), dtProj.bias().data(),
                delta, b, c);
        ArrayPool.release(dbc);
        float[] logA = aLog.data(), a = new float[e * n];
        for (int i = 0; i < a.length; i++) a[i] = -(float) Math.exp(logA[i]);
        float[] y = ArrayPool.take(rows * e);
        SelectiveScan.forward(seqs, t, e, n, xc, delta, a, b, c, d.data(), z.data(), y);
        ArrayPool.release(x);
        ArrayPool.release(z);
        ArrayPool.release(delta);
        ArrayPool.release(b);
        ArrayPool.release(c);
        Tensor gated = Tensor.of(y, xIn.shape());
        Tensor out = outProj.forward(gated);
        ArrayPool.release(gated);
        return out;
    }

    // ================================================================ streaming

    /**
     * The recurrent state of a number of independent sequences for {@link #step}: the last
     * d_conv − 1 inputs of the causal convolution and the scan state, both zero at the start.
     */
    public static final class Stream {
        private final int seqs, taps, inner, state;
        /** [seqs, d_conv − 1, E], oldest first. */
        private final float[] convTail;
        /** [seqs, E, N]. */
        private final float[] ssm;

        private Stream(int seqs, int taps, int inner, int state) {
            this.seqs = seqs;
            this.taps = taps;
            this.inner = inner;
            this.state = state;
            convTail = new float[seqs * taps * inner];
            ssm = new float[seqs * inner * state];
        }

        public int sequences() {
            return seqs;
        }

        /** Back to the start of the sequences (all zeros). */
        public void reset() {
            java.util.Arrays.fill(convTail, 0f);
            java.util.Arrays.fill(ssm, 0f);
        }
    }

    /** A zero state for {@code seqs} sequences. */
    public Stream newStream(int seqs) {
        if (seqs < 1) throw new IllegalArgumentException("Mamba.newStream: sequence count must be positive, got " + seqs);
        return new Stream(seqs, dConv - 1, dInner, dState);
    }

    /**
     * One time step of every sequence, advancing {@code stream}: {@code h} holds the current
     * frame of each sequence, shape [..., H] with the leading sizes multiplying to
     * {@code stream.sequences()}. Applied to frames t = 0, 1, ... it gives the rows of
     * {@link #forward} on the whole sequences. Records no graph.
     */
    public Tensor step(Tensor h, Stream stream) {
        int seqs = stream.seqs;
        if (h.rank() < 1 || h.size(-1) != dModel || h.numel() != seqs * dModel || stream.inner != dInner) {
            throw new IllegalArgumentException("Mamba.step: frame " + java.util.Arrays.toString(h.shape())
                    + " does not hold " + seqs + " sequences of " + dModel + " features");
        }
        try (NoGrad scope = NoGrad.enter()) {
            int e = dInner, n = dState, taps = stream.taps;
            float[] xz = inProj.forward(h.reshape(seqs, dModel)).data(); // [seqs, 2E]
            // causal depthwise convolution over (tail, current), then the tail moves on by one
            float[] w = conv1d.weight().data(), cb = conv1d.bias().data(), tail = stream.convTail;
            float[] xc = new float[seqs * e];
            for (int s = 0; s < seqs; s++) {
                int t0 = s * taps * e;
                for (int c = 0; c < e; c++) {
                    float acc = cb[c];
                    for (int j = 0; j < taps; j++) acc += w[c * dConv + j] * tail[t0 + j * e + c];
                    acc += w[c * dConv + taps] * xz[s * 2 * e + c];
                    xc[s * e + c] = acc;
                }
                if (taps > 0) {
                    System.arraycopy(tail, t0 + e, tail, t0, (taps - 1) * e);
                    System.arraycopy(xz, s * 2 * e, tail, t0 + (taps - 1) * e, e);
                }
            }
            Tensor x = Pointwise.siluInPlace(Tensor.of(xc, seqs, e));
            Tensor[] dbc = Layout.split(xProj.forward(x), -1, dtRank, n, n);
            float[] delta = Pointwise.softplus(dtProj.forward(dbc[0])).data();
            float[] a = Pointwise.scale(Pointwise.exp(aLog), -1f).data();
            float[] bAll = dbc[1].data(), cAll = dbc[2].data(), xd = x.data();
            float[] xs = new float[e], ds = new float[e], bs = new float[n], cs = new float[n];
            float[] ssm = new float[e * n], ys = new float[e], y = new float[seqs * e];
            for (int s = 0; s < seqs; s++) {
                System.arraycopy(xd, s * e, xs, 0, e);
                System.arraycopy(delta, s * e, ds, 0, e);
                System.arraycopy(bAll, s * n, bs, 0, n);
                System.arraycopy(cAll, s * n, cs, 0, n);
                System.arraycopy(stream.ssm, s * e * n, ssm, 0, e * n);
                SelectiveScan.step(e, n, xs, ds, a, bs, cs, d.data(), ssm, ys);
                System.arraycopy(ssm, 0, stream.ssm, s * e * n, e * n);
                System.arraycopy(ys, 0, y, s * e, e);
            }
            float[] z = new float[seqs * e];
            for (int s = 0; s < seqs; s++) System.arraycopy(xz, s * 2 * e + e, z, s * e, e);
            Tensor gated = Pointwise.mul(Tensor.of(y, seqs, e), Pointwise.siluInPlace(Tensor.of(z, seqs, e)));
            int[] shape = h.shape();
            return outProj.forward(gated).reshape(shape);
        }
    }

    public int innerDim() {
        return dInner;
    }

    public int stateDim() {
        return dState;
    }

    public int dtRank() {
        return dtRank;
    }

    /**
     * After the children's PyTorch defaults: dt_proj.weight U(−R^−½, R^−½); dt_proj.bias the
     * inverse softplus of Δ₀ = exp(U(ln 0.001, ln 0.1)) floored at 1e-4; A_log[e, n] = ln(n+1); D = 1.
     */
    @Override
    protected void resetParameters(SplittableRandom rng) {
        uniform(dtProj.weight(), 1.0 / Math.sqrt(dtRank), rng);
        float[] bias = dtProj.bias().data();
        double lo = Math.log(1e-3), hi = Math.log(1e-1);
        for (int e = 0; e < dInner; e++) {
            double dt = Math.max(Math.exp(lo + (hi - lo) * rng.nextDouble()), 1e-4);
            // softplus⁻¹(dt) = dt + ln(1 − e^−dt)
            bias[e] = (float) (dt + Math.log(-Math.expm1(-dt)));
        }
        initDecay();
    }

    private void initDecay() {
        float[] al = aLog.data();
        for (int e = 0; e < dInner; e++) {
            for (int n = 0; n < dState; n++) al[e * dState + n] = (float) Math.log(n + 1);
        }
        fill(d, 1f);
    }
}
