package ipdnet2.tests.dsp;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.dsp.target.DirectPathIpd;
import ipdnet2.dsp.target.TrainingTargets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrainingTargetsTest {
    private final DirectPathIpd ipd = new DirectPathIpd(ArrayGeometry.realmanDefault());

    private static FrameLabels referenceLabels(boolean[][] active) {
        double[] az = Ref.load("doa_azimuth_deg.npy").doubles();
        double[] d = Ref.load("doa_distance_m.npy").doubles();
        double[][] a = new double[10][2], dist = new double[10][2];
        for (int t = 0; t < 10; t++) {
            for (int s = 0; s < 2; s++) {
                a[t][s] = az[t * 2 + s];
                dist[t][s] = d[t * 2 + s];
            }
        }
        return new FrameLabels(a, dist, active);
    }

    @Test
    void allActiveMatchesReferenceTarget() {
        boolean[][] active = new boolean[10][2];
        for (boolean[] row : active) row[0] = row[1] = true;
        float[] mine = TrainingTargets.build(referenceLabels(active), ipd);
        float[] ref = Ref.load("dpipd_target.npy").floats(); // [1, 10, 512, 4, 2]
        assertThat(mine.length).isEqualTo(ref.length);
        for (int i = 0; i < ref.length; i++) assertThat(mine[i]).isCloseTo(ref[i], within(1e-5f));
    }

    @Test
    void silentSourcesGetTheInactiveTarget() {
        boolean[][] active = new boolean[10][2];
        for (int t = 0; t < 10; t++) {
            active[t][0] = t % 2 == 0;
            active[t][1] = t % 3 != 0;
        }
        float[] mine = TrainingTargets.build(referenceLabels(active), ipd, 2, 6);
        float[] ref = Ref.load("dpipd_target.npy").floats();
        float[] none = Ref.load("non_source_target.npy").floats(); // [512, 4]
        assertThat(mine.length).isEqualTo(6 * 2048 * 2);
        for (int t = 0; t < 6; t++) {
            for (int s = 0; s < 2; s++) {
                for (int i = 0; i < 2048; i++) {
                    float expected = active[t + 2][s] ? ref[((t + 2) * 2048 + i) * 2 + s] : none[i];
                    assertThat(mine[(t * 2048 + i) * 2 + s]).isCloseTo(expected, within(1e-5f));
                }
            }
        }
    }
}
