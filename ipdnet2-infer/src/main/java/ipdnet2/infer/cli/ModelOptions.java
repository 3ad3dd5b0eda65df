package ipdnet2.infer.cli;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.array.ArrayGeometryReader;
import ipdnet2.dsp.decode.DoaDecoder;
import ipdnet2.infer.Localizer;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.Weights;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The options that choose and configure the model: {@code --weights}, {@code --array},
 * {@code --threshold}, and the flag {@code --symmetry-average}.
 */
final class ModelOptions {
    static final String USAGE =
              "  --weights FILE     model weights (safetensors with configuration, or a PyTorch\n"
            + "                     checkpoint); default: the shipped weights (weights/" + DefaultWeights.FILE + ")\n"
            + "  --array FILE       mic coordinates in metres, one 'x y z' line per mic in channel order,\n"
            + "                     the first the reference (default: RealMAN channels 1,3,5,7,0)\n"
            + "  --threshold T      detection threshold on the normalised template error (default 0.4)\n"
            + "  --symmetry-average also run the network on the channels reordered by each symmetry of the\n"
            + "                     array (RealMAN's 5 mics have 8) and decode the outputs together: fewer\n"
            + "                     misses and false alarms, one network run per symmetry\n";

    /** The flag of symmetry averaging ({@link Localizer#withSymmetryAveraging}). */
    static final String SYMMETRY_AVERAGE = "symmetry-average";

    /** Positions closer than this (metres) count as the same array. */
    private static final double SAME_ARRAY_M = 1e-3;

    private final Path weights;
    private final Path array;
    private final double threshold;
    private final boolean symmetryAverage;

    ModelOptions(Args args) {
        weights = args.path("weights");
        array = args.path("array");
        threshold = args.number("threshold", DoaDecoder.DEFAULT_THRESHOLD);
        if (!(threshold > 0)) throw new CliException("--threshold must be positive, got " + threshold);
        symmetryAverage = args.flag(SYMMETRY_AVERAGE);
    }

    /** The flags of a command that takes the model options, with its own. */
    static Set<String> flags(String... own) {
        Set<String> out = new LinkedHashSet<>(List.of(own));
        out.add(SYMMETRY_AVERAGE);
        return out;
    }

    /** Loads the model; warns on {@code err} when the array differs from the one it was trained for. */
    Localizer open(PrintStream err) throws IOException {
        Path w = DefaultWeights.resolve(weights);
        IPDnet2 net = Weights.load(w, null);
        ArrayGeometry geometry = ArrayGeometry.realmanDefault();
        if (array != null) {
            if (!Files.exists(array)) throw new CliException("--array " + array + ": no such file");
            geometry = ArrayGeometryReader.read(array);
            if (geometry.mics() != net.config().mics()) {
                throw new CliException("--array " + array + " has " + geometry.mics() + " mics but the model expects "
                        + net.config().mics());
            }
            if (!sameArray(geometry, ArrayGeometry.realmanDefault())) {
                err.println("warning: the array in " + array + " differs from the RealMAN array the model was trained"
                        + " for; estimates may be unreliable");
            }
        }
        Localizer loc = new Localizer(net, geometry, threshold);
        if (!symmetryAverage) return loc;
        loc = loc.withSymmetryAveraging();
        if (loc.symmetries().size() == 1) {
            err.println("warning: --symmetry-average: the array has no rotation or reflection that maps it onto"
                    + " itself; decoding the plain output");
        }
        return loc;
    }

    static boolean sameArray(ArrayGeometry a, ArrayGeometry b) {
        if (a.mics() != b.mics()) return false;
        for (int i = 0; i < a.mics(); i++) {
            double[] p = a.position(i), q = b.position(i);
            for (int d = 0; d < 3; d++) if (Math.abs(p[d] - q[d]) > SAME_ARRAY_M) return false;
        }
        return true;
    }
}
