package ipdnet2.train.loop;

import ipdnet2.nn.Tensor;
import ipdnet2.nn.model.IPDnet2Config;
import ipdnet2.train.data.Clip;
import ipdnet2.train.data.ExampleMaker;
import ipdnet2.train.data.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A NaN that reaches a step must not reach the weights (nor, through them, a checkpoint). */
class NonFiniteStepTest {
    @Test
    void aNanInTheBatchStopsTheStepBeforeTheUpdate(@TempDir Path out) {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        ExampleMaker maker = new ExampleMaker(TrainerTest.ARRAY, tiny.timePoolRatio());
        NoiseClips src = new NoiseClips(0.5);
        Trainer t = new Trainer(tiny, TrainerTest.options(1, 10, 2).withReplicas(2), src, maker, null, out, "test");
        List<float[]> before = new ArrayList<>();
        for (Tensor p : t.network().parameters()) before.add(p.data().clone());

        Clip bad = src.clip(Seeds.of(1, 0, 1));
        bad.audio()[2][4000] = Float.NaN;
        Batch batch = Batch.of(0, List.of(maker.make(src.clip(Seeds.of(1, 0, 0))), maker.make(bad)), 5, 2);
        assertThatThrownBy(() -> t.step(batch)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("step 1").hasMessageContaining("NaN").hasMessageContaining("not updated");
        List<Tensor> after = t.network().parameters();
        for (int i = 0; i < after.size(); i++) assertThat(after.get(i).data()).isEqualTo(before.get(i));

        // the trainer is still usable: a clean batch trains as usual
        Trainer.StepResult ok = t.step(TrainerTest.batch(src, maker, 1, 2));
        assertThat(ok.loss()).isFinite().isPositive();
        assertThat(after.get(0).data()).isNotEqualTo(before.get(0));
    }
}
