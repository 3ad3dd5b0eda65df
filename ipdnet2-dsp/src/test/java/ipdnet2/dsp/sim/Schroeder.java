package ipdnet2.dsp.sim;

/**
 * Reverberation time measured from an impulse response by Schroeder backward integration:
 * energy decay curve EDC(t) = ∫_t^∞ h², then a least-squares line through EDC in dB between
 * −5 dB and −5 − span dB (span 20: T20, 30: T30), extrapolated to 60 dB (ISO 3382).
 */
final class Schroeder {
    private Schroeder() {}

    static double decayTime(float[] h, int sampleRate, double spanDb) {
        double[] edc = new double[h.length];
        double acc = 0;
        for (int n = h.length - 1; n >= 0; n--) {
            acc += (double) h[n] * h[n];
            edc[n] = acc;
        }
        double total = edc[0];
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int count = 0;
        for (int n = 0; n < h.length; n++) {
            double db = 10 * Math.log10(edc[n] / total);
            if (db <= -5 && db >= -5 - spanDb) {
                double t = (double) n / sampleRate;
                sx += t;
                sy += db;
                sxx += t * t;
                sxy += t * db;
                count++;
            }
        }
        double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
        return -60 / slope;
    }
}
