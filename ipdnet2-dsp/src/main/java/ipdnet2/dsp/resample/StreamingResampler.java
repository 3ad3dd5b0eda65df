package ipdnet2.dsp.resample;

import java.util.Arrays;

/**
 * {@link Resampler} for audio that arrives in chunks: each output sample is emitted as soon as
 * the input its filter reaches has arrived (output j at input time j·M/L needs input samples up
 * to ⌊j·M/L⌋ + half, about 1 ms ahead at 48 → 16 kHz), and {@link #finish} emits the rest with
 * the input taken as zero after its end. The outputs are bitwise those of
 * {@link Resampler#process} on the whole signal: each is the same sum in the same order. Memory
 * stays bounded: only the inputs that later outputs still reach are kept.
 */
public final class StreamingResampler {
    private final Resampler r;
    private final int channels;
    /** buf[c][k − start] is input sample k, for k in [start, received). */
    private float[][] buf;
    private long start, received, produced;
    private boolean finished;

    /** A converter from {@code inRate} to {@code outRate} for {@code channels} channels. */
    public StreamingResampler(int inRate, int outRate, int channels) {
        if (channels < 1) throw new IllegalArgumentException("channels must be positive, got " + channels);
        this.r = new Resampler(inRate, outRate);
        this.channels = channels;
        this.buf = new float[channels][4 * r.half + 4096];
    }

    public int inRate() {
        return r.inRate();
    }

    public int outRate() {
        return r.outRate();
    }

    /** Input samples held per channel: those later outputs still reach, and the last chunk. */
    public int bufferedSamples() {
        return (int) (received - start);
    }

    /**
     * Appends samples [off, off + len) of every channel and returns the output samples that are
     * now complete, [channels][n] (n may be 0).
     */
    public float[][] push(float[][] x, int off, int len) {
        if (finished) throw new IllegalStateException("the resampler is already finished");
        if (x.length != channels) throw new IllegalArgumentException("expected " + channels + " channels, got " + x.length);
        append(x, off, len);
        if (r.up == r.down) return emit(received);
        // Output j is complete once ⌊j·M/L⌋ + half < received: j < (received − half)·L/M.
        long ready = received > r.half ? ceilDiv((received - r.half) * r.up, r.down) : 0;
        return emit(Math.max(ready, produced));
    }

    /** Ends the input and returns the remaining outputs (as many in all as {@link Resampler#outputLength}). */
    public float[][] finish() {
        if (finished) throw new IllegalStateException("the resampler is already finished");
        finished = true;
        return emit(r.up == r.down ? received : ceilDiv(received * r.up, r.down));
    }

    /** Outputs [produced, until): each the sum of Resampler.process, inputs past the end taken as zero. */
    private float[][] emit(long until) {
        int n = (int) (until - produced);
        float[][] y = new float[channels][n];
        for (int c = 0; c < channels; c++) {
            float[] in = buf[c];
            if (r.up == r.down) {
                System.arraycopy(in, (int) (produced - start), y[c], 0, n);
                continue;
            }
            for (int o = 0; o < n; o++) {
                long pos = (produced + o) * r.down;
                long i = pos / r.up;
                float[] h = r.taps[(int) (pos % r.up)];
                long kFrom = i + 1 - r.half;
                long lo = Math.max(kFrom, 0), hi = Math.min(i + r.half, received - 1);
                double acc = 0;
                for (long k = lo; k <= hi; k++) acc += h[(int) (k - kFrom)] * in[(int) (k - start)];
                y[c][o] = (float) acc;
            }
        }
        produced = until;
        return y;
    }

    /** Adds the chunk after dropping the inputs no later output reaches. */
    private void append(float[][] x, int off, int len) {
        long keep = r.up == r.down ? produced : Math.max(0, produced * r.down / r.up + 1 - r.half);
        int drop = (int) (Math.min(keep, received) - start);
        int have = (int) (received - start);
        if (drop > 0) {
            for (float[] b : buf) System.arraycopy(b, drop, b, 0, have - drop);
            start += drop;
            have -= drop;
        }
        if (have + len > buf[0].length) {
            int size = Math.max(2 * buf[0].length, have + len);
            for (int c = 0; c < channels; c++) buf[c] = Arrays.copyOf(buf[c], size);
        }
        for (int c = 0; c < channels; c++) {
            if (x[c].length < off + len) {
                throw new IllegalArgumentException("channel " + c + " has " + x[c].length + " samples, fewer than "
                        + (off + len));
            }
            System.arraycopy(x[c], off, buf[c], have, len);
        }
        received += len;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
