package ipdnet2.train.cli;

import ipdnet2.nn.Tensor;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.IPDnet2Config;
import ipdnet2.nn.model.Weights;
import ipdnet2.train.Command;
import ipdnet2.train.CommandLine;
import ipdnet2.train.UsageException;
import ipdnet2.train.loop.Trainer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code average-weights}: the element-wise mean of the weights in several model files or
 * training checkpoints of one model, written as a safetensors model (checkpoint averaging). The
 * weights of one run at a few points spread over its last thousand or so steps average out the
 * step-to-step noise of the updates; a run made with {@code --weight-average} keeps such an
 * average as it trains.
 */
public final class AverageWeightsCommand implements Command {
    private static final Set<String> VALUED = Set.of("inputs", "out", "model");
    private static final Set<String> BARE = Set.of("averages");

    @Override
    public String name() {
        return "average-weights";
    }

    @Override
    public String summary() {
        return "average the weights of several models or checkpoints of one run";
    }

    @Override
    public String help() {
        return String.join("\n",
                "usage: average-weights --inputs FILE[,FILE...] --out MODEL.safetensors [--model tiny] [--averages]",
                "",
                "Writes the element-wise mean of the inputs' weights, with the configuration embedded and",
                "the inputs listed in the metadata (averaged_from). Inputs are models (safetensors or",
                "PyTorch) or training checkpoints (.ckpt, whose weights are taken), all of one model.",
                "",
                "  --inputs LIST        two or more files, comma-separated (with --averages one checkpoint",
                "                       will do: its weight average written as a model)",
                "  --out FILE           the averaged model (written through a temporary file)",
                "  --model NAME         tiny, small or large (default tiny)",
                "  --averages           take the weight average each checkpoint keeps (train --weight-average)",
                "                       instead of its raw weights: a mean of such averages spans a longer stretch",
                "");
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        CommandLine cl = new CommandLine(args, VALUED, BARE);
        List<Path> inputs = new ArrayList<>();
        String list = cl.required("inputs");
        for (String s : list.split(",", -1)) {
            if (s.isBlank()) throw new UsageException("--inputs '" + list + "' has an empty file name");
            inputs.add(Path.of(s.trim()));
        }
        boolean averages = cl.flag("averages");
        // One checkpoint's moving average is a model of its own; one set of raw weights is a copy.
        int least = averages ? 1 : 2;
        if (inputs.size() < least) {
            throw new UsageException("--inputs needs at least two files (one with --averages), got " + inputs.size());
        }
        for (Path p : inputs) {
            if (!Files.isRegularFile(p)) throw new UsageException("--inputs: " + p + " is not a file");
        }
        Path target = Path.of(cl.required("out"));
        IPDnet2Config config;
        try {
            config = IPDnet2Config.preset(cl.string("model", "tiny"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--model: " + e.getMessage());
        }
        IPDnet2 mean = new IPDnet2(config);
        List<Tensor> params = mean.parameters();
        // sums in double, inputs added in the order given: the result does not depend on anything else
        List<double[]> sums = new ArrayList<>();
        for (Tensor t : params) sums.add(new double[t.data().length]);
        StringBuilder from = new StringBuilder();
        for (Path p : inputs) {
            IPDnet2 net = new IPDnet2(config);
            Map<String, String> meta = Trainer.loadWeights(net, p, averages);
            List<Tensor> w = net.parameters();
            for (int i = 0; i < w.size(); i++) {
                float[] x = w.get(i).data();
                double[] s = sums.get(i);
                for (int j = 0; j < x.length; j++) s[j] += x[j];
            }
            String step = Trainer.savedAtStep(p, meta);
            if (from.length() > 0) from.append(", ");
            from.append(p.getFileName()).append(step == null ? "" : " (step " + step + ")");
        }
        for (int i = 0; i < params.size(); i++) {
            float[] x = params.get(i).data();
            double[] s = sums.get(i);
            for (int j = 0; j < x.length; j++) x[j] = (float) (s[j] / inputs.size());
        }
        Map<String, String> meta = new LinkedHashMap<>();
        String what = inputs.size() == 1 ? "the weight average of 1 file"
                : "mean of the " + (averages ? "weight averages" : "weights") + " of " + inputs.size() + " files";
        meta.put("weights", what);
        meta.put("averaged_from", from.toString());
        Weights.save(mean, target, meta);
        out.println("wrote " + target + ": " + (inputs.size() == 1 ? "the weight average of " + from
                : "the mean of " + inputs.size() + " files (" + from + ")"));
        return 0;
    }
}
