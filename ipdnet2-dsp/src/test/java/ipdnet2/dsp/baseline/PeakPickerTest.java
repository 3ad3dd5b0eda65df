package ipdnet2.dsp.baseline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeakPickerTest {
    /** A spectrum of Gaussian bumps (standard deviation 2°) at the given grid indices and heights. */
    private static float[] bumps(int[] at, double[] height) {
        float[] s = new float[AzimuthGrid.SIZE];
        for (int i = 0; i < s.length; i++) {
            for (int b = 0; b < at.length; b++) {
                double d = AzimuthGrid.distance(i, at[b]);
                s[i] += (float) (height[b] * Math.exp(-d * d / 8));
            }
        }
        return s;
    }

    @Test
    void highestPeakThenTheHighestFarEnoughAway() {
        // 30 (0.9), 45 (0.8: only 15° away, skipped), 200 (0.5)
        int[] p = new PeakPicker(20).peaks(bumps(new int[] {30, 45, 200}, new double[] {0.9, 0.8, 0.5}));
        assertThat(p[0]).isEqualTo(30);
        assertThat(p[1]).isEqualTo(200);
    }

    @Test
    void peaksAcrossMinusAndPlus180AreFoundCircularly() {
        // a bump centred on index 0 (-180°) spills over to index 359 (179°): one peak, at -180°
        int[] p = new PeakPicker().peaks(bumps(new int[] {0, 355 - 180}, new double[] {1.0, 0.4}));
        assertThat(AzimuthGrid.azimuthDeg(p[0])).isEqualTo(-180.0);
        assertThat(p[1]).isEqualTo(175);
        int[] q = new PeakPicker().peaks(bumps(new int[] {359, 10}, new double[] {1.0, 0.7}));
        // index 10 is 11° from 359 on the circle: too close to be the second peak, and the two
        // bumps' tails fall monotonically to zero elsewhere, so there is no second peak at all
        assertThat(q).containsExactly(359, -1);
    }

    @Test
    void constantSpectrumHasNoPeak() {
        assertThat(new PeakPicker().peaks(new float[AzimuthGrid.SIZE])).containsExactly(-1, -1);
        assertThatThrownBy(() -> new PeakPicker().peaks(new float[10])).hasMessageContaining("360");
    }
}
