package ipdnet2.dsp.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class RenderDeterminismTest {
    @Test
    void aSeedRendersTheSameClipOnAnyThreadWhateverElseRunsAlongside() throws Exception {
        ArrayGeometry array = ArrayGeometry.realmanDefault();
        SceneSampler sampler = new SceneSampler(SceneConfig.defaults().withSeconds(1.5), array);
        SceneRenderer renderer = new SceneRenderer(array, new SpeechShapedNoise(16000));
        long[] seeds = {11, 12, 13, 14};
        List<float[][]> alone = new ArrayList<>();
        for (long seed : seeds) alone.add(renderer.render(sampler.sample(seed)).audio().channels());
        // The same seeds in reverse order on two threads at once: per-thread work arrays and the
        // shared caches must not leak anything from one clip into another.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<float[][]>> together = new ArrayList<>();
            for (int i = seeds.length - 1; i >= 0; i--) {
                long seed = seeds[i];
                together.add(pool.submit(() -> renderer.render(sampler.sample(seed)).audio().channels()));
            }
            for (int i = 0; i < seeds.length; i++) {
                float[][] a = alone.get(i);
                float[][] b = together.get(seeds.length - 1 - i).get();
                for (int c = 0; c < a.length; c++) {
                    assertThat(b[c]).as("seed %d channel %d", seeds[i], c).containsExactly(a[c]);
                }
            }
        } finally {
            pool.shutdown();
        }
    }
}
