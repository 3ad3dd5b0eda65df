package ipdnet2.train.loop;

import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.nn.Tensor;
import ipdnet2.train.data.Example;

import java.util.List;

/**
 * Examples stacked for the network: features [B, 2M, 256, T] and targets [B, T', 512, M−1, K],
 * plus each example's labels for the metrics.
 */
public record Batch(long index, Tensor features, Tensor targets, FrameLabels[] labels) {
    /** Stacks examples of equal length (all from the same clip length and array). */
    public static Batch of(long index, List<Example> examples, int mics, int tracks) {
        Example first = examples.get(0);
        int b = examples.size();
        int fLen = first.features().length, tLen = first.targets().length;
        float[] f = new float[b * fLen];
        float[] t = new float[b * tLen];
        FrameLabels[] labels = new FrameLabels[b];
        for (int i = 0; i < b; i++) {
            Example e = examples.get(i);
            if (e.features().length != fLen || e.targets().length != tLen) {
                throw new IllegalArgumentException("examples of one batch must have the same length");
            }
            System.arraycopy(e.features(), 0, f, i * fLen, fLen);
            System.arraycopy(e.targets(), 0, t, i * tLen, tLen);
            labels[i] = e.labels();
        }
        int values = tLen / (first.outFrames() * (mics - 1) * tracks);
        return new Batch(index, Tensor.of(f, b, 2 * mics, fLen / (2 * mics * first.frames()), first.frames()),
                Tensor.of(t, b, first.outFrames(), values, mics - 1, tracks), labels);
    }
}
