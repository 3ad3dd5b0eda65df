package ipdnet2.nn.optim;

import ipdnet2.nn.Tensor;

import java.util.List;

/** Gradient clipping by the global L2 norm (PyTorch {@code clip_grad_norm_}). */
public final class GradClip {
    private GradClip() {}

    /**
     * Computes the L2 norm of all gradients together; if {@code maxNorm/(norm + 1e-6) < 1}, scales
     * every gradient by that factor. Parameters without a gradient are ignored.
     *
     * @return the norm before clipping (NaN or infinity if a gradient is not finite; the
     *         gradients are then scaled to NaN as in PyTorch without {@code error_if_nonfinite})
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("clipGradNorm: max norm must be > 0, got " + maxNorm);
        double sq = 0;
        for (Tensor p : params) {
            float[] g = p.grad();
            if (g == null) continue;
            double s = 0;
            for (float x : g) s += (double) x * x;
            sq += s;
        }
        double norm = Math.sqrt(sq);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1 || Double.isNaN(coef)) {
            float c = (float) coef;
            for (Tensor p : params) {
                float[] g = p.grad();
                if (g == null) continue;
                for (int i = 0; i < g.length; i++) g[i] *= c;
            }
        }
        return norm;
    }
}
