package ipdnet2.nn.kernels;

/**
 * y[rows][out] (+)= x[rows][in] · W (+ bias) for the few rows of one streamed frame, with W packed
 * once, at construction of the caller, as [in][out] with {@code out} padded to whole vectors
 * ({@link #padded}; pad columns zero). Nothing is packed or allocated per call: the product
 * streams contiguous weight rows and keeps a 4-row × 2-vector block of outputs in registers, so
 * each weight vector loaded feeds four multiply-adds.
 *
 * <p>Numerics: each output is one chain of fused multiply-adds in increasing input index,
 * started from the bias (or zero) and, when accumulating, from y's old value plus the bias.
 */
public final class RowProduct {
    /** Lanes per vector: packed widths are multiples of it. */
    public static final int LANES = VectorSupport.LANES;

    private RowProduct() {}

    /** {@code n} rounded up to whole vectors. */
    public static int padded(int n) {
        return (n + LANES - 1) / LANES * LANES;
    }

    /**
     * Packs a weight given as [out][in] (row-major, PyTorch's layout; trailing size-1 axes
     * allowed) into [in][padded(out)].
     */
    public static float[] pack(float[] w, int out, int in) {
        int ld = padded(out);
        float[] p = new float[in * ld];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) p[i * ld + o] = w[o * in + i];
        }
        return p;
    }

    /** A bias of {@code out} values zero-padded to {@link #padded}(out). */
    public static float[] padBias(float[] b, int out) {
        float[] p = new float[padded(out)];
        System.arraycopy(b, 0, p, 0, out);
        return p;
    }

    /**
     * y[r][0..out) (+)= x[r][0..in) · w + bias for r < rows. {@code ldw} = padded width of the packed
     * weight (a multiple of {@link #LANES}, ≥ out); rows of x start at {@code xOff + r·ldx}, rows
     * of y at {@code yOff + r·ldy}. Only the {@code out} columns of y are touched. {@code bias}
     * (padded like w) may be null.
     */
    public static void multiply(int rows, int in, float[] x, int xOff, int ldx, float[] w, int ldw, int out,
            float[] bias, float[] y, int yOff, int ldy, boolean accumulate) {
        multiply(rows, in, x, xOff, ldx, w, 0, ldw, out, bias, y, yOff, ldy, accumulate);
    }

    /**
     * As {@link #multiply(int, int, float[], int, int, float[], int, int, float[], float[], int, int, boolean)}
     * with the packed operand's rows starting at {@code wOff + p·ldw}: a block of a larger
     * array, e.g. a window of consecutive frames used as the vectorised operand in place.
     */
    public static void multiply(int rows, int in, float[] x, int xOff, int ldx, float[] w, int wOff, int ldw, int out,
            float[] bias, float[] y, int yOff, int ldy, boolean accumulate) {
        if (ldw % LANES != 0 || out > ldw) {
            throw new IllegalArgumentException("row product: packed width " + ldw + " is not whole vectors or below " + out);
        }
        if (VectorSupport.ENABLED) {
            VectorRowProduct.multiply(rows, in, x, xOff, ldx, w, wOff, ldw, out, bias, y, yOff, ldy, accumulate);
            return;
        }
        // plain twin: each output is the same chain as a vector lane, from the bias (plus y when
        // accumulating) then fma over p in increasing order, hence bitwise the same
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * ldx, yo = yOff + r * ldy;
            for (int o = 0; o < out; o++) {
                float acc = bias == null ? 0f : bias[o];
                if (accumulate) acc += y[yo + o];
                for (int p = 0, wo = wOff + o; p < in; p++, wo += ldw) acc = Math.fma(w[wo], x[xo + p], acc);
                y[yo + o] = acc;
            }
        }
    }
}
