package ipdnet2.nn.model;

import ipdnet2.nn.kernels.RowNorm;

import java.util.Arrays;
import java.util.Map;

/**
 * Allocation-free operations on one frame's activations, stored row-major as [rows][channels]
 * in plain float arrays, for {@link StreamingIPDnet2}. Each mirrors the tensor op of the offline
 * network (same formula and precision), so a streamed frame matches the offline one to rounding.
 */
final class FrameOps {
    private FrameOps() {}

    /** LayerNorm over the last axis, eps inside the root, statistics in float lanes as {@code LayerNormOp}. */
    static void layerNorm(float[] x, int rows, int c, float[] gamma, float[] beta, float[] y) {
        for (int row = 0; row < rows; row++) {
            int o = row * c;
            float mu = RowNorm.mean(x, o, c);
            float rs = RowNorm.rstd(x, o, c, mu, ipdnet2.nn.layers.LayerNorm.EPS);
            RowNorm.normalize(x, o, c, mu, rs, gamma, beta, y, o);
        }
    }

    /** Rows per block of the transposing frame ops. */
    static final int TILE = 16;

    /** The named parameter's storage, checked against the expected shape. */
    static float[] param(Map<String, ipdnet2.nn.Tensor> params, String name, int... shape) {
        ipdnet2.nn.Tensor t = params.get(name);
        if (t == null) throw new IllegalArgumentException("streaming network: parameter '" + name + "' is missing");
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("streaming network: parameter '" + name + "' has shape "
                    + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
        }
        return t.data();
    }
}
