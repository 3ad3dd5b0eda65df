package ipdnet2.infer.cli;

import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.Weights;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** Converts a PyTorch checkpoint to safetensors with the configuration embedded. */
final class ConvertCommand implements Command {
    @Override
    public String name() {
        return "convert";
    }

    @Override
    public String summary() {
        return "convert PyTorch weights to safetensors with the configuration embedded";
    }

    @Override
    public String usage() {
        return "convert --weights W --output W.safetensors [--time-pooling-layer N]\n"
                + "  Reads W (torch.save state_dict, Lightning checkpoint or safetensors), checks it\n"
                + "  is a complete IPDnet2, and writes safetensors whose metadata holds the\n"
                + "  configuration (inferred from the shapes; --time-pooling-layer supplies the one\n"
                + "  value the shapes cannot tell).";
    }

    @Override
    public void run(Args args, PrintStream out) throws Exception {
        Path weights = args.path("weights");
        Path output = args.path("output");
        String pool = args.string("time-pooling-layer");
        args.finish();
        if (weights == null || output == null) {
            throw new CliException("convert needs --weights and --output (see convert --help)");
        }
        IPDnet2 net = Weights.load(weights, pool == null ? null : args.integer("time-pooling-layer", 0));
        Weights.save(net, output, Map.of("converted_from", weights.getFileName().toString()));
        out.printf("wrote %s (%d parameters, hidden %d, time pooling after layer %d)%n", output,
                net.parameterCount(), net.config().hidden(), net.config().timePoolLayer());
    }
}
