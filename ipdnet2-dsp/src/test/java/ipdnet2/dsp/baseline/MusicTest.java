package ipdnet2.dsp.baseline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MUSIC against simulated talkers of known azimuth. */
class MusicTest {
    private static final Music MUSIC = new Music(BaselineScenes.ARRAY);
    private static final PeakPicker PICKER = new PeakPicker();

    @Test
    void anechoicTalkerIsFoundAtItsAzimuth() {
        for (double az : new double[] {37, -120}) {
            float[][] s = MUSIC.spectra(BaselineScenes.talkers(0, 1.0, 11, az));
            for (int j = 0; j < s.length; j++) {
                int p = PICKER.peaks(s[j])[0];
                assertThat(BaselineScenes.error(AzimuthGrid.azimuthDeg(p), az)).as("frame %d", j).isLessThanOrEqualTo(2.0);
            }
        }
    }

    @Test
    void reverberantTalkerIsFoundAtItsAzimuth() {
        float[][] s = MUSIC.spectra(BaselineScenes.talkers(0.5, 2.0, 5, 140));
        int hits = 0;
        for (float[] frame : s) {
            if (BaselineScenes.error(AzimuthGrid.azimuthDeg(PICKER.peaks(frame)[0]), 140) <= 2.0) hits++;
        }
        assertThat(hits).isGreaterThanOrEqualTo(s.length * 8 / 10);
    }

    @Test
    void twoTalkersAreBothFoundAndAPlaneWaveFillsTheSignalSubspace() {
        double[] az = {-100, 20};
        float[][] s = MUSIC.spectra(BaselineScenes.planeWaves(1.0, 21, az, new double[] {0.1, 0.08}));
        for (float[] frame : s) {
            int[] p = PICKER.peaks(frame);
            double a = AzimuthGrid.azimuthDeg(p[0]), b = AzimuthGrid.azimuthDeg(p[1]);
            double direct = BaselineScenes.error(a, az[0]) + BaselineScenes.error(b, az[1]);
            double swapped = BaselineScenes.error(a, az[1]) + BaselineScenes.error(b, az[0]);
            assertThat(Math.min(direct, swapped)).isLessThanOrEqualTo(4.0);
            // both steering vectors lie in the two-dimensional signal subspace: share near 1
            assertThat(frame[p[0]]).isGreaterThan(0.9f);
            assertThat(frame[p[1]]).isGreaterThan(0.9f);
        }
    }

    @Test
    void wrapAroundSilenceAndBadInput() {
        float[][] s = MUSIC.spectra(BaselineScenes.planeWaves(0.5, 9, new double[] {-179.6}, new double[] {0.1}));
        for (float[] frame : s) {
            assertThat(BaselineScenes.error(AzimuthGrid.azimuthDeg(PICKER.peaks(frame)[0]), -179.6)).isLessThanOrEqualTo(1.0);
        }
        for (float[] f : MUSIC.spectra(new float[5][8000])) assertThat(f).containsOnly(0f);
        float[][] inf = new float[5][8000];
        inf[0][7] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> MUSIC.spectra(inf)).hasMessageContaining("channel 0, sample 7 is Infinity");
        assertThatThrownBy(() -> MUSIC.spectra(new float[6][8000])).hasMessageContaining("6 channels");
    }
}
