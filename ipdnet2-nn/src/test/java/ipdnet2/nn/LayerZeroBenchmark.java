package ipdnet2.nn;

import ipdnet2.nn.Conv1dOp.Padding;
import ipdnet2.nn.layers.Conv1d;
import ipdnet2.nn.layers.LayerNorm;
import ipdnet2.nn.layers.Linear;
import ipdnet2.nn.layers.Mamba;
import ipdnet2.nn.layers.Module;
import ipdnet2.nn.layers.PReLU;

import java.util.SplittableRandom;

/**
 * Times forward and backward of the encoder and layer 0 of the Tiny network (the most expensive
 * layer: full frequency resolution) on a [B, 256, T, 10] input. Not a test: run with
 * {@code java -cp ... ipdnet2.nn.LayerZeroBenchmark [B] [T] [iterations]}.
 */
public final class LayerZeroBenchmark {
    public static void main(String[] args) {
        int b = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int t = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int iters = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int h = 48;
        Module root = new Module();
        Conv1d encoder = root.addModule("encoder", new Conv1d(10, h, 5, 1, Padding.CAUSAL, true, 2));
        LayerNorm ln1 = root.addModule("ln1", new LayerNorm(h));
        Conv1d conv1 = root.addModule("conv1", new Conv1d(h, h, 5, 8, Padding.SAME, true, 1));
        PReLU pr1 = root.addModule("pr1", new PReLU(h));
        LayerNorm lnf = root.addModule("lnf", new LayerNorm(h));
        Linear sq = root.addModule("sq", new Linear(h, 8, true));
        Linear full = root.addModule("full", new Linear(128, 128, true));
        Linear unsq = root.addModule("unsq", new Linear(8, h, true));
        LayerNorm ln2 = root.addModule("ln2", new LayerNorm(h));
        Conv1d conv2 = root.addModule("conv2", new Conv1d(h, h, 5, 8, Padding.SAME, true, 1));
        PReLU pr2 = root.addModule("pr2", new PReLU(h));
        LayerNorm lnm1 = root.addModule("lnm1", new LayerNorm(h));
        Mamba m1 = root.addModule("m1", new Mamba(h));
        LayerNorm lnm2 = root.addModule("lnm2", new LayerNorm(h));
        Mamba m2 = root.addModule("m2", new Mamba(h));
        root.initialize(1);
        Tensor in = Tensor.zeros(b, 256, t, 10);
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < in.numel(); i++) in.data()[i] = (float) rng.nextGaussian();
        for (int it = 0; it < iters; it++) {
            long t0 = System.nanoTime();
            Tensor x = encoder.forward(in);
            x = Pointwise.residual(x, pr1.forward(conv1.forward(ln1.forward(x))));
            long tf1 = System.nanoTime();
            x = PoolOp.avg(x, 1, 2);
            Tensor s = Pointwise.silu(sq.forward(lnf.forward(x)));               // [B, 128, T, 8]
            Tensor f = full.forward(s.permute(0, 2, 3, 1)).permute(0, 3, 1, 2); // along F
            x = Pointwise.residual(x, Pointwise.silu(unsq.forward(f)));
            long tfull = System.nanoTime();
            x = Pointwise.residual(x, pr2.forward(conv2.forward(ln2.forward(x))));
            x = PoolOp.avg(x, 1, 8);
            long tf2 = System.nanoTime();
            x = Pointwise.residual(x, m1.forward(lnm1.forward(x)));
            x = Pointwise.residual(x, m2.forward(lnm2.forward(x)));
            x = PoolOp.avg(x, 2, 5);
            Tensor loss = Reduce.mse(x, Tensor.zeros(x.shape()));
            long t1 = System.nanoTime();
            loss.backward();
            long t2 = System.nanoTime();
            root.zeroGrad();
            System.out.printf("iter %d: forward %.0f ms (encoder+fconv1 %.0f, full-band %.0f, fconv2 %.0f, mamba %.0f),"
                            + " backward %.0f ms%n", it, (t1 - t0) / 1e6, (tf1 - t0) / 1e6, (tfull - tf1) / 1e6,
                    (tf2 - tfull) / 1e6, (t1 - tf2) / 1e6, (t2 - t1) / 1e6);
        }
        for (int it = 0; it < iters; it++) {
            long t0 = System.nanoTime();
            try (NoGrad scope = NoGrad.enter()) {
                Tensor x = encoder.forward(in);
                x = Pointwise.residual(x, pr1.forward(conv1.forward(ln1.forward(x))));
                x = PoolOp.avg(x, 1, 2);
                Tensor s = Pointwise.silu(sq.forward(lnf.forward(x)));
                Tensor f = full.forward(s.permute(0, 2, 3, 1)).permute(0, 3, 1, 2);
                x = Pointwise.residual(x, Pointwise.silu(unsq.forward(f)));
                x = Pointwise.residual(x, pr2.forward(conv2.forward(ln2.forward(x))));
                x = PoolOp.avg(x, 1, 8);
                x = Pointwise.residual(x, m1.forward(lnm1.forward(x)));
                x = Pointwise.residual(x, m2.forward(lnm2.forward(x)));
            }
            System.out.printf("inference %d: %.0f ms%n", it, (System.nanoTime() - t0) / 1e6);
        }
    }
}
