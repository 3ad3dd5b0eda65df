package ipdnet2.dsp.target;

import ipdnet2.dsp.label.FrameLabels;

/**
 * Per-frame learning targets of a clip (ARCHITECTURE.md §2): for every 100-ms label frame and
 * every track k, the near-field direct-path IPD of source k if it is active in that frame, else
 * the inactive (diffuse-field) target. Layout [T'][512][M-1][K] flattened, K the number of
 * sources in the labels (2 for IPDnet2), the order of the network output.
 */
public final class TrainingTargets {
    private TrainingTargets() {
    }

    /** Targets for every frame of {@code labels}. */
    public static float[] build(FrameLabels labels, DirectPathIpd ipd) {
        return build(labels, ipd, 0, labels.frames());
    }

    /** Targets for label frames [from, from + frames). */
    public static float[] build(FrameLabels labels, DirectPathIpd ipd, int from, int frames) {
        if (from < 0 || frames < 0 || from + frames > labels.frames()) {
            throw new IllegalArgumentException("frames [" + from + ", " + (from + frames) + ") outside the labels' "
                    + labels.frames() + " frames");
        }
        int k = labels.sources();
        int size = ipd.size();
        float[] out = new float[frames * size * k];
        for (int t = 0; t < frames; t++) {
            for (int s = 0; s < k; s++) {
                int off = t * size * k + s;
                if (labels.active(from + t, s)) {
                    ipd.active(labels.azimuthDeg(from + t, s), labels.distanceM(from + t, s), out, off, k);
                } else {
                    ipd.inactive(out, off, k);
                }
            }
        }
        return out;
    }
}
