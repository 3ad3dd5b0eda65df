package ipdnet2.dsp.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.label.FrameLabels;

/**
 * The reflection of a recorded scene across the array's x axis (the line through the centre and,
 * for the RealMAN array, the reference mic), made without simulating again: when the array is
 * symmetric about that axis, the mirrored room sounds at mic i exactly as the original room
 * sounds at mic i's mirror partner, and every azimuth θ becomes −θ. Training on a clip and its
 * mirror image side by side shows the network the one cue that tells them apart, the sign of
 * the IPD of the off-axis pairs (see the model card on the one-axis plateau).
 */
public final class MirrorImage {
    /** How far (metres) a mic may sit from the exact reflection of its partner. */
    private static final double TOLERANCE_M = 1e-6;

    private final int[] partner;

    /**
     * @throws IllegalArgumentException if some mic has no partner at its reflection (x, −y, z):
     *                                  such an array cannot be mirrored by permuting channels
     */
    public MirrorImage(ArrayGeometry array) {
        partner = new int[array.mics()];
        for (int i = 0; i < array.mics(); i++) {
            double[] p = array.position(i);
            partner[i] = -1;
            for (int j = 0; j < array.mics() && partner[i] < 0; j++) {
                double[] q = array.position(j);
                double d = Math.hypot(Math.hypot(q[0] - p[0], q[1] + p[1]), q[2] - p[2]);
                if (d <= TOLERANCE_M) partner[i] = j;
            }
            if (partner[i] < 0) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "the array is not symmetric about its x axis: no mic at (%.4f, %.4f, %.4f), the reflection of mic %d",
                        p[0], -p[1], p[2], i));
            }
        }
    }

    /** Mic i's partner: the mic at its reflection across the x axis (itself if on the axis). */
    public int partner(int mic) {
        return partner[mic];
    }

    /** The audio of the mirrored scene: channel i is the original's channel {@code partner(i)}. */
    public AudioData audio(AudioData original) {
        if (original.channelCount() != partner.length) {
            throw new IllegalArgumentException("the audio has " + original.channelCount() + " channels, the array "
                    + partner.length + " mics");
        }
        float[][] ch = new float[partner.length][];
        for (int i = 0; i < partner.length; i++) ch[i] = original.channels()[partner[i]].clone();
        return new AudioData(original.sampleRate(), ch);
    }

    /** The labels of the mirrored scene: every azimuth negated, within [−180, 180). */
    public static FrameLabels labels(FrameLabels original) {
        int frames = original.frames(), sources = original.sources();
        double[][] az = new double[frames][sources], dist = new double[frames][sources];
        boolean[][] active = new boolean[frames][sources];
        for (int t = 0; t < frames; t++) {
            for (int s = 0; s < sources; s++) {
                double a = -original.azimuthDeg(t, s);
                az[t][s] = a >= 180 ? a - 360 : a;
                dist[t][s] = original.distanceM(t, s);
                active[t][s] = original.active(t, s);
            }
        }
        return new FrameLabels(az, dist, active);
    }
}
