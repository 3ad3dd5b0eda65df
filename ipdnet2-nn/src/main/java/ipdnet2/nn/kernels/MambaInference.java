package ipdnet2.nn.kernels;

/**
 * The element-wise stages of a Mamba block in inference, each fused into one pass so that the
 * block's [rows, E] intermediates are written once instead of by a chain of tensor ops
 * (ARCHITECTURE.md §3, Mamba block):
 * <ul>
 *   <li>{@link #convSilu}: x = SiLU(depthwise causal Conv1d(x) + bias), one row of E channels at
 *       a time, the SiLU applied while the row is in the first-level cache;</li>
 *   <li>{@link #deltaAndStates}: Δ = softplus(dt_proj(δ)) straight from the x_proj output, whose
 *       B and C columns are copied out in the same pass.</li>
 * </ul>
 * The sums over taps run as fused multiply-add chains in increasing tap index from the bias; the
 * vector forms ({@link VectorMambaInference}, used when {@link VectorSupport#ENABLED}) build the
 * same chains lane by lane, so both paths give bitwise the same results.
 */
public final class MambaInference {
    private MambaInference() {}

    /**
     * y[s][t][e] = SiLU(bias[e] + Σ_j w[e][j]·x[s][t − (k−1) + j][e]) with zeros before t = 0,
     * for {@code seqs} sequences of T rows of E channels; w in PyTorch's layout [E][1][k].
     */
    public static void convSilu(int seqs, int T, int E, int k, float[] x, float[] w, float[] bias, float[] y) {
        float[] wT = new float[k * E];   // [k][E]: a tap's weights contiguous over channels
        for (int e = 0; e < E; e++) {
            for (int j = 0; j < k; j++) wT[j * E + e] = w[e * k + j];
        }
        for (int s = 0; s < seqs; s++) {
            for (int t = 0; t < T; t++) {
                int row = (s * T + t) * E;
                int first = Math.max(0, k - 1 - t);   // taps before the sequence's start read zeros
                int e = VectorSupport.ENABLED ? VectorMambaInference.convRow(E, k, first, x, row, wT, bias, y) : 0;
                for (; e < E; e++) {
                    float acc = bias[e];
                    for (int j = first; j < k; j++) acc = Math.fma(wT[j * E + e], x[row + (j - k + 1) * E + e], acc);
                    y[row + e] = acc;
                }
                FastActivations.silu(y, row, E);
            }
        }
    }

    /**
     * From the x_proj output {@code dbc} [rows][R + 2N] (δ, B, C): Δ[r][e] =
     * softplus(bias[e] + Σ_q dbc[r][q]·w[e][q]) (w = dt_proj's weight [E][R]) into {@code delta}
     * [rows][E], and B, C into {@code b}, {@code c} [rows][N].
     */
    public static void deltaAndStates(int rows, int R, int N, int E, float[] dbc, float[] w, float[] bias,
            float[] delta, float[] b, float[] c) {
        int ld = R + 2 * N;
        float[] wT = new float[R * E];   // [R][E]
        for (int e = 0; e < E; e++) {
            for (int q = 0; q < R; q++) wT[q * E + e] = w[e * R + q];
        }
        for (int r = 0; r < rows; r++) {
            int in = r * ld, out = r * E;
            int e = VectorSupport.ENABLED ? VectorMambaInference.deltaRow(E, R, dbc, in, wT, bias, delta, out) : 0;
            for (; e < E; e++) {
                float acc = bias[e];
                for (int q = 0; q < R; q++) acc = Math.fma(wT[q * E + e], dbc[in + q], acc);
                delta[out + e] = acc;
            }
            FastActivations.softplus(delta, out, E);
            System.arraycopy(dbc, in + R, b, r * N, N);
            System.arraycopy(dbc, in + R + N, c, r * N, N);
        }
    }
}
