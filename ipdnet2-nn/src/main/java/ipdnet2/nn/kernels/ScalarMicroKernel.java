package ipdnet2.nn.kernels;

/**
 * Plain-Java {@link MicroKernel}: 4 rows × 4 columns of scalar accumulators kept in registers, one
 * {@link Math#fma} per element and step. Loops the JIT has to vectorise on its own only pay off
 * for rows far longer than the model's matrices have, so this kernel blocks by hand instead.
 * Panels are 4 or 8 columns wide; the tile is swept 4 columns at a time.
 */
final class ScalarMicroKernel implements MicroKernel {
    static final int MR = 4;
    static final int NR = 4;

    @Override
    public int rows() {
        return MR;
    }

    @Override
    public int lanes() {
        return NR;
    }

    @Override
    public void tile(int kc, float[] ap, int apOff, int rs, int ps, float[] bp, int bpOff, int width, int cols,
                     float[] t, int tOff, int ldt, boolean load) {
        int a2Off = 2 * rs, a3Off = 3 * rs;
        // Panel widths are multiples of NR, so the last group may run past cols but not past width.
        for (int j0 = 0; j0 < cols; j0 += NR) {
            int r0 = tOff + j0, r1 = r0 + ldt, r2 = r1 + ldt, r3 = r2 + ldt;
            float c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
            if (load) {
                c00 = t[r0]; c01 = t[r0 + 1]; c02 = t[r0 + 2]; c03 = t[r0 + 3];
                c10 = t[r1]; c11 = t[r1 + 1]; c12 = t[r1 + 2]; c13 = t[r1 + 3];
                c20 = t[r2]; c21 = t[r2 + 1]; c22 = t[r2 + 2]; c23 = t[r2 + 3];
                c30 = t[r3]; c31 = t[r3 + 1]; c32 = t[r3 + 2]; c33 = t[r3 + 3];
            } else {
                c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = 0f;
                c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = 0f;
            }
            int ao = apOff, bo = bpOff + j0;
            for (int p = 0; p < kc; p++) {
                float b0 = bp[bo], b1 = bp[bo + 1], b2 = bp[bo + 2], b3 = bp[bo + 3];
                float a0 = ap[ao], a1 = ap[ao + rs], a2 = ap[ao + a2Off], a3 = ap[ao + a3Off];
                c00 = Math.fma(a0, b0, c00); c01 = Math.fma(a0, b1, c01); c02 = Math.fma(a0, b2, c02); c03 = Math.fma(a0, b3, c03);
                c10 = Math.fma(a1, b0, c10); c11 = Math.fma(a1, b1, c11); c12 = Math.fma(a1, b2, c12); c13 = Math.fma(a1, b3, c13);
                c20 = Math.fma(a2, b0, c20); c21 = Math.fma(a2, b1, c21); c22 = Math.fma(a2, b2, c22); c23 = Math.fma(a2, b3, c23);
                c30 = Math.fma(a3, b0, c30); c31 = Math.fma(a3, b1, c31); c32 = Math.fma(a3, b2, c32); c33 = Math.fma(a3, b3, c33);
                ao += ps;
                bo += width;
            }
            t[r0] = c00; t[r0 + 1] = c01; t[r0 + 2] = c02; t[r0 + 3] = c03;
            t[r1] = c10; t[r1 + 1] = c11; t[r1 + 2] = c12; t[r1 + 3] = c13;
            t[r2] = c20; t[r2 + 1] = c21; t[r2 + 2] = c22; t[r2 + 3] = c23;
            t[r3] = c30; t[r3 + 1] = c31; t[r3 + 2] = c32; t[r3 + 3] = c33;
        }
    }
}
