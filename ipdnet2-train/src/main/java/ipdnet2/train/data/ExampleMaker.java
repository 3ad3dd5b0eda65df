package ipdnet2.train.data;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.dsp.stft.FeatureExtractor;
import ipdnet2.dsp.stft.Features;
import ipdnet2.dsp.target.DirectPathIpd;
import ipdnet2.dsp.target.TrainingTargets;

/**
 * Turns clips into {@link Example}s for an array: features by {@link FeatureExtractor}, targets by
 * {@link TrainingTargets}. The network emits ⌊T / 5⌋ frames for T STFT frames; labels and targets
 * are cut (or padded with inactive frames) to that count so they line up with the output.
 */
public final class ExampleMaker {
    /** Tracks of the network output (K, §2). */
    public static final int TRACKS = 2;

    private final DirectPathIpd ipd;
    private final int timePoolRatio;

    public ExampleMaker(ArrayGeometry geometry, int timePoolRatio) {
        this.ipd = new DirectPathIpd(geometry);
        this.timePoolRatio = timePoolRatio;
    }

    public int mics() {
        return ipd.pairs() + 1;
    }

    public Example make(Clip clip) {
        if (clip.mics() != mics()) {
            throw new DataException("clip has " + clip.mics() + " channels, the array has " + mics());
        }
        Features f = FeatureExtractor.compute(clip.audio());
        int out = f.frames() / timePoolRatio;
        FrameLabels labels = fit(clip.labels(), out);
        return new Example(f.data(), f.frames(), TrainingTargets.build(labels, ipd), out, labels);
    }

    /** Labels with exactly {@code frames} frames and {@link #TRACKS} sources (missing ones inactive). */
    static FrameLabels fit(FrameLabels in, int frames) {
        double[][] az = new double[frames][TRACKS];
        double[][] dist = new double[frames][TRACKS];
        boolean[][] active = new boolean[frames][TRACKS];
        int sources = Math.min(TRACKS, in.sources());
        for (int t = 0; t < frames; t++) {
            for (int s = 0; s < TRACKS; s++) dist[t][s] = 1;
            if (t >= in.frames()) continue;
            for (int s = 0; s < sources; s++) {
                az[t][s] = in.azimuthDeg(t, s);
                dist[t][s] = in.distanceM(t, s);
                active[t][s] = in.active(t, s);
            }
        }
        return new FrameLabels(az, dist, active);
    }
}
