package ipdnet2.nn.model;

import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.SelectiveScan;

import java.util.Arrays;
import java.util.Map;

/**
 * One Mamba block (ARCHITECTURE.md §3) advanced by one time step for {@code rows} independent
 * sequences (the compressed frequency bands), with a fixed-size state per sequence: the last
 * d_conv − 1 inputs of the causal depthwise convolution and the [E, N] scan state. Stepping T
 * times from {@link #reset()} reproduces the offline block on a T-long sequence.
 */
final class StreamingMamba {
    private final int rows, h, e, n, r, k;
    private final float[] inProj, convW, convB, xProj, dtW, dtB, outProj, a, d;
    private final float[][] tail;   // [rows][(k−1)·E], oldest input first
    private final float[][] state;  // [rows][E·N]
    private final float[] xz, xc, dbc, dt, y, xT, dT, bT, cT, yT;

    StreamingMamba(Map<String, Tensor> p, String prefix, IPDnet2Config c, int rows) {
        this.rows = rows;
        h = c.hidden();
        e = c.dInner();
        n = c.dState();
        r = c.dtRank();
        k = c.dConv();
        float[] aLog = FrameOps.param(p, prefix + "A_log", e, n);
        d = FrameOps.param(p, prefix + "D", e);
        // projections held transposed, [in][out] (FrameOps.linear)
        inProj = FrameOps.transposed(FrameOps.param(p, prefix + "in_proj.weight", 2 * e, h), 2 * e, h);
        convW = FrameOps.param(p, prefix + "conv1d.weight", e, 1, k);
        convB = FrameOps.param(p, prefix + "conv1d.bias", e);
        xProj = FrameOps.transposed(FrameOps.param(p, prefix + "x_proj.weight", r + 2 * n, e), r + 2 * n, e);
        dtW = FrameOps.transposed(FrameOps.param(p, prefix + "dt_proj.weight", e, r), e, r);
        dtB = FrameOps.param(p, prefix + "dt_proj.bias", e);
        outProj = FrameOps.transposed(FrameOps.param(p, prefix + "out_proj.weight", h, e), h, e);
        // A = −exp(A_log), formed as the offline block does (exp in float, then × −1).
        a = new float[e * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) Math.exp(aLog[i]) * -1f;
        tail = new float[rows][(k - 1) * e];
        state = new float[rows][e * n];
        xz = new float[rows * 2 * e];
        xc = new float[rows * e];
        dbc = new float[rows * (r + 2 * n)];
        dt = new float[rows * e];
        y = new float[rows * e];
        xT = new float[e];
        dT = new float[e];
        bT = new float[n];
        cT = new float[n];
        yT = new float[e];
    }

    void reset() {
        for (float[] t : tail) Arrays.fill(t, 0f);
        for (float[] s : state) Arrays.fill(s, 0f);
    }

    /** out[rows][H] = Mamba(in[rows][H]) for the next time step of every sequence. */
    void step(float[] in, float[] out) {
        int e2 = 2 * e, w = r + 2 * n;
        FrameOps.linear(in, 0, h, rows, h, inProj, null, e2, xz);
        // Causal depthwise conv: tap k−1 reads the current input, tap j < k−1 the input k−1−j steps back.
        for (int s = 0; s < rows; s++) {
            float[] past = tail[s];
            int xo = s * e2;
            for (int c = 0; c < e; c++) {
                int wo = c * k;
                float acc = 0f;
                for (int j = 0; j < k - 1; j++) acc += convW[wo + j] * past[j * e + c];
                acc += convW[wo + k - 1] * xz[xo + c];
                acc += convB[c];
                xc[s * e + c] = acc;
            }
            if (k > 1) {
                System.arraycopy(past, e, past, 0, (k - 2) * e);
                System.arraycopy(xz, xo, past, (k - 2) * e, e);
            }
        }
        FrameOps.silu(xc, rows * e);
        FrameOps.linear(xc, 0, e, rows, e, xProj, null, w, dbc);
        FrameOps.linear(dbc, 0, w, rows, r, dtW, dtB, e, dt);
        FrameOps.softplus(dt, rows * e);
        for (int s = 0; s < rows; s++) {
            System.arraycopy(xc, s * e, xT, 0, e);
            System.arraycopy(dt, s * e, dT, 0, e);
            System.arraycopy(dbc, s * w + r, bT, 0, n);
            System.arraycopy(dbc, s * w + r + n, cT, 0, n);
            SelectiveScan.step(e, n, xT, dT, a, bT, cT, d, state[s], yT);
            // y ⊙ SiLU(z)
            int zo = s * e2 + e;
            for (int c = 0; c < e; c++) {
                float z = xz[zo + c];
                y[s * e + c] = yT[c] * (z / (1f + (float) Math.exp(-z)));
            }
        }
        FrameOps.linear(y, 0, e, rows, e, outProj, null, h, out);
    }
}
