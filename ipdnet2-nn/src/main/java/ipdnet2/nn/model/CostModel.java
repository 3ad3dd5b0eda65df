package ipdnet2.nn.model;

/**
 * Analytical size and compute of an IPDnet2 configuration (ARCHITECTURE.md §3), derived layer by
 * layer from the shapes, so it can be checked against the parameter counts of the reference and
 * the paper's Table 1.
 *
 * <p>Compute is counted in multiply-accumulates (MACs) of the weight-bearing operations (encoder,
 * frequency convolutions, squeeze / full-band / unsqueeze, the Mamba projections, depthwise conv
 * and selective scan, frequency inverse, decoder), per second of 16-kHz audio (50 STFT frames
 * per second before time pooling, 10 after). FLOPs are 2 · MACs plus the element-wise work
 * (normalisation, activations, residual adds, Δ softplus, the scan's exponentials), counted as
 * one FLOP per element per operation.
 */
public final class CostModel {
    private CostModel() {}

    /** Number of trainable parameters, module by module as in the PyTorch state_dict. */
    public static long parameterCount(IPDnet2Config c) {
        long h = c.hidden();
        long p = (long) c.inputChannels() * h * c.encoderKernel() + h;            // encoder
        for (int l = 0; l < c.layers(); l++) {
            long fFull = l == 0 ? c.freqsAfterFirstPool() : c.compressedFreqs();
            long fconv = 2 * h + h * (h / c.convGroups()) * c.freqKernel() + h + h; // LN, conv, PReLU
            p += 2 * fconv;
            p += 2 * h;                                                           // norm_full
            p += h * c.squeeze() + c.squeeze();                                   // squeeze
            p += fFull * fFull + fFull;                                           // full
            p += c.squeeze() * h + h;                                             // unsqueeze
            p += 2 * (2 * h + mambaParameters(c));                                // norms + Mamba ×2
        }
        p += h * (long) c.freqCompression() * c.outputDim() + (long) c.freqCompression() * c.outputDim(); // freq_inverse
        p += (long) c.outputDim() * c.outputDim() + c.outputDim();               // decoder
        return p;
    }

    private static long mambaParameters(IPDnet2Config c) {
        long h = c.hidden(), e = c.dInner(), n = c.dState(), r = c.dtRank();
        return h * 2 * e                 // in_proj
                + e * c.dConv() + e      // conv1d
                + e * (r + 2 * n)        // x_proj
                + r * e + e              // dt_proj
                + e * n                  // A_log
                + e                      // D
                + e * h;                 // out_proj
    }

    /** Multiply-accumulates per second of audio. */
    public static double macsPerSecond(IPDnet2Config c) {
        return cost(c)[0];
    }

    /** Floating-point operations per second of audio (2 · MACs + element-wise work). */
    public static double flopsPerSecond(IPDnet2Config c) {
        double[] mf = cost(c);
        return 2 * mf[0] + mf[1];
    }

    /** {MACs, element-wise FLOPs} per second of audio. */
    private static double[] cost(IPDnet2Config c) {
        double fps = IPDnet2Config.FRAMES_PER_SECOND;
        double slowFps = fps / c.timePoolRatio();
        long h = c.hidden();
        double macs = 0, elem = 0;
        macs += fps * c.freqs() * c.inputChannels() * h * c.encoderKernel();
        for (int l = 0; l < c.layers(); l++) {
            double rate = l <= c.timePoolLayer() ? fps : slowFps;
            long f1 = l == 0 ? c.freqs() : c.compressedFreqs();        // fconv1
            long f2 = l == 0 ? c.freqsAfterFirstPool() : c.compressedFreqs(); // full, fconv2
            long f3 = c.compressedFreqs();                               // narrow-band Mamba
            double[] fc1 = fconv(c, f1), fc2 = fconv(c, f2), full = full(c, f2), mamba = mamba(c, f3);
            macs += rate * (fc1[0] + full[0] + fc2[0] + 2 * mamba[0]);
            elem += rate * (fc1[1] + full[1] + fc2[1] + 2 * mamba[1]);
        }
        long outF = c.freqs();
        macs += slowFps * ((double) c.compressedFreqs() * h * c.freqCompression() * c.outputDim()
                + (double) outF * c.outputDim() * c.outputDim());
        elem += slowFps * outF * 16;                                     // tanh
        return new double[] {macs, elem};
    }

    /** LayerNorm (≈5 ops per element), grouped conv, PReLU and residual add. */
    private static double[] fconv(IPDnet2Config c, long f) {
        long h = c.hidden();
        double macs = (double) f * h * (h / c.convGroups()) * c.freqKernel();
        return new double[] {macs, f * h * (5.0 + 2 + 1)};
    }

    /** LayerNorm, squeeze 1×1 conv + SiLU, full-band Linear over F, unsqueeze + SiLU, add. */
    private static double[] full(IPDnet2Config c, long f) {
        long h = c.hidden(), s = c.squeeze();
        double macs = (double) f * h * s + (double) s * f * f + (double) f * s * h;
        return new double[] {macs, f * h * 5.0 + f * s * 4.0 + f * h * 4.0 + f * h};
    }

    /** One Mamba block over f sequences, per frame, with its LayerNorm and residual add. */
    private static double[] mamba(IPDnet2Config c, long f) {
        long h = c.hidden(), e = c.dInner(), n = c.dState(), r = c.dtRank();
        double macs = h * 2.0 * e + e * (double) c.dConv() + e * (double) (r + 2 * n) + r * (double) e
                + 3.0 * e * n                                   // decay·s, Δx·B, s·C
                + e * (double) h;
        double elem = h * 5.0                                   // LayerNorm
                + e * 4.0                                       // SiLU after conv
                + e * 4.0                                       // softplus of Δ
                + e * n * 2.0                                   // Δ·A and its exp
                + e * 2.0                                       // D·x skip
                + e * 5.0                                       // SiLU(z) gate
                + h;                                            // residual add
        return new double[] {f * macs, f * elem};
    }
}
