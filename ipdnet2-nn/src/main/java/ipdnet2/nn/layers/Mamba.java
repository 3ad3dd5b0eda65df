package ipdnet2.nn.layers;

import ipdnet2.nn.Conv1dOp.Padding;
import ipdnet2.nn.Layout;
import ipdnet2.nn.Pointwise;
import ipdnet2.nn.ScanOp;
import ipdnet2.nn.Tensor;

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
    private final int dModel, dInner, dState, dtRank;
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
        Tensor[] xz = Layout.chunk(inProj.forward(h), -1, 2);
        Tensor x = Pointwise.siluInPlace(conv1d.forward(xz[0]));
        Tensor[] dbc = Layout.split(xProj.forward(x), -1, dtRank, dState, dState);
        Tensor delta = Pointwise.softplus(dtProj.forward(dbc[0]));
        Tensor a = Pointwise.scale(Pointwise.exp(aLog), -1f);
        Tensor y = ScanOp.apply(x, delta, a, dbc[1], dbc[2], d);
        return outProj.forward(Pointwise.mul(y, Pointwise.siluInPlace(xz[1])));
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
