package ipdnet2.nn;

import ipdnet2.nn.kernels.Parallel;
import ipdnet2.nn.kernels.RowArithmetic;

/**
 * Column sums over the rows of a [rows, cols] block, the reduction behind every bias-like
 * gradient: {@code dst[j] += Σ_r a[r, j]} or {@code dst[j] += Σ_r a[r, j]·b[r, j]}. Rows are split
 * into chunks, each summing into its own partial vector, spread over the threads, and the
 * partials are added in chunk order. The number of chunks depends on the sizes only (at most
 * {@value #MAX_CHUNKS}), never on the thread count, so neither does the result.
 */
final class RowSums {
    /** Upper bound of the chunk count: a constant, so the summation order is the same on any pool. */
    static final int MAX_CHUNKS = 16;

    private RowSums() {}

    static void add(float[] a, float[] b, int rows, int cols, float[] dst) {
        int minRows = Math.max(1, (1 << 15) / Math.max(1, cols));
        int chunks = Math.min(MAX_CHUNKS, Math.max(1, rows / minRows));
        if (chunks <= 1) {
            sum(a, b, 0, rows, cols, dst);
            return;
        }
        float[][] partial = new float[chunks][cols];
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                int r0 = (int) ((long) rows * c / chunks), r1 = (int) ((long) rows * (c + 1) / chunks);
                sum(a, b, r0, r1, cols, partial[c]);
            }
        });
        for (float[] p : partial) {
            for (int j = 0; j < cols; j++) dst[j] += p[j];
        }
    }

    /** Body of a loop over one chunk of rows; {@code chunk} indexes a per-chunk partial buffer. */
    @FunctionalInterface
    interface ChunkBody {
        void run(int chunk, int fromRow, int toRow);
    }

    /** How many chunks {@link #forChunks} uses for {@code rows} rows of {@code cols} elements. */
    static int chunks(int rows, int cols) {
        int minRows = Math.max(1, (1 << 15) / Math.max(1, cols));
        return Math.min(MAX_CHUNKS, Math.max(1, rows / minRows));
    }

    /**
     * Runs {@code body} over {@link #chunks}{@code (rows, cols)} contiguous row ranges in
     * parallel, so each chunk can sum into its own partial buffer without races.
     */
    static void forChunks(int rows, int cols, ChunkBody body) {
        int chunks = chunks(rows, cols);
        if (chunks <= 1) {
            body.run(0, 0, rows);
            return;
        }
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                body.run(c, (int) ((long) rows * c / chunks), (int) ((long) rows * (c + 1) / chunks));
            }
        });
    }

    private static void sum(float[] a, float[] b, int r0, int r1, int cols, float[] dst) {
        for (int r = r0; r < r1; r++) {
            int o = r * cols;
            if (b == null) {
                RowArithmetic.add(dst, 0, a, o, cols);
            } else {
                RowArithmetic.addProduct(dst, 0, a, o, b, o, cols);
            }
        }
    }
}
