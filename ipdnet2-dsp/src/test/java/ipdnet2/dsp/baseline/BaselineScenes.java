package ipdnet2.dsp.baseline;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.sim.Convolution;
import ipdnet2.dsp.sim.Rir;
import ipdnet2.dsp.sim.Room;
import ipdnet2.dsp.sim.RoomAcoustics;

import org.jtransforms.fft.DoubleFFT_1D;

import java.util.SplittableRandom;

/** Simulated talkers for the baseline tests: white-noise sources in a shoebox room. */
final class BaselineScenes {
    static final ArrayGeometry ARRAY = ArrayGeometry.realmanDefault();
    static final int RATE = 16000;

    private BaselineScenes() {}

    /**
     * Mixture at the array of independent Gaussian sources at the given azimuths (degrees, in the
     * array plane, 1 m away) in a 9 × 8 × 3.5 m room of the given RT60 (0: anechoic), the array
     * near the middle of the room, so the direct path dominates the early reflections.
     */
    static float[][] talkers(double rt60, double seconds, long seed, double... azimuthsDeg) {
        Room room = rt60 == 0 ? new Room(9, 8, 3.5, 0) : Room.forRt60(9, 8, 3.5, rt60);
        RoomAcoustics acoustics = new RoomAcoustics(room, ARRAY, new double[] {4.4, 3.9, 1.6});
        SplittableRandom rng = new SplittableRandom(seed);
        int n = (int) Math.round(seconds * RATE);
        float[][] x = new float[ARRAY.mics()][n];
        for (double az : azimuthsDeg) {
            Rir rir = acoustics.impulseResponse(acoustics.position(1.0, az, 0), rng.split());
            float[] dry = new float[n];
            for (int i = 0; i < n; i++) dry[i] = (float) (0.1 * rng.nextGaussian());
            Convolution.addConvolved(x, dry, 0, rir.taps(), rir.lead());
        }
        return x;
    }

    /**
     * Far-field plane waves from the given azimuths (in the array plane), built without the room
     * simulator: each source is periodic Gaussian noise whose spectrum is multiplied per mic by
     * e^{−jωτ_m}, τ_m = −u·m/c (a mic nearer the source hears it earlier), an exact fractional
     * delay of a periodic signal. Source levels are given by {@code gains}.
     */
    static float[][] planeWaves(double seconds, long seed, double[] azimuthsDeg, double[] gains) {
        int n = (int) Math.round(seconds * RATE);
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] x = new float[ARRAY.mics()][n];
        for (int s = 0; s < azimuthsDeg.length; s++) {
            double[] src = new double[n];
            for (int i = 0; i < n; i++) src[i] = gains[s] * rng.nextGaussian();
            double[] spec = new double[2 * n];
            for (int i = 0; i < n; i++) spec[2 * i] = src[i];
            fft.complexForward(spec);
            double ux = Math.cos(Math.toRadians(azimuthsDeg[s])), uy = Math.sin(Math.toRadians(azimuthsDeg[s]));
            for (int m = 0; m < ARRAY.mics(); m++) {
                double[] pm = ARRAY.position(m);
                double tau = -(ux * pm[0] + uy * pm[1]) / 340.0 * RATE;
                double[] y = new double[2 * n];
                for (int k = 0; k < n; k++) {
                    int kk = k <= n / 2 ? k : k - n;
                    double ph = -2 * Math.PI * kk * tau / n;
                    double c = Math.cos(ph), sn = Math.sin(ph);
                    y[2 * k] = spec[2 * k] * c - spec[2 * k + 1] * sn;
                    y[2 * k + 1] = spec[2 * k] * sn + spec[2 * k + 1] * c;
                }
                if (n % 2 == 0) {
                    y[n] = spec[n] * Math.cos(Math.PI * tau);
                    y[n + 1] = 0;
                }
                fft.complexInverse(y, true);
                for (int i = 0; i < n; i++) x[m][i] += (float) y[2 * i];
            }
        }
        return x;
    }

    /** Circular distance in degrees. */
    static double error(double a, double b) {
        double d = Math.abs(a - b) % 360;
        return d > 180 ? 360 - d : d;
    }
}
