package ipdnet2.dsp.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ipdnet2.dsp.target.DirectPathIpd;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArraySymmetryTest {
    @Test
    void realmansFiveChannelsHaveTheEightSymmetriesOfASquare() {
        List<ArraySymmetry> s = ArraySymmetry.of(ArrayGeometry.realmanDefault());
        List<String> names = new ArrayList<>();
        for (ArraySymmetry x : s) names.add(x.toString());
        assertThat(names).containsExactly("rotation 0°", "rotation 90°", "rotation 180°", "rotation 270°",
                "reflection 0°", "reflection 90°", "reflection 180°", "reflection 270°");
        assertThat(s.get(0).isIdentity()).isTrue();
        // mics in network order sit at 0°, 90°, 180°, 270° and the centre: a quarter turn takes
        // mic i to mic i+1; the reflection across the x axis swaps the mics at 90° and 270°
        assertThat(s.get(1).channels()).containsExactly(1, 2, 3, 0, 4);
        assertThat(s.get(4).channels()).containsExactly(0, 3, 2, 1, 4);
        // the reflection θ → 90° − θ is across the diagonal: 0° ↔ 90°, 180° ↔ 270°
        assertThat(s.get(5).channels()).containsExactly(1, 0, 3, 2, 4);
        assertThat(s.get(1).toArrayAzimuthDeg(30)).isEqualTo(120);
        assertThat(s.get(5).toArrayAzimuthDeg(30)).isEqualTo(60);
    }

    @Test
    void theWhole32ChannelArrayIsOnlySymmetricAcrossTheXAxis() {
        // channels 25-27 on the x axis (-0.12, +0.12, +0.15 m) break every rotation
        List<ArraySymmetry> s = ArraySymmetry.of(ArrayGeometry.realman32());
        assertThat(s).hasSize(2);
        assertThat(s.get(1).isReflection()).isTrue();
        assertThat(s.get(1).angleDeg()).isZero();
    }

    @Test
    void aMicMovedAlongTheRingLeavesOnlyTheIdentity() {
        double[][] p = new double[5][];
        for (int i = 0; i < 5; i++) p[i] = ArrayGeometry.realmanDefault().position(i);
        p[1][0] = -0.01; // mic at 90° moved 1 cm sideways
        List<ArraySymmetry> s = ArraySymmetry.of(new ArrayGeometry(p));
        assertThat(s).hasSize(1);
        assertThat(s.get(0).isIdentity()).isTrue();
    }

    /**
     * The physical fact the reordering rests on: the array with its channels reordered by a
     * symmetry hears a source at θ exactly as the original array hears one at θ' (same distance),
     * where θ = toArrayAzimuthDeg(θ').
     */
    @Test
    void reorderedChannelsHearASourceAtTheMappedAzimuth() {
        ArrayGeometry g = ArrayGeometry.realmanDefault();
        DirectPathIpd original = new DirectPathIpd(g);
        for (ArraySymmetry s : ArraySymmetry.of(g)) {
            DirectPathIpd reordered = new DirectPathIpd(g.subset(s.channels()));
            for (double networkDeg : new double[]{-170, -45, 0, 17, 90, 133}) {
                float[] seen = reordered.active(s.toArrayAzimuthDeg(networkDeg), 1.3);
                float[] expected = original.active(networkDeg, 1.3);
                for (int i = 0; i < seen.length; i++) {
                    assertThat(seen[i]).as("%s, %s°, value %d", s, networkDeg, i).isCloseTo(expected[i], within(2e-5f));
                }
            }
        }
    }

    @Test
    void reorderSharesTheChannelsInTheNewOrder() {
        ArraySymmetry quarter = ArraySymmetry.of(ArrayGeometry.realmanDefault()).get(1);
        float[][] x = {{0}, {1}, {2}, {3}, {4}};
        float[][] r = quarter.reorder(x);
        assertThat(r[0]).isSameAs(x[1]);
        assertThat(r[3]).isSameAs(x[0]);
        assertThat(r[4]).isSameAs(x[4]);
    }
}
