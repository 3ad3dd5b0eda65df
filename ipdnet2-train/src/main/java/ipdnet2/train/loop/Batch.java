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
    /** Clips in the batch. */
    public int size() {
        return labels.length;
    }

    /** Examples [from, to) as a batch of their own (copies). */
    public Batch slice(int from, int to) {
        int n = size();
        if (from < 0 || to > n || from >= to) throw new IllegalArgumentException("slice [" + from + ", " + to + ") of a batch of " + n);
        return new Batch(index, rows(features, from, to), rows(targets, from, to), java.util.Arrays.copyOfRange(labels, from, to));
    }

    private static Tensor rows(Tensor t, int from, int to) {
        int[] shape = t.shape();
        int per = t.numel() / shape[0];
        float[] d = java.util.Arrays.copyOfRange(t.data(), from * per, to * per);
        shape[0] = to - from;
        return Tensor.of(d, shape);
    }

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
                throw new IllegalArgumentException("examples of one batch must have the same length: example " + i
                        + " of batch " + index + " has " + e.frames() + " STFT frames, example 0 " + first.frames());
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
