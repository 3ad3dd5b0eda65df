package ipdnet2.nn.kernels;

/**
 * Plain-Java {@link MicroKernel}: the same tile, strip and panel shapes as the vector kernel, with
 * the chains kept in the tile itself. The innermost loop over the panel's columns is a
 * straight-line {@link Math#fma} that the JIT can vectorise on its own.
 */
final class ScalarMicroKernel implements MicroKernel {
    private final int rows;
    private final int lanes;

    ScalarMicroKernel(int rows, int lanes) {
        this.rows = rows;
        this.lanes = lanes;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int lanes() {
        return lanes;
    }

    @Override
    public void tile(int kc, float[] ap, int apOff, float[] bp, int bpOff, int width,
                     float[] t, int tOff, int ldt, boolean load) {
        if (!load) {
            for (int r = 0; r < rows; r++) {
                int tr = tOff + r * ldt;
                for (int j = 0; j < width; j++) t[tr + j] = 0f;
            }
        }
        for (int p = 0; p < kc; p++) {
            int bRow = bpOff + p * width;
            int aCol = apOff + p * rows;
            for (int r = 0; r < rows; r++) {
                float air = ap[aCol + r];
                int tr = tOff + r * ldt;
                for (int j = 0; j < width; j++) t[tr + j] = Math.fma(air, bp[bRow + j], t[tr + j]);
            }
        }
    }
}
