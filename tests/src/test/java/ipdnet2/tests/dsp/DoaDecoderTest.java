package ipdnet2.tests.dsp;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.decode.DoaDecoder;
import ipdnet2.dsp.decode.DoaEstimate;
import ipdnet2.dsp.target.DirectPathIpd;
import ipdnet2.dsp.target.DoaTemplates;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Decoding (ARCHITECTURE.md §4) against the published code. */
class DoaDecoderTest {
    @Test
    void matchesReferenceDecoding() {
        float[] pred = Ref.load("decode_pred_ipd.npy").floats(); // [1, 10, 512, 4, 2]
        float[] doa = Ref.load("decode_doa_rad.npy").floats(); // [1, 10, 2, 2]: [elevation, azimuth]
        float[] mse = Ref.load("decode_mse.npy").floats(); // [1, 10, 2]
        DoaDecoder dec = new DoaDecoder(DoaTemplates.publishedGrid(ArrayGeometry.realmanDefault()));
        DoaEstimate[][] e = dec.decodeClip(pred, 10, 2);
        for (int t = 0; t < 10; t++) {
            for (int k = 0; k < 2; k++) {
                assertThat(doa[(t * 2 + 0) * 2 + k]).isCloseTo((float) (Math.PI / 2), within(1e-6f));
                assertThat(e[t][k].azimuthRad()).isCloseTo(doa[(t * 2 + 1) * 2 + k], within(1e-5));
                assertThat(e[t][k].mse()).isCloseTo(mse[t * 2 + k], within(1e-5 * mse[t * 2 + k]));
                assertThat(e[t][k].detected()).isEqualTo(mse[t * 2 + k] / 0.2919 < 0.4).isTrue();
            }
        }
    }

    @Test
    void inactiveTargetIsNotDetectedAndCleanTargetIsFoundOnTheGrid() {
        ArrayGeometry g = ArrayGeometry.realmanDefault();
        DirectPathIpd ipd = new DirectPathIpd(g);
        DoaDecoder dec = new DoaDecoder(DoaTemplates.oneDegree(g));
        DoaEstimate none = dec.decodeTrack(ipd.inactive(), 0, 1);
        assertThat(none.detected()).isFalse();
        for (int az : new int[] {-180, -97, 0, 45, 179}) {
            DoaEstimate e = dec.decodeTrack(ipd.active(az, 2.0), 0, 1);
            assertThat(e.azimuthDeg()).isCloseTo(az, within(1e-9));
            assertThat(e.detected()).isTrue();
        }
    }
}
