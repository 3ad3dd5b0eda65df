package ipdnet2.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CostModelTest {

    /** Parameter counts of the published PyTorch models (ARCHITECTURE.md §3, reference/tiny.json). */
    @Test
    void parameterCountsEqualTheReference() {
        assertThat(CostModel.parameterCount(IPDnet2Config.tiny())).isEqualTo(383_568L);
        assertThat(CostModel.parameterCount(IPDnet2Config.small())).isEqualTo(1_255_008L);
        assertThat(CostModel.parameterCount(IPDnet2Config.large())).isEqualTo(7_820_608L);
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
