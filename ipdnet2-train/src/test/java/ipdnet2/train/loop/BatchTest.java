package ipdnet2.train.loop;

import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.train.data.Example;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchTest {
    private static Example example(int frames) {
        int mics = 2, tracks = 2, out = frames / 5;
        FrameLabels labels = new FrameLabels(new double[out][tracks], new double[out][tracks], new boolean[out][tracks]);
        return new Example(new float[2 * mics * 4 * frames], frames, new float[out * 3 * (mics - 1) * tracks], out, labels);
    }

    /** Examples of different lengths: the message says which one and both lengths. */
    @Test
    void examplesOfDifferentLengthsAreNamed() {
        assertThatThrownBy(() -> Batch.of(7, List.of(example(10), example(10), example(20)), 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("examples of one batch must have the same length: example 2 of batch 7 has 20 STFT frames,"
                        + " example 0 10");
    }
}
