package ipdnet2.nn.kernels;

/**
 * Element-wise loops over rows at offsets: adding a bias row to every row, one row into
 * another, and the passes of average pooling. Written plainly, such loops run scalar (the JIT
 * cannot rule out that the two arrays alias at different offsets): after a product with a bias
 * the loop took 6 % of Tiny's inference. {@link VectorRowArithmetic} runs the leading whole
 * vectors when {@link VectorSupport#ENABLED}; each element gets the same operations, in the same
 * order, on both paths.
 */
public final class RowArithmetic {
    private RowArithmetic() {}

    private static int vectorPart(int n) {
        return VectorSupport.ENABLED ? n / VectorSupport.LANES * VectorSupport.LANES : 0;
    }

    /** y[off + r·n + j] += b[j] for r in [0, rows), j in [0, n): a bias on every row. */
    public static void addBias(float[] y, int off, int rows, int n, float[] b) {
        int v = vectorPart(n);
        for (int r = 0, o = off; r < rows; r++, o += n) {
            if (v > 0) VectorRowArithmetic.add(y, o, b, 0, v);
            for (int j = v; j < n; j++) y[o + j] += b[j];
        }
    }

    /** y[yo + j] += x[xo + j] for j in [0, n). */
    public static void add(float[] y, int yo, float[] x, int xo, int n) {
        int v = vectorPart(n);
        if (v > 0) VectorRowArithmetic.add(y, yo, x, xo, v);
        for (int j = v; j < n; j++) y[yo + j] += x[xo + j];
    }

    /** y[yo + j] += a[ao + j]·b[bo + j] (product rounded, then the sum) for j in [0, n). */
    public static void addProduct(float[] y, int yo, float[] a, int ao, float[] b, int bo, int n) {
        int v = vectorPart(n);
        if (v > 0) VectorRowArithmetic.addProduct(y, yo, a, ao, b, bo, v);
        for (int j = v; j < n; j++) y[yo + j] += a[ao + j] * b[bo + j];
    }

    /** y[yo + j] = x[xo + j] + 0 (the first term of a sum started from zero). */
    public static void start(float[] y, int yo, float[] x, int xo, int n) {
        int v = vectorPart(n);
        if (v > 0) VectorRowArithmetic.start(y, yo, x, xo, v);
        for (int j = v; j < n; j++) y[yo + j] = x[xo + j] + 0f;
    }

    /** y[yo + j] = (y[yo + j] + x[xo + j])·s (the last term of a sum, then the scale). */
    public static void addThenScale(float[] y, int yo, float[] x, int xo, int n, float s) {
        int v = vectorPart(n);
        if (v > 0) VectorRowArithmetic.addThenScale(y, yo, x, xo, v, s);
        for (int j = v; j < n; j++) y[yo + j] = (y[yo + j] + x[xo + j]) * s;
    }

    /** y[yo + j] += x[xo + j]·s for j in [0, n). */
    public static void addScaled(float[] y, int yo, float[] x, int xo, int n, float s) {
        int v = vectorPart(n);
        if (v > 0) VectorRowArithmetic.addScaled(y, yo, x, xo, v, s);
        for (int j = v; j < n; j++) y[yo + j] += x[xo + j] * s;
    }
}
