package ipdnet2.nn.kernels;

/**
 * The grouped 'same' convolution along frequency of one streamed frame, computed channel-major:
 * input {@code xT} [C][ld] holds each channel's F values from offset {@code pad} with
 * {@code pad} = (k−1)/2 zeros on both sides, output {@code yT} [C][F]. Vectors run over
 * frequencies, so every weight is one broadcast multiplied into contiguous input runs: no
 * gathering of shifted rows, no packing, and groups narrower than a vector cost nothing extra.
 * The taps (ci, j) run as one flat loop: nested short loops around vector accumulators compiled
 * more than ten times slower.
 * <pre>
 *   yT[o][f] = bias[o] + Σ_ci Σ_j W[o][ci][j] · xT[g(o)·C/groups + ci][f + j]
 * </pre>
 * with W in PyTorch's layout [C][C/groups][k]. Each output is one chain of fused multiply-adds
 * in the order (ci, j), from the bias; the vector form ({@link VectorFreqConvKernel}, used when
 * {@link VectorSupport#ENABLED}) and the plain loop here build the same chains, bitwise equal.
 */
public final class FreqConvKernel {
    /** off[j] = j: the taps of the contiguous layout. */
    private static final int[] CONTIGUOUS = new int[64];

    static {
        for (int j = 0; j < CONTIGUOUS.length; j++) CONTIGUOUS[j] = j;
    }

    private FreqConvKernel() {}

    public static void apply(int c, int groups, int k, int freqs, float[] xT, int ld, float[] w,
            float[] bias, float[] yT) {
        if (k > CONTIGUOUS.length) throw new IllegalArgumentException("frequency kernel of " + k + " taps is over " + CONTIGUOUS.length);
        applyPhased(c, groups, k, 1, freqs, xT, ld, CONTIGUOUS, w, bias, yT);
    }

    /**
     * The same convolution on frequencies stored in {@code phases} interleaved classes: output
     * row o of yT holds phase p's {@code cols} columns at [p·cols, (p+1)·cols), and tap j of
     * input channel ci for output column i of phase p is read at
     * {@code xT[ci·ld + tapOff[p·k + j] + i]}. With frequency f = i·phases + p, the caller's
     * offsets place each neighbour f + j − (k−1)/2 (or a zero pad) there. Pooling by
     * {@code phases} then adds whole phases, with no de-interleaving ({@code FrameFront}).
     * One phase with tapOff = 0..k−1 is {@link #apply}. Each output is the same fma chain in the
     * order (ci, j), from the bias, on both paths.
     */
    public static void applyPhased(int c, int groups, int k, int phases, int cols, float[] xT, int ld,
            int[] tapOff, float[] w, float[] bias, float[] yT) {
        int yld = phases * cols;
        for (int p = 0; p < phases; p++) {
            if (VectorSupport.ENABLED) {
                VectorFreqConvKernel.apply(c, groups, k, cols, xT, ld, tapOff, p * k, w, bias, yT, yld, p * cols);
            } else {
                for (int o = 0; o < c; o++) tail(c / groups, k, cols, xT, ld, tapOff, p * k, w, bias, yT, yld, p * cols, o, 0);
            }
        }
    }

    /** Output o at columns [from, cols) of its phase (from yb in its row): the plain chains. */
    static void tail(int cg, int k, int cols, float[] xT, int ld, int[] off, int ob, float[] w, float[] bias,
            float[] yT, int yld, int yb, int o, int from) {
        int in0 = (o / cg) * cg * ld, wo = o * cg * k, yo = o * yld + yb;
        for (int f = from; f < cols; f++) {
            float acc = bias[o];
            for (int ci = 0; ci < cg; ci++) {
                int row = in0 + ci * ld + f;
                for (int j = 0; j < k; j++) acc = Math.fma(xT[row + off[ob + j]], w[wo + ci * k + j], acc);
            }
            yT[yo + f] = acc;
        }
    }
}
