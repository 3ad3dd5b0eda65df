package ipdnet2.train.loop;

import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.train.data.Clip;
import ipdnet2.train.data.ClipSource;

import java.util.SplittableRandom;

/** Cheap deterministic clips for loop tests: correlated noise on 5 mics, one labelled source. */
final class NoiseClips implements ClipSource {
    private final int samples;

    NoiseClips(double seconds) {
        this.samples = (int) Math.round(seconds * 16000);
    }

    @Override
    public Clip clip(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] audio = new float[5][samples];
        for (int i = 0; i < samples; i++) {
            double common = rng.nextGaussian();
            for (int m = 0; m < 5; m++) audio[m][i] = (float) (0.1 * (common + 0.3 * rng.nextGaussian()));
        }
        int frames = samples / 1600;
        double az = rng.nextDouble(-180, 180);
        double[][] a = new double[frames][2], d = new double[frames][2];
        boolean[][] act = new boolean[frames][2];
        for (int f = 0; f < frames; f++) {
            a[f][0] = az;
            d[f][0] = 1.5;
            d[f][1] = 1.5;
            act[f][0] = true;
        }
        return new Clip(audio, new FrameLabels(a, d, act));
    }

    @Override
    public int mics() {
        return 5;
    }

    @Override
    public String describe() {
        return "noise clips";
    }
}
