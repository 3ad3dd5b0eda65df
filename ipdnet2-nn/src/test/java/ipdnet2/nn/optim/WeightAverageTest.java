package ipdnet2.nn.optim;

import ipdnet2.nn.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WeightAverageTest {
    private static Tensor param(float... values) {
        Tensor p = Tensor.parameter(values.length);
        System.arraycopy(values, 0, p.data(), 0, values.length);
        return p;
    }

    @Test
    void startsAtTheWeightsAndFollowsTheRecurrenceWrittenOut() {
        Tensor p = param(1f, -2f);
        WeightAverage avg = new WeightAverage(List.of(p), 0.75);
        assertThat(avg.average(0)).containsExactly(1f, -2f);
        // w: (3, 2) then (5, 6); avg = 0.75·avg + 0.25·w
        p.data()[0] = 3f;
        p.data()[1] = 2f;
        avg.update();
        assertThat(avg.average(0)[0]).isCloseTo(1.5f, within(1e-6f));
        assertThat(avg.average(0)[1]).isCloseTo(-1f, within(1e-6f));
        p.data()[0] = 5f;
        p.data()[1] = 6f;
        avg.update();
        assertThat(avg.average(0)[0]).isCloseTo(0.75f * 1.5f + 0.25f * 5f, within(1e-6f));
        assertThat(avg.average(0)[1]).isCloseTo(0.75f * -1f + 0.25f * 6f, within(1e-6f));
        // the raw weights are not touched
        assertThat(p.data()).containsExactly(5f, 6f);
    }

    @Test
    void averagesOutNoiseAroundAFixedPoint() {
        // weights jumping ±1 around 4 every step: the average settles within (1−β)/(1+β)·… of 4
        Tensor p = param(4f);
        WeightAverage avg = new WeightAverage(List.of(p), 0.99);
        for (int s = 0; s < 2000; s++) {
            p.data()[0] = s % 2 == 0 ? 5f : 3f;
            avg.update();
        }
        assertThat(avg.average(0)[0]).isCloseTo(4f, within(0.02f));
    }

    @Test
    void copiesIntoAndLoadsFromParameterLists() {
        Tensor a = param(1f, 2f), b = param(3f);
        WeightAverage avg = new WeightAverage(List.of(a, b), 0.5);
        avg.load(List.of(new float[] {7f, 8f}, new float[] {9f}));
        Tensor c = param(0f, 0f), d = param(0f);
        avg.copyTo(List.of(c, d));
        assertThat(c.data()).containsExactly(7f, 8f);
        assertThat(d.data()).containsExactly(9f);
        assertThatThrownBy(() -> avg.copyTo(List.of(c))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 parameters");
        assertThatThrownBy(() -> avg.load(List.of(new float[1], new float[1]))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 0");
        assertThatThrownBy(() -> new WeightAverage(List.of(a), 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 1)");
    }
}
