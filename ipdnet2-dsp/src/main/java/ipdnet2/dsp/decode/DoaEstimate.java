package ipdnet2.dsp.decode;

/**
 * The decoded direction of one track in one output frame.
 *
 * @param candidate  index of the best template
 * @param azimuthDeg its azimuth in degrees
 * @param mse        mean squared error between prediction and that template
 * @param detected   whether mse / 0.2919 is below the detection threshold
 */
public record DoaEstimate(int candidate, double azimuthDeg, double mse, boolean detected) {
    /** Azimuth in radians. */
    public double azimuthRad() {
        return Math.toRadians(azimuthDeg);
    }
}
