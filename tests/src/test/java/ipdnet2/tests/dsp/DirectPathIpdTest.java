package ipdnet2.tests.dsp;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.io.NpyArray;
import ipdnet2.dsp.target.Bessel;
import ipdnet2.dsp.target.DirectPathIpd;
import ipdnet2.dsp.target.DoaTemplates;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The direct-path IPD target (ARCHITECTURE.md §2) against the published implementation. */
class DirectPathIpdTest {
    private final DirectPathIpd ipd = new DirectPathIpd(ArrayGeometry.realmanDefault());

    @Test
    void nearFieldTargetMatchesReference() {
        NpyArray ref = Ref.load("dpipd_target.npy"); // [1, 10, 512, 4, 2]
        double[] az = Ref.load("doa_azimuth_deg.npy").doubles();
        double[] dist = Ref.load("doa_distance_m.npy").doubles();
        float[] r = ref.floats();
        double worst = 0;
        for (int t = 0; t < 10; t++) {
            for (int s = 0; s < 2; s++) {
                float[] mine = ipd.active(az[t * 2 + s], dist[t * 2 + s]);
                for (int i = 0; i < 512 * 4; i++) {
                    worst = Math.max(worst, Math.abs(mine[i] - r[(t * 2048 + i) * 2 + s]));
                }
            }
        }
        assertThat(worst).isLessThan(1e-5);
    }

    @Test
    void interleavedWriteMatchesSingleTarget() {
        float[] out = new float[2048 * 2];
        ipd.active(30, 1.5, out, 1, 2);
        float[] single = ipd.active(30, 1.5);
        for (int i = 0; i < 2048; i++) assertThat(out[2 * i + 1]).isEqualTo(single[i]);
    }

    @Test
    void inactiveTargetMatchesReference() {
        float[] ref = Ref.load("non_source_target.npy").floats(); // [512, 4]
        float[] mine = ipd.inactive();
        for (int i = 0; i < ref.length; i++) assertThat(mine[i]).isCloseTo(ref[i], within(1e-6f));
    }

    @Test
    void besselJ0AgainstTabulatedValues() {
        // values from Abramowitz & Stegun table 9.1 and the first zeros j_{0,1}, j_{0,2}
        assertThat(Bessel.j0(0)).isEqualTo(1.0);
        assertThat(Bessel.j0(1)).isCloseTo(0.7651976865579666, within(1e-12));
        assertThat(Bessel.j0(-1)).isCloseTo(0.7651976865579666, within(1e-12));
        assertThat(Bessel.j0(5)).isCloseTo(-0.1775967713143383, within(1e-12));
        assertThat(Bessel.j0(10)).isCloseTo(-0.2459357644513483, within(1e-12));
        assertThat(Bessel.j0(2.404825557695773)).isCloseTo(0, within(1e-12));
        assertThat(Bessel.j0(5.520078110286311)).isCloseTo(0, within(1e-12));
        assertThat(Bessel.j0(100)).isCloseTo(0.019985850304223122, within(1e-12));
    }

    @Test
    void publishedTemplatesMatchReference() {
        NpyArray ref = Ref.load("dpipd_template_360.npy"); // [1, 360, 512, 4]
        float[] r = ref.floats();
        DoaTemplates t = DoaTemplates.publishedGrid(ArrayGeometry.realmanDefault());
        assertThat(t.count()).isEqualTo(360);
        assertThat(t.azimuthDeg(0)).isEqualTo(-180.0);
        assertThat(t.azimuthDeg(359)).isCloseTo(180.0, within(1e-9));
        double worst = 0;
        for (int a = 0; a < 360; a++) {
            float[] m = t.template(a);
            for (int i = 0; i < 2048; i++) worst = Math.max(worst, Math.abs(m[i] - r[a * 2048 + i]));
        }
        assertThat(worst).isLessThan(1e-5);
    }

    @Test
    void farTemplateApproachesNearFieldTargetWithDistance() {
        DoaTemplates t = DoaTemplates.oneDegree(ArrayGeometry.realmanDefault());
        assertThat(t.azimuthDeg(0)).isEqualTo(-180.0);
        assertThat(t.azimuthDeg(210)).isCloseTo(30.0, within(1e-9));
        float[] far = t.template(210);
        float[] near = ipd.active(30, 1000);
        for (int i = 0; i < far.length; i++) assertThat(near[i]).isCloseTo(far[i], within(1e-3f));
    }
}
