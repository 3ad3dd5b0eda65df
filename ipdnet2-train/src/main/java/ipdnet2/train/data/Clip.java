package ipdnet2.train.data;

import ipdnet2.dsp.label.FrameLabels;

/**
 * One training or validation clip: the array signals at 16 kHz, {@code audio[mic][sample]}, and
 * its per-100-ms labels. Every data source (RealMAN mixtures, simulated rooms, stored sets)
 * yields this form.
 */
public record Clip(float[][] audio, FrameLabels labels) {
    public Clip {
        if (audio.length == 0) throw new IllegalArgumentException("a clip needs at least one channel");
        for (float[] ch : audio) {
            if (ch.length != audio[0].length) throw new IllegalArgumentException("clip channels differ in length");
        }
    }

    public int mics() {
        return audio.length;
    }

    public int samples() {
        return audio[0].length;
    }
}
