package ipdnet2.dsp.baseline;

import ipdnet2.dsp.stft.Stft;

import java.util.Locale;

/**
 * The STFT of every channel (ARCHITECTURE.md §1: 512/320, periodic Hann, centred, 16 kHz) grouped
 * into 100-ms output frames: output frame j covers STFT frames 5j … 5j+4, and a recording of n
 * samples gives ⌊(⌊n/320⌋+1)/5⌋ output frames, as the network's time pooling does
 * ({@code IPDnet2Config.outputFrames}). Also validates the audio.
 */
public final class FrameBlocks {
    /** STFT frames per 100-ms output frame (20-ms hop). */
    public static final int STFT_PER_FRAME = 5;
    /** Fewest samples giving one output frame: (5 − 1)·320. */
    public static final int MIN_SAMPLES = (STFT_PER_FRAME - 1) * Stft.HOP;

    final int mics;
    final int stftFrames;
    final int frames;
    /** re[m][t·257 + k], im likewise. */
    final float[][] re;
    final float[][] im;
    /** Whether every bin of every channel of output frame j is exactly zero. */
    final boolean[] silent;

    private FrameBlocks(int mics, int stftFrames, float[][] re, float[][] im) {
        this.mics = mics;
        this.stftFrames = stftFrames;
        this.frames = stftFrames / STFT_PER_FRAME;
        this.re = re;
        this.im = im;
        this.silent = new boolean[frames];
        int span = STFT_PER_FRAME * Stft.BINS;
        for (int j = 0; j < frames; j++) {
            boolean s = true;
            for (int m = 0; m < mics && s; m++) {
                for (int i = j * span, e = i + span; i < e; i++) {
                    if (re[m][i] != 0f || im[m][i] != 0f) {
                        s = false;
                        break;
                    }
                }
            }
            silent[j] = s;
        }
    }

    /** Output frames for a recording of {@code samples} samples. */
    public static int outputFrames(long samples) {
        return Stft.frames(samples) / STFT_PER_FRAME;
    }

    /** Checks the audio against a {@code mics}-mic array and transforms it. */
    static FrameBlocks of(float[][] channels, int mics) {
        check(channels, mics);
        Stft stft = new Stft();
        float[][] re = new float[mics][];
        float[][] im = new float[mics][];
        for (int m = 0; m < mics; m++) {
            float[][] x = stft.transform(channels[m]);
            re[m] = x[0];
            im[m] = x[1];
        }
        return new FrameBlocks(mics, Stft.frames(channels[0].length), re, im);
    }

    /** Channel count equal to the array's, equal lengths, finite samples, at least one output frame. */
    static void check(float[][] channels, int mics) {
        if (channels == null || channels.length == 0) throw new IllegalArgumentException("no audio channels given");
        if (channels.length != mics) {
            throw new IllegalArgumentException("the audio has " + channels.length + " channels but the array has "
                    + mics + " mics (channels must follow the array's mic order, e.g. RealMAN channels 1,3,5,7,0)");
        }
        for (int m = 0; m < mics; m++) {
            if (channels[m] == null) throw new IllegalArgumentException("channel " + m + " is missing");
        }
        int n = channels[0].length;
        for (int m = 0; m < mics; m++) {
            float[] c = channels[m];
            if (c.length != n) {
                throw new IllegalArgumentException("channel " + m + " has " + c.length + " samples, channel 0 has " + n);
            }
            for (int i = 0; i < n; i++) {
                float v = c[i];
                if (Float.isNaN(v) || Float.isInfinite(v)) {
                    throw new IllegalArgumentException("channel " + m + ", sample " + i + " is " + v
                            + ": the audio must be finite");
                }
            }
        }
        if (n < MIN_SAMPLES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the recording is too short: %d samples (%.3f s) at 16 kHz, at least %d (%.3f s) are needed "
                            + "for one 100-ms output frame", n, n / 16000.0, MIN_SAMPLES, MIN_SAMPLES / 16000.0));
        }
    }
}
