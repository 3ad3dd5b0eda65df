package ipdnet2.dsp.baseline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SrpPhatTest {
    @Test
    void anechoicTalkerIsFoundAtItsAzimuth() {
        SrpPhat srp = new SrpPhat(BaselineScenes.ARRAY);
        for (double az : new double[] {37, -120, 101.5}) {
            float[][] s = srp.spectra(BaselineScenes.talkers(0, 1.0, 11, az));
            assertThat(s).hasNumberOfRows(FrameBlocks.outputFrames(16000));
            for (int j = 1; j < s.length; j++) {
                int p = new PeakPicker().peaks(s[j])[0];
                assertThat(BaselineScenes.error(AzimuthGrid.azimuthDeg(p), az)).as("frame %d, azimuth %.1f", j, az)
                        .isLessThanOrEqualTo(2.0);
            }
        }
    }
}
