package ipdnet2.dsp.baseline;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.sim.Convolution;
import ipdnet2.dsp.sim.Rir;
import ipdnet2.dsp.sim.Room;
import ipdnet2.dsp.sim.RoomAcoustics;

import java.util.SplittableRandom;

/** Simulated talkers for the baseline tests: white-noise sources in a shoebox room. */
final class BaselineScenes {
    static final ArrayGeometry ARRAY = ArrayGeometry.realmanDefault();
    static final int RATE = 16000;

    private BaselineScenes() {}

    /**
     * Mixture at the array of independent Gaussian sources at the given azimuths (degrees, in the
     * array plane, 1.5 m away) in a 7 × 6 × 3 m room of the given RT60 (0: anechoic).
     */
    static float[][] talkers(double rt60, double seconds, long seed, double... azimuthsDeg) {
        Room room = rt60 == 0 ? new Room(7, 6, 3, 0) : Room.forRt60(7, 6, 3, rt60);
        RoomAcoustics acoustics = new RoomAcoustics(room, ARRAY, new double[] {3.2, 2.9, 1.4});
        SplittableRandom rng = new SplittableRandom(seed);
        int n = (int) Math.round(seconds * RATE);
        float[][] x = new float[ARRAY.mics()][n];
        for (double az : azimuthsDeg) {
            Rir rir = acoustics.impulseResponse(acoustics.position(1.5, az, 0), rng.split());
            float[] dry = new float[n];
            for (int i = 0; i < n; i++) dry[i] = (float) (0.1 * rng.nextGaussian());
            Convolution.addConvolved(x, dry, 0, rir.taps(), rir.lead());
        }
        return x;
    }

    /** Circular distance in degrees. */
    static double error(double a, double b) {
        double d = Math.abs(a - b) % 360;
        return d > 180 ? 360 - d : d;
    }
}
