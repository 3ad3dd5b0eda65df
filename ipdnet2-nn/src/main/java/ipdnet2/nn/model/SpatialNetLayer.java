package ipdnet2.nn.model;

import ipdnet2.nn.ArrayPool;
import ipdnet2.nn.Conv1dOp.Padding;
import ipdnet2.nn.Pointwise;
import ipdnet2.nn.PoolOp;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.layers.Conv1d;
import ipdnet2.nn.layers.LayerNorm;
import ipdnet2.nn.layers.Linear;
import ipdnet2.nn.layers.Mamba;
import ipdnet2.nn.layers.Module;
import ipdnet2.nn.layers.PReLU;
import ipdnet2.nn.layers.Sequential;

/**
 * One online SpatialNet layer of IPDnet2 (ARCHITECTURE.md §3 step 3) on [B, F, T, H]:
 * cross-band frequency convolution, full-band linear module, a second frequency convolution,
 * then two narrow-band Mamba blocks along T. The first layer also pools F by 2 after
 * {@code fconv1} and by N/2 after {@code fconv2} (the published code pools 2 then 8).
 * Child names equal the PyTorch state_dict prefixes.
 */
final class SpatialNetLayer extends Module {
    /** Axes of the [B, F, T, H] activations. */
    static final int AXIS_F = 1, AXIS_T = 2;

    private final boolean first;
    private final int secondPool;
    private final Sequential fconv1, fconv2;
    private final LayerNorm normFull, normMhsa, normTconvffn;
    private final Conv1d squeeze, unsqueeze;
    private final Linear full;
    private final Mamba mhsa, tconvffn;

    /**
     * @param fullFreqs F' of the full-band linear module (F/2 in layer 0, F/N afterwards)
     */
    SpatialNetLayer(IPDnet2Config c, boolean first, int fullFreqs) {
        int h = c.hidden();
        this.first = first;
        this.secondPool = c.freqCompression() / 2;
        // Registration order = PyTorch's attribute order, so namedParameters() is state_dict order.
        fconv1 = addModule("fconv1", frequencyConv(c));
        normFull = addModule("norm_full", new LayerNorm(h));
        squeeze = pointwiseConv(h, c.squeeze());
        addModule("squeeze", new Sequential().add(squeeze));          // squeeze.0; SiLU is squeeze.1
        full = addModule("full", new Linear(fullFreqs, fullFreqs, true));
        unsqueeze = pointwiseConv(c.squeeze(), h);
        addModule("unsqueeze", new Sequential().add(unsqueeze));
        fconv2 = addModule("fconv2", frequencyConv(c));
        normMhsa = addModule("norm_mhsa", new LayerNorm(h));
        mhsa = addModule("mhsa", new Mamba(h, c.dState(), c.dConv(), c.expand()));
        normTconvffn = addModule("norm_tconvffn", new LayerNorm(h));
        tconvffn = addModule("tconvffn", new Mamba(h, c.dState(), c.dConv(), c.expand()));
    }

    /** LayerNorm over H, grouped 'same' conv along F, PReLU: [fconv.0, fconv.1, fconv.2]. */
    private static Sequential frequencyConv(IPDnet2Config c) {
        int h = c.hidden();
        return new Sequential()
                .add(new LayerNorm(h))
                .add(new Conv1d(h, h, c.freqKernel(), c.convGroups(), Padding.SAME, true, AXIS_F))
                .add(new PReLU(h));
    }

    /** A 1×1 convolution over channels (weight [out, in, 1] as in PyTorch). */
    private static Conv1d pointwiseConv(int in, int out) {
        return new Conv1d(in, out, 1, 1, Padding.SAME, true, AXIS_F);
    }

    /** [B, F, T, H] → [B, F'', T, H] (F'' = F/N in layer 0, unchanged afterwards). */
    Tensor forward(Tensor x) {
        // Residuals add in place when no graph is recorded: x is always this layer's own
        // intermediate or the caller's, which the network never reads again. Likewise every
        // intermediate handed to ArrayPool.release is dead (release does nothing in training).
        x = frequencyConv(fconv1, x);
        if (first) x = pooled(x, AXIS_F, 2);
        x = residual(x, fullBand(x));
        x = frequencyConv(fconv2, x);
        if (first) x = pooled(x, AXIS_F, secondPool);
        return narrowBands(x);
    }

    /**
     * The two Mamba blocks alone, on [B, F'', T, H]: the rest of the layer after its per-frame
     * modules (which {@link FrameFront} runs for layer 0 in inference).
     */
    Tensor narrowBands(Tensor x) {
        // Narrow-band: every (b, f) sequence along T independently; Mamba reads [..., T, H].
        x = residual(x, narrowBand(mhsa, normMhsa, x));
        x = residual(x, narrowBand(tconvffn, normTconvffn, x));
        return x;
    }

    /** x + y, in place in inference, after which y's storage is recycled. */
    private static Tensor residual(Tensor x, Tensor y) {
        Tensor sum = Pointwise.residual(x, y);
        ArrayPool.release(y);
        return sum;
    }

    /** Average pooling of x, whose storage is recycled afterwards in inference. */
    static Tensor pooled(Tensor x, int axis, int factor) {
        Tensor p = PoolOp.avg(x, axis, factor);
        ArrayPool.release(x);
        return p;
    }

    /** A Mamba block on LayerNorm(x). */
    private static Tensor narrowBand(Mamba block, LayerNorm norm, Tensor x) {
        Tensor n = norm.forward(x);
        Tensor y = block.forward(n);
        ArrayPool.release(n);
        return y;
    }

    /** x + PReLU(conv(LayerNorm(x))) of a [fconv.0, fconv.1, fconv.2] block, the PReLU fused with the residual. */
    private static Tensor frequencyConv(Sequential fconv, Tensor x) {
        Tensor n = fconv.get(0).forward(x);
        Tensor y = fconv.get(1).forward(n);
        ArrayPool.release(n);
        Tensor sum = Pointwise.preluResidual(x, y, ((PReLU) fconv.get(2)).weight());
        ArrayPool.release(y);
        return sum;
    }

    /** Full-band module: squeeze H → S with SiLU, Linear across F, unsqueeze S → H with SiLU. */
    private Tensor fullBand(Tensor x) {
        Tensor n = normFull.forward(x);
        Tensor s = Pointwise.siluInPlace(squeeze.forward(n));                   // [B, F, T, S]
        ArrayPool.release(n);
        Tensor acrossF = full.forwardAlong(s, AXIS_F);                           // [B, F, T, S]
        ArrayPool.release(s);
        Tensor u = Pointwise.siluInPlace(unsqueeze.forward(acrossF));           // [B, F, T, H]
        ArrayPool.release(acrossF);
        return u;
    }
}
