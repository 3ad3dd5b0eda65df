package ipdnet2.tests.fallback;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.decode.DoaDecoder;
import ipdnet2.dsp.decode.DoaEstimate;
import ipdnet2.dsp.io.Npy;
import ipdnet2.dsp.io.NpyArray;
import ipdnet2.dsp.target.DoaTemplates;
import ipdnet2.nn.NoGrad;
import ipdnet2.nn.Reduce;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.kernels.VectorSupport;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.Weights;
import ipdnet2.nn.io.WeightFiles;
import ipdnet2.nn.io.WeightSet;
import java.io.IOException;
import java.util.Map;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Program run in a child JVM by {@link NoVectorModuleTest} (started without
 * {@code jdk.incubator.vector}) and {@link EightFloatVectorsTest} (256-bit vectors only): loads the
 * Tiny reference weights from the directory given as its argument, runs the forward on the
 * reference input, one training step's forward and backward of the MSE loss (with the largest
 * gradient error against the reference, relative to each parameter's gradient norm), and decodes
 * the reference decoder input, printing one result per line.
 */
final class ReferenceProbe {
    private ReferenceProbe() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        System.out.println("module=" + VectorSupport.AVAILABLE + " vector=" + VectorSupport.ENABLED);
        System.out.println("lanes=" + VectorSupport.LANES);
        IPDnet2 net = Weights.load(dir.resolve("tiny.weights.safetensors"), null);
        NpyArray input = Npy.read(dir.resolve("tiny.input.npy"));
        NpyArray output = Npy.read(dir.resolve("tiny.output.npy"));
        NpyArray target = Npy.read(dir.resolve("tiny.target.npy"));

        Tensor out;
        try (NoGrad g = NoGrad.enter()) {
            out = net.forward(Tensor.of(input.floats().clone(), input.shape()));
        }
        float[] ref = output.floats();
        double worst = out.data().length == ref.length ? 0 : Double.POSITIVE_INFINITY;
        for (int i = 0; i < Math.min(ref.length, out.data().length); i++) {
            worst = Math.max(worst, Math.abs((double) out.data()[i] - ref[i]));
        }
        System.out.println("forward.maxAbsError=" + worst);

        Tensor y = net.forward(Tensor.of(input.floats().clone(), input.shape()));
        Tensor loss = Reduce.mse(y, Tensor.of(target.floats().clone(), target.shape()));
        loss.backward();
        int finite = 0, total = 0;
        for (Tensor p : net.parameters()) {
            total++;
            float[] grad = p.grad();
            boolean ok = grad != null;
            double norm = 0;
            for (int i = 0; ok && i < grad.length; i++) {
                ok = Float.isFinite(grad[i]);
                norm += grad[i] * (double) grad[i];
            }
            if (ok && norm > 0) finite++;
        }
        System.out.println("train.loss=" + loss.item());
        System.out.println("train.gradients=" + finite + "/" + total);
        WeightSet refGrads = WeightFiles.read(dir.resolve("tiny.grads.safetensors"));
        double worstGrad = 0;
        for (Map.Entry<String, Tensor> e : net.namedParameters().entrySet()) {
            float[] r = refGrads.tensor(e.getKey()).data(), got = e.getValue().grad();
            double err = 0, norm = 0;
            for (int i = 0; i < r.length; i++) {
                err += (got[i] - r[i]) * (double) (got[i] - r[i]);
                norm += r[i] * (double) r[i];
            }
            worstGrad = Math.max(worstGrad, Math.sqrt(err) / (Math.sqrt(norm) + 1e-12));
        }
        System.out.println("train.gradientRelativeError=" + worstGrad);

        NpyArray pred = Npy.read(dir.resolve("decode_pred_ipd.npy")); // [1, 10, 512, 4, 2]
        DoaDecoder decoder = new DoaDecoder(DoaTemplates.publishedGrid(ArrayGeometry.realmanDefault()));
        DoaEstimate[][] e = decoder.decodeClip(pred.floats(), 10, 2);
        for (int t = 0; t < e.length; t++) {
            for (int k = 0; k < e[t].length; k++) {
                System.out.println(String.format(Locale.ROOT, "decode %d %d %.9f %.9g %s", t, k, e[t][k].azimuthRad(),
                        e[t][k].mse(), e[t][k].detected()));
            }
        }
    }
}
