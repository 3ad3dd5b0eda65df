package ipdnet2.infer.cli;

import ipdnet2.nn.model.CostModel;
import ipdnet2.nn.model.IPDnet2Config;
import java.io.PrintStream;

/** Prints parameter counts and analytical compute per preset beside the paper's Table 1. */
final class FlopsCommand implements Command {
    /** Table 1 of the paper: FLOPs in G/s and parameters in millions, Tiny / Small / Large. */
    private static final double[] PAPER_GFLOPS = {0.2, 0.9, 13.9};
    private static final double[] PAPER_MPARAMS = {0.5, 1.3, 7.8};

    @Override
    public String name() {
        return "flops";
    }

    @Override
    public String summary() {
        return "parameter count and compute per second of audio for each preset";
    }

    @Override
    public String usage() {
        return "flops\n  Prints, for the tiny, small and large presets, the parameter count and the\n"
                + "  analytical multiply-accumulates and FLOPs per second of 16-kHz audio,\n"
                + "  beside the figures of the paper's Table 1.";
    }

    @Override
    public void run(Args args, PrintStream out) {
        args.finish();
        out.println("preset  parameters  paper[M]  GMAC/s  GFLOP/s  paper[G/s]");
        String[] names = {"tiny", "small", "large"};
        for (int i = 0; i < names.length; i++) {
            IPDnet2Config c = IPDnet2Config.preset(names[i]);
            out.printf("%-6s  %10d  %8.1f  %6.3f  %7.3f  %10.1f%n", names[i], CostModel.parameterCount(c),
                    PAPER_MPARAMS[i], CostModel.macsPerSecond(c) / 1e9, CostModel.flopsPerSecond(c) / 1e9,
                    PAPER_GFLOPS[i]);
        }
    }
}
