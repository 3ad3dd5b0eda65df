package ipdnet2.infer.cli;

import ipdnet2.dsp.io.Npy;
import ipdnet2.dsp.io.NpyArray;
import ipdnet2.nn.NoGrad;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.Weights;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/** Runs the raw network on an .npy input: [B, 2M, 256, T] → [B, T', 512, M−1, K]. */
final class ForwardCommand implements Command {
    @Override
    public String name() {
        return "forward";
    }

    @Override
    public String summary() {
        return "run the raw network on an .npy feature tensor";
    }

    @Override
    public String usage() {
        return "forward --weights W --input X.npy --output Y.npy [--time-pooling-layer N] [--compare R.npy]\n"
                + "  Runs the network on X ([B, 2M, 256, T], float32 or float64) and writes\n"
                + "  Y ([B, T', 512, M-1, K], float32). W may be safetensors, a torch.save state_dict\n"
                + "  or a Lightning checkpoint. --time-pooling-layer overrides the layer after which\n"
                + "  time is pooled when the weights do not say it. --compare prints the largest\n"
                + "  absolute difference between Y and the tensor in R.";
    }

    /** A NaN or infinite input would give an output of NaN: name the file and the first such value. */
    private static void requireFinite(float[] values, Path file) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new CliException(file + ": value " + i + " is " + values[i] + "; the input must be finite");
            }
        }
    }

    @Override
    public void run(Args args, PrintStream out) throws Exception {
        Path weights = args.path("weights");
        Path input = args.path("input");
        Path output = args.path("output");
        Path compare = args.path("compare");
        String pool = args.string("time-pooling-layer");
        args.finish();
        if (weights == null || input == null || output == null) {
            throw new CliException("forward needs --weights, --input and --output (see forward --help)");
        }
        Integer poolLayer = pool == null ? null : args.integer("time-pooling-layer", 0);
        IPDnet2 net = Weights.load(weights, poolLayer);
        NpyArray x = Npy.read(input);
        requireFinite(x.floats(), input);
        NpyArray ref = compare == null ? null : Npy.read(compare);
        Tensor y;
        long t0 = System.nanoTime();
        try (NoGrad g = NoGrad.enter()) {
            y = net.forward(Tensor.of(x.floats(), x.shape()));
        } catch (IllegalArgumentException e) {
            throw new CliException(input + ": " + e.getMessage(), e);
        }
        long t1 = System.nanoTime();
        if (ref != null && !Arrays.equals(ref.shape(), y.shape())) {
            throw new CliException(compare + ": shape " + Arrays.toString(ref.shape())
                    + " differs from the output's " + Arrays.toString(y.shape()));
        }
        Npy.write(output, y.shape(), y.data());
        out.printf("wrote %s %s (forward %.1f ms)%n", output, Arrays.toString(y.shape()), (t1 - t0) / 1e6);
        if (ref != null) {
            float[] r = ref.floats();
            double max = 0;
            for (int i = 0; i < r.length; i++) max = Math.max(max, Math.abs(r[i] - y.data()[i]));
            out.printf("max |output - %s| = %.3g%n", compare.getFileName(), max);
        }
    }
}
