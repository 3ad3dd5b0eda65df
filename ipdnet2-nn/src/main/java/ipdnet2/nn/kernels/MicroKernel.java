package ipdnet2.nn.kernels;

/**
 * Register-blocked inner product of one strip of A with one packed panel of B, the
 * innermost step of {@link BlockedGemm}.
 *
 * <p>Every implementation computes each element of the tile as one sequential chain of fused
 * multiply-adds over p, {@code acc = fma(A[i][p], B[p][j], acc)}, starting from the tile's current
 * contents ({@code load}) or from +0. That shared definition is what makes the vector and the plain
 * paths bitwise equal, and makes results independent of blocking and thread count.
 */
interface MicroKernel {
    /** Rows of A per strip. */
    int rows();

    /** Columns of one narrow B panel; wide panels are twice this. */
    int lanes();

    /**
     * Tile {@code T[rows()×width] (=|+=) Ap[rows()×kc] · Bp[kc×width]}.
     *
     * @param ap    A strip: element (r, p) at {@code ap[apOff + r*rs + p*ps]} (packed: rs 1, ps rows())
     * @param bp    B panel packed p-major: {@code bp[bpOff + p*width + j]}
     * @param width {@code lanes()} or {@code 2*lanes()}
     * @param cols  columns the caller keeps ({@code 1..width}); the others may be left with anything
     * @param t     tile storage, row r at {@code t[tOff + r*ldt]}, {@code width} columns each
     * @param load  continue the chains from the tile's contents instead of from zero
     */
    void tile(int kc, float[] ap, int apOff, int rs, int ps, float[] bp, int bpOff, int width, int cols,
              float[] t, int tOff, int ldt, boolean load);
}
