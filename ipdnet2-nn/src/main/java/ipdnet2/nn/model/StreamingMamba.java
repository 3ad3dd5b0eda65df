package ipdnet2.nn.model;

import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.FastActivations;
import ipdnet2.nn.kernels.RowArithmetic;
import ipdnet2.nn.kernels.RowProduct;
import ipdnet2.nn.kernels.ScanStep;

import java.util.Arrays;
import java.util.Map;

/**
 * One Mamba block (ARCHITECTURE.md §3) advanced by one time step for {@code rows} independent
 * sequences (the compressed frequency bands), with a fixed-size state per sequence: the last
 * d_conv − 1 inputs of the causal depthwise convolution and the scan state (held [N, E], the
 * step kernel's layout). Stepping T times from {@link #reset()} reproduces the offline block on a
 * T-long sequence. Weights are packed once for {@link RowProduct}; the output projection adds
 * straight into the caller's residual stream.
 */
final class StreamingMamba {
    private final int rows, h, e, n, r, k, w, wPad, hPad, e2Pad;
    private final boolean aNegative;
    private final float[] inProj, convTaps, convB, xProj, dtW, dtBias, outProj, aT, d;
    private final float[] tail;     // [rows][(k−1)·E], oldest input first
    private final float[] state;    // [rows][N·E]
    private final float[] xz, xc, dbc, dt, y;

    StreamingMamba(Map<String, Tensor> p, String prefix, IPDnet2Config c, int rows) {
        this.rows = rows;
        h = c.hidden();
        e = c.dInner();
        n = c.dState();
        r = c.dtRank();
        k = c.dConv();
        w = r + 2 * n;
        wPad = RowProduct.padded(w);
        hPad = RowProduct.padded(h);
        e2Pad = RowProduct.padded(2 * e);
        float[] aLog = FrameOps.param(p, prefix + "A_log", e, n);
        d = FrameOps.param(p, prefix + "D", e);
        inProj = RowProduct.pack(FrameOps.param(p, prefix + "in_proj.weight", 2 * e, h), 2 * e, h);
        float[] convW = FrameOps.param(p, prefix + "conv1d.weight", e, 1, k);
        convTaps = new float[k * e];   // tap-major [k][E]
        for (int ch = 0; ch < e; ch++) {
            for (int j = 0; j < k; j++) convTaps[j * e + ch] = convW[ch * k + j];
        }
        convB = FrameOps.param(p, prefix + "conv1d.bias", e);
        xProj = RowProduct.pack(FrameOps.param(p, prefix + "x_proj.weight", w, e), w, e);
        dtW = RowProduct.pack(FrameOps.param(p, prefix + "dt_proj.weight", e, r), e, r);
        dtBias = RowProduct.padBias(FrameOps.param(p, prefix + "dt_proj.bias", e), e);
        outProj = RowProduct.pack(FrameOps.param(p, prefix + "out_proj.weight", h, e), h, e);
        // A = −exp(A_log), formed as the offline block does (exp in float, then × −1).
        float[] a = new float[e * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) Math.exp(aLog[i]) * -1f;
        aT = ScanStep.packA(a, e, n);
        aNegative = ScanStep.allNegative(aT);
        tail = new float[rows * (k - 1) * e];
        state = new float[rows * e * n];
        xz = new float[rows * e2Pad];
        xc = new float[rows * e];
        dbc = new float[rows * wPad];
        dt = new float[rows * e];
        y = new float[rows * e];
    }

    void reset() {
        Arrays.fill(tail, 0f);
        Arrays.fill(state, 0f);
    }

    /** residual[rows][H] += Mamba(in[rows][H]) for the next time step of every sequence. */
    void step(float[] in, float[] residual) {
        int tl = (k - 1) * e;
        RowProduct.multiply(rows, h, in, 0, h, inProj, e2Pad, 2 * e, null, xz, 0, e2Pad, false);
        // Causal depthwise conv: tap k−1 reads the current input, tap j < k−1 the input k−1−j steps back.
        for (int s = 0; s < rows; s++) {
            int to = s * tl, xo = s * e2Pad, co = s * e;
            // tap by tap over contiguous channels (vector rows), in the offline order of taps
            Arrays.fill(xc, co, co + e, 0f);
            for (int j = 0; j < k - 1; j++) RowArithmetic.addProduct(xc, co, convTaps, j * e, tail, to + j * e, e);
            RowArithmetic.addProduct(xc, co, convTaps, (k - 1) * e, xz, xo, e);
            RowArithmetic.add(xc, co, convB, 0, e);
            if (k > 1) {
                System.arraycopy(tail, to + e, tail, to, (k - 2) * e);
                System.arraycopy(xz, xo, tail, to + (k - 2) * e, e);
            }
        }
        FastActivations.silu(xc, 0, rows * e);
        RowProduct.multiply(rows, e, xc, 0, e, xProj, wPad, w, null, dbc, 0, wPad, false);
        RowProduct.multiply(rows, r, dbc, 0, wPad, dtW, RowProduct.padded(e), e, dtBias, dt, 0, e, false);
        FastActivations.softplus(dt, 0, rows * e);
        for (int s = 0; s < rows; s++) {
            int so = s * e;
            ScanStep.advance(e, n, xc, so, dt, so, aT, aNegative, dbc, s * wPad + r, dbc, s * wPad + r + n, state, s * e * n, y, so);
        }
        ScanStep.gate(e, rows, xc, 0, e, d, xz, e, e2Pad, y, 0, e);
        RowProduct.multiply(rows, e, y, 0, e, outProj, hPad, h, null, residual, 0, h, true);
    }
}
