package ipdnet2.nn.kernels;

/**
 * Cache-blocked matrix product around a {@link MicroKernel}: B is packed once into panels
 * ({@code lanes} or {@code 2·lanes} columns wide, zero-padded), then independent strips of
 * {@code rows()} rows of C are spread over {@link Parallel}. For each block of {@code kc} inner
 * indices a worker packs a block of its strips of A (sized for L2) and runs every B panel (sized
 * for L1) against all of that block's strips.
 *
 * <p>A k-block continues the chains left in C by the previous block, so neither {@code kc}, the
 * strip split nor the thread count changes a single bit of the result (see {@link MicroKernel}).
 * Tiles that stick out of C (last strip, last panel) are computed in a scratch tile and copied.
 */
final class BlockedGemm {
    /**
     * Inner dimensions up to this are not split: the chains then stay in registers from start to
     * end and C is read and written once. Measured on the model's shapes (k = 96…384).
     */
    private static final int KC_WHOLE = 512;
    /** Otherwise k is cut into near-equal blocks of about this length, keeping a B panel in L1. */
    private static final int KC_TARGET = 160;
    /** Target size of the packed block of A rows a worker sweeps across B, in floats (≈ 192 KiB). */
    private static final int A_BLOCK_FLOATS = 48 * 1024;
    /** Products below this many multiply-adds per worker stay on one thread. */
    private static final long MIN_FMAS_PER_TASK = 1L << 19;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    private BlockedGemm() {}

    static void gemm(MicroKernel kern, boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        gemm(kern, 0, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** As above with the k-block length forced to {@code kcOrZero} (0: chosen for the cache). */
    static void gemm(MicroKernel kern, int kcOrZero, boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        final int mr = kern.rows();
        final int lanes = kern.lanes();
        final int wide = 2 * lanes;
        // Panels are wide while more than one narrow panel's worth of columns remains.
        final int wideCols = (n / wide) * wide + (n % wide > lanes ? wide : 0);
        final int nPad = wideCols >= n ? wideCols : wideCols + lanes;
        final float[] bp = scratch(0, k * nPad);
        packB(transB, k, n, b, bOff, ldb, bp, lanes);

        final int kc = kcOrZero > 0 ? Math.min(k, kcOrZero) : blockLength(k);
        final int strips = (m + mr - 1) / mr;
        long fmasPerStrip = (long) mr * n * k;
        int minStrips = (int) Math.max(1, Math.min(strips, MIN_FMAS_PER_TASK / Math.max(1, fmasPerStrip)));
        final int blockStrips = Math.max(1, A_BLOCK_FLOATS / (mr * kc));
        Parallel.forRange(strips, minStrips, (s0, s1) -> {
            float[] ap = scratch(1, blockStrips * mr * kc);
            float[] tile = scratch(2, mr * wide);
            for (int p0 = 0; p0 < k; p0 += kc) {
                int kb = Math.min(kc, k - p0);
                boolean load = accumulate || p0 > 0;
                for (int sb = s0; sb < s1; sb += blockStrips) {
                    int se = Math.min(s1, sb + blockStrips);
                    packA(transA, sb * mr, Math.min(m, se * mr) - sb * mr, p0, kb, a, aOff, lda, ap, mr);
                    // Each B panel stays in L1 while the block's strips of A stream past it.
                    for (int j0 = 0; j0 < n; ) {
                        int width = j0 < wideCols ? wide : lanes;
                        int colsHere = Math.min(width, n - j0);
                        int bo = j0 * k + p0 * width;
                        for (int s = sb; s < se; s++) {
                            int i0 = s * mr;
                            int rowsHere = Math.min(mr, m - i0);
                            int ao = (s - sb) * mr * kb;
                            int co = cOff + i0 * ldc + j0;
                            if (rowsHere == mr && colsHere == width) {
                                kern.tile(kb, ap, ao, bp, bo, width, width, c, co, ldc, load);
                            } else {
                                if (load) copy(c, co, ldc, tile, 0, width, rowsHere, colsHere);
                                kern.tile(kb, ap, ao, bp, bo, width, colsHere, tile, 0, width, load);
                                copy(tile, 0, width, c, co, ldc, rowsHere, colsHere);
                            }
                        }
                        j0 += width;
                    }
                }
            }
        });
    }

    private static int blockLength(int k) {
        if (k <= KC_WHOLE) return k;
        int blocks = (k + KC_TARGET - 1) / KC_TARGET;
        return (k + blocks - 1) / blocks;
    }

    /**
     * Packs op(B) (k×n) panel by panel: the panel starting at column j0 with width w occupies
     * {@code bp[j0*k ..]} as k rows of w floats; columns past n are zero.
     */
    private static void packB(boolean transB, int k, int n, float[] b, int bOff, int ldb,
                              float[] bp, int lanes) {
        int wide = 2 * lanes;
        int wideCols = (n / wide) * wide + (n % wide > lanes ? wide : 0);
        for (int j0 = 0; j0 < n; ) {
            int w = j0 < wideCols ? wide : lanes;
            int cols = Math.min(w, n - j0);
            int base = j0 * k;
            if (!transB) {
                for (int p = 0; p < k; p++) {
                    int src = bOff + p * ldb + j0;
                    int dst = base + p * w;
                    System.arraycopy(b, src, bp, dst, cols);
                    for (int j = cols; j < w; j++) bp[dst + j] = 0f;
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    int src = bOff + (j0 + j) * ldb;
                    for (int p = 0; p < k; p++) bp[base + p * w + j] = b[src + p];
                }
                for (int j = cols; j < w; j++) {
                    for (int p = 0; p < k; p++) bp[base + p * w + j] = 0f;
                }
            }
            j0 += w;
        }
    }

    /**
     * Packs rows [i0, i0+rows) × inner [p0, p0+kb) of op(A) as consecutive strips of mr rows, each
     * p-major ({@code ap[strip*mr*kb + p*mr + r]}), zero-padding the last strip to mr rows.
     * Transposed A is read along its stored rows, a whole block's width at a time.
     */
    private static void packA(boolean transA, int i0, int rows, int p0, int kb,
                              float[] a, int aOff, int lda, float[] ap, int mr) {
        int stripSize = mr * kb;
        if (!transA) {
            for (int i = 0; i < rows; i++) {
                int src = aOff + (i0 + i) * lda + p0;
                int dst = (i / mr) * stripSize + i % mr;
                for (int p = 0; p < kb; p++) ap[dst + p * mr] = a[src + p];
            }
        } else {
            for (int p = 0; p < kb; p++) {
                int src = aOff + (p0 + p) * lda + i0;
                for (int i = 0, q = 0; i < rows; i += mr, q += stripSize) {
                    int dst = q + p * mr;
                    int len = Math.min(mr, rows - i);
                    for (int r = 0; r < len; r++) ap[dst + r] = a[src + i + r];
                }
            }
        }
        int tail = rows % mr;
        if (tail != 0) {
            int q = (rows / mr) * stripSize;
            for (int p = 0; p < kb; p++) {
                for (int r = tail; r < mr; r++) ap[q + p * mr + r] = 0f;
            }
        }
    }

    private static void copy(float[] src, int so, int lds, float[] dst, int d0, int ldd, int rows, int cols) {
        for (int r = 0; r < rows; r++) System.arraycopy(src, so + r * lds, dst, d0 + r * ldd, cols);
    }

    private static float[] scratch(int slot, int size) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < size) s[slot] = new float[size];
        return s[slot];
    }
}
