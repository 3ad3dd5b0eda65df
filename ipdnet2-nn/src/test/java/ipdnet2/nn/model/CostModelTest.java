package ipdnet2.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CostModelTest {

    /**
     * The analytical count equals the parameters the network actually allocates, for every
     * preset; Tiny's is also the published PyTorch model's (reference/tiny.json: 383,568).
     */
    @Test
    void parameterCountsEqualTheReference() {
        assertThat(CostModel.parameterCount(IPDnet2Config.tiny())).isEqualTo(383_568L);
        for (IPDnet2Config c : new IPDnet2Config[] {IPDnet2Config.tiny(), IPDnet2Config.small(), IPDnet2Config.large()}) {
            assertThat(CostModel.parameterCount(c)).as(c.toString()).isEqualTo(new IPDnet2(c, 1).parameterCount());
        }
    }

    /** The encoder alone, counted by hand: 256 bins · 10 inputs · 48 outputs · 5 taps · 50 frames/s. */
    @Test
    void encoderMacsCountedByHand() {
        IPDnet2Config oneLayer = new IPDnet2Config(5, 48, 1, 8, 256, 16, 5, 0, 16, 4, 2, 5, 8, 5, 2);
        double encoder = 256.0 * 10 * 48 * 5 * 50;
        // layer 0 at 50 frames/s: fconv1 at F=256, full and fconv2 at F=128, 2 Mambas at F=16
        double fconv1 = 256.0 * 48 * 6 * 5, fconv2 = 128.0 * 48 * 6 * 5;
        double full = 128.0 * 48 * 8 + 8.0 * 128 * 128 + 128.0 * 8 * 48;
        double mamba = 16.0 * (48 * 192 + 96 * 4 + 96 * 35 + 3 * 96 + 3 * 96 * 16 + 96 * 48);
        double head = 10.0 * (16 * 48 * 256 + 256 * 16 * 16);
        double expected = encoder + 50 * (fconv1 + full + fconv2 + 2 * mamba) + head;
        assertThat(CostModel.macsPerSecond(oneLayer)).isEqualTo(expected);
    }

    /**
     * Two layers, time pooled after layer 0, counted by hand (H 48, S 8, F 256, N 16, E 96, state
     * 16, Δ rank 3, conv kernel 4, frequency kernel 5 in 8 groups, decoder width 2·2·4 = 16):
     * <pre>
     *   encoder, 50 frames/s:      256·10·48·5                                  =    614,400 / frame
     *   layer 0, 50 frames/s:      fconv1 at F 256: 256·48·6·5                  =    368,640
     *                              full at F 128: 128·48·8 + 8·128² + 128·8·48  =    229,376
     *                              fconv2 at F 128: 128·48·6·5                  =    184,320
     *                              2 Mambas over 16 bins: 2·16·22,464           =    718,848
     *     (one Mamba step: in 48·192, conv 96·4, x_proj 96·35, dt 3·96, scan 3·96·16, out 96·48)
     *   layer 1, 10 frames/s:      fconv1 and fconv2 at F 16: 2·16·48·6·5       =     46,080
     *                              full at F 16: 16·48·8 + 8·16² + 16·8·48      =     14,336
     *                              2 Mambas over 16 bins                        =    718,848
     *   head, 10 frames/s:         16·48·16·16 + 256·16·16                      =    262,144
     *   per second: 50·614,400 + 50·1,501,184 + 10·779,264 + 10·262,144        = 116,193,280
     * </pre>
     * Pooling after layer 1 instead runs layer 1 at 50 frames/s: 40·779,264 more.
     */
    @Test
    void twoLayerMacsCountedByHand() {
        IPDnet2Config poolAfter0 = new IPDnet2Config(5, 48, 2, 8, 256, 16, 5, 0, 16, 4, 2, 5, 8, 5, 2);
        assertThat(CostModel.macsPerSecond(poolAfter0)).isEqualTo(116_193_280.0);
        IPDnet2Config poolAfter1 = new IPDnet2Config(5, 48, 2, 8, 256, 16, 5, 1, 16, 4, 2, 5, 8, 5, 2);
        assertThat(CostModel.macsPerSecond(poolAfter1)).isEqualTo(116_193_280.0 + 40 * 779_264.0);
        // FLOPs count every MAC twice, plus element-wise work
        assertThat(CostModel.flopsPerSecond(poolAfter0)).isGreaterThan(2 * 116_193_280.0);
    }

    /** Large keeps every layer at the full frame rate, so it costs far more than Small. */
    @Test
    void computeGrowsWithThePresets() {
        double tiny = CostModel.flopsPerSecond(IPDnet2Config.tiny());
        double small = CostModel.flopsPerSecond(IPDnet2Config.small());
        double large = CostModel.flopsPerSecond(IPDnet2Config.large());
        assertThat(tiny).isLessThan(small);
        assertThat(large).isGreaterThan(5 * small);
    }

    @Test
    void metadataRoundTripAndBadConfigurations() {
        IPDnet2Config c = IPDnet2Config.large();
        assertThat(IPDnet2Config.fromMetadata(c.toMetadata())).isEqualTo(c);
        assertThat(IPDnet2Config.preset("Small")).isEqualTo(IPDnet2Config.small());
        assertThatThrownBy(() -> IPDnet2Config.preset("huge")).hasMessageContaining("huge");
        assertThatThrownBy(() -> new IPDnet2Config(5, 50, 8, 8, 256, 16, 5, 0, 16, 4, 2, 5, 8, 5, 2))
                .hasMessageContaining("hidden 50");
        assertThatThrownBy(() -> new IPDnet2Config(5, 48, 8, 8, 256, 16, 5, 8, 16, 4, 2, 5, 8, 5, 2))
                .hasMessageContaining("time pooling layer");
    }
}
