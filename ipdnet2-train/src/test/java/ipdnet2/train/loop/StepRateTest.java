package ipdnet2.train.loop;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StepRateTest {
    private static final long S = 1_000_000_000L;

    @Test
    void meanOfTheRecentStepsOnly() {
        StepRate rate = new StepRate(3, 10 * S);
        assertThat(rate.secondsPerStep()).isNaN();
        rate.step(11 * S);                                   // steps of 1 s
        assertThat(rate.secondsPerStep()).isCloseTo(1.0, within(1e-12));
        rate.step(12 * S);
        rate.step(13 * S);
        assertThat(rate.secondsPerStep()).isCloseTo(1.0, within(1e-12));
        rate.step(113 * S);                                  // one step of 100 s (a pause)
        assertThat(rate.secondsPerStep()).isCloseTo((113 - 11) / 3.0, within(1e-12));
        rate.step(114 * S);
        rate.step(115 * S);
        rate.step(116 * S);                                  // the pause has left the window
        assertThat(rate.secondsPerStep()).isCloseTo(1.0, within(1e-12));
        for (int i = 0; i < 10; i++) rate.step((118 + 2L * i) * S);   // the ring wraps: steps of 2 s
        assertThat(rate.secondsPerStep()).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void rejectsAnEmptyWindow() {
        assertThatThrownBy(() -> new StepRate(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
    }
}
