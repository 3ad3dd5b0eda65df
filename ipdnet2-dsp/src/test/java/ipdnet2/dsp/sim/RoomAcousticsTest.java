package ipdnet2.dsp.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RoomAcousticsTest {
    private static final ArrayGeometry ARRAY = ArrayGeometry.realmanDefault();

    @Test
    void measuredReverberationTimeFollowsTheTargetAcrossRoomsAndRt60s() {
        double[][] rooms = {{3.2, 3.6, 2.6}, {6, 5, 3}, {9.5, 7.5, 3.8}};
        double[] targets = {0.2, 0.5, 0.9, 1.3};
        StringBuilder table = new StringBuilder("target T30 per room:");
        for (double[] dims : rooms) {
            for (double target : targets) {
                Room room = Room.forRt60(dims[0], dims[1], dims[2], target);
                double[] centre = {dims[0] * 0.45, dims[1] * 0.55, 1.3};
                RoomAcoustics acoustics = new RoomAcoustics(room, ARRAY, centre);
                double[] source = acoustics.position(1.5, 70, 0);
                Rir rir = acoustics.impulseResponse(source, new SplittableRandom(7));
                double t30 = 0;
                for (int m = 0; m < rir.mics(); m++) t30 += Schroeder.decayTime(rir.taps()[m], 16000, 30);
                t30 /= rir.mics();
                table.append(String.format(" %.1f->%.3f", target, t30));
                assertThat(t30).as("T30 in %s for target %.1f s", room, target)
                        .isBetween(0.8 * target, 1.2 * target);
            }
        }
        System.out.println(table);
    }

    @Test
    void directPathHasTheGeometricDelayAndSphericalSpreading() {
        Room anechoic = new Room(8, 7, 3, 0);
        double[] centre = {3.1, 2.9, 1.4};
        RoomAcoustics acoustics = new RoomAcoustics(anechoic, ARRAY, centre);
        double[] source = acoustics.position(2.37, -125, 4);
        Rir rir = acoustics.impulseResponse(source, new SplittableRandom(1));
        int size = 4096;
        DoubleFFT_1D fft = new DoubleFFT_1D(size);
        for (int m = 0; m < ARRAY.mics(); m++) {
            double[] mic = acoustics.micPosition(m);
            double d = Math.sqrt(Math.pow(source[0] - mic[0], 2) + Math.pow(source[1] - mic[1], 2)
                    + Math.pow(source[2] - mic[2], 2));
            double delay = d / 340.0 * 16000 + rir.lead();
            double[] x = new double[size];
            for (int n = 0; n < rir.length(); n++) x[n] = rir.taps()[m][n];
            fft.realForward(x);
            // A pure delay τ with gain g has transfer function g·e^{−j2πkτ/N}; check it below 6 kHz.
            for (int k = 8; k < size * 6000 / 16000; k += 37) {
                double re = x[2 * k];
                double im = x[2 * k + 1];
                double expected = -2 * Math.PI * k * delay / size;
                double phaseErr = Math.IEEEremainder(Math.atan2(im, re) - expected, 2 * Math.PI);
                assertThat(phaseErr).as("phase error, mic %d bin %d", m, k).isCloseTo(0, within(1e-3));
                assertThat(Math.hypot(re, im)).as("magnitude, mic %d bin %d", m, k)
                        .isCloseTo(1 / (4 * Math.PI * d), within(0.003 / (4 * Math.PI * d)));
            }
        }
    }

    @Test
    void firstReflectionOffTheFloorArrivesWithTheMirrorImageDelayAndGainBeta() {
        // Source and mic 0 high in a tall room: the floor image is the first reflection.
        Room room = new Room(20, 20, 6, 0.5);
        double[] centre = {10, 10, 0.8};
        RoomAcoustics acoustics = new RoomAcoustics(room, ARRAY, centre, 16000, 340, 0.05);
        double[] source = {10.5, 10.2, 0.8};
        float[][] early = acoustics.early(source);
        double[] mic = acoustics.micPosition(0);
        double dDirect = Math.sqrt(Math.pow(source[0] - mic[0], 2) + Math.pow(source[1] - mic[1], 2));
        double dFloor = Math.sqrt(dDirect * dDirect + Math.pow(source[2] + mic[2], 2));
        double tau = dFloor / 340 * 16000 + acoustics.lead();
        // Least-squares fit around the arrival of a·kernel(n − τ) + b + c·(n − τ): the line absorbs
        // the slow residue of the 50-Hz high-pass, a is the reflection's amplitude.
        double[][] ata = new double[3][3];
        double[] atb = new double[3];
        int centreTap = (int) Math.round(tau);
        for (int n = centreTap - 8; n <= centreTap + 8; n++) {
            double x = n - tau;
            double sinc = Math.abs(x) < 1e-12 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            double[] row = {sinc * 0.5 * (1 + Math.cos(Math.PI * x / 41)), 1, x};
            for (int r = 0; r < 3; r++) {
                atb[r] += row[r] * early[0][n];
                for (int c = 0; c < 3; c++) ata[r][c] += row[r] * row[c];
            }
        }
        double amplitude = solve3(ata, atb)[0];
        double expected = 0.5 / (4 * Math.PI * dFloor);
        assertThat(amplitude).isCloseTo(expected, within(0.01 * expected));
    }

    /** Solves a 3×3 system by Cramer's rule. */
    private static double[] solve3(double[][] a, double[] b) {
        double det = det3(a);
        double[] x = new double[3];
        for (int c = 0; c < 3; c++) {
            double[][] m = new double[3][];
            for (int r = 0; r < 3; r++) {
                m[r] = a[r].clone();
                m[r][c] = b[r];
            }
            x[c] = det3(m) / det;
        }
        return x;
    }

    private static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    @Test
    void eyringInversionRoundTrips() {
        Room room = Room.forRt60(5, 4, 3, 0.7);
        assertThat(room.rt60()).isCloseTo(0.7, within(1e-12));
        // Eyring by hand: α = 1 − β², T = 0.161 V / (−S ln(1 − α)).
        double alpha = 1 - room.beta() * room.beta();
        assertThat(0.161 * 60 / (-94 * Math.log(1 - alpha))).isCloseTo(0.7, within(1e-9));
    }

    @Test
    void rejectsSourcesAndMicsOutsideTheRoom() {
        Room room = Room.forRt60(4, 4, 3, 0.5);
        assertThatThrownBy(() -> new RoomAcoustics(room, ARRAY, new double[] {0.01, 2, 1.5}))
                .hasMessageContaining("outside");
        RoomAcoustics acoustics = new RoomAcoustics(room, ARRAY, new double[] {2, 2, 1.5});
        assertThatThrownBy(() -> acoustics.early(new double[] {5, 2, 1})).hasMessageContaining("outside");
        assertThatThrownBy(() -> Room.forRt60(4, 4, 3, -1)).hasMessageContaining("RT60");
    }
}
