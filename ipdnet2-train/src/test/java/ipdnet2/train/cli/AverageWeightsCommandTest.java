package ipdnet2.train.cli;

import ipdnet2.nn.Tensor;
import ipdnet2.nn.io.WeightFiles;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.IPDnet2Config;
import ipdnet2.nn.model.Weights;
import ipdnet2.nn.optim.AdamW;
import ipdnet2.nn.optim.WeightAverage;
import ipdnet2.train.Main;
import ipdnet2.train.loop.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AverageWeightsCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Two models and a checkpoint's weights average element by element, and the inputs are recorded. */
    @Test
    void writesTheElementwiseMeanOfModelsAndCheckpoints(@TempDir Path dir) throws Exception {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        IPDnet2 a = new IPDnet2(tiny, 1), b = new IPDnet2(tiny, 2), c = new IPDnet2(tiny, 3);
        Weights.save(a, dir.resolve("a.safetensors"), Map.of("steps", "100"));
        Weights.save(b, dir.resolve("b.safetensors"), null);
        Map<String, String> checkpointMeta = new java.util.LinkedHashMap<>(tiny.toMetadata());
        checkpointMeta.put("global_step", "300");
        Checkpoint.save(dir.resolve("c.ckpt"), c, new AdamW(c.parameters(), 1e-3), checkpointMeta);
        Path mean = dir.resolve("mean.safetensors");
        assertThat(run("average-weights", "--inputs", dir.resolve("a.safetensors") + "," + dir.resolve("b.safetensors")
                + "," + dir.resolve("c.ckpt"), "--out", mean.toString())).isZero();
        IPDnet2 m = Weights.load(mean, null);
        List<Tensor> pa = a.parameters(), pb = b.parameters(), pc = c.parameters(), pm = m.parameters();
        for (int i = 0; i < pm.size(); i++) {
            float[] x = pa.get(i).data(), y = pb.get(i).data(), z = pc.get(i).data(), w = pm.get(i).data();
            for (int j = 0; j < w.length; j++) {
                assertThat(w[j]).as("parameter %d element %d", i, j).isEqualTo((float) (((double) x[j] + y[j] + z[j]) / 3));
            }
        }
        assertThat(WeightFiles.read(mean).metadata())
                .containsEntry("averaged_from", "a.safetensors (step 100), b.safetensors, c.ckpt (step 300)")
                .containsEntry("weights", "mean of the weights of 3 files");
    }

    /** With --averages, the checkpoints' weight averages are averaged, not their raw weights. */
    @Test
    void averagesTheCheckpointsWeightAveragesWhenAsked(@TempDir Path dir) throws Exception {
        IPDnet2Config tiny = IPDnet2Config.tiny();
        Map<String, String> meta = new java.util.LinkedHashMap<>(tiny.toMetadata());
        IPDnet2 raw = new IPDnet2(tiny, 1), avgA = new IPDnet2(tiny, 2), avgB = new IPDnet2(tiny, 3);
        // each checkpoint holds the raw weights of net 1 and, as its average, another net's weights
        Checkpoint.save(dir.resolve("a.ckpt"), raw, new AdamW(raw.parameters(), 1e-3),
                new WeightAverage(avgA.parameters(), 0.999), meta);
        Checkpoint.save(dir.resolve("b.ckpt"), raw, new AdamW(raw.parameters(), 1e-3),
                new WeightAverage(avgB.parameters(), 0.999), meta);
        Checkpoint.save(dir.resolve("plain.ckpt"), raw, new AdamW(raw.parameters(), 1e-3), meta);
        Weights.save(raw, dir.resolve("raw.safetensors"), null);
        Path mean = dir.resolve("mean.safetensors");
        assertThat(run("average-weights", "--inputs", dir.resolve("a.ckpt") + "," + dir.resolve("b.ckpt"),
                "--out", mean.toString(), "--averages")).isZero();
        List<Tensor> pa = avgA.parameters(), pb = avgB.parameters(), pm = Weights.load(mean, null).parameters();
        for (int i = 0; i < pm.size(); i++) {
            float[] x = pa.get(i).data(), y = pb.get(i).data(), w = pm.get(i).data();
            for (int j = 0; j < w.length; j++) {
                assertThat(w[j]).as("parameter %d element %d", i, j).isEqualTo((float) (((double) x[j] + y[j]) / 2));
            }
        }
        assertThat(WeightFiles.read(mean).metadata()).containsEntry("weights", "mean of the weight averages of 2 files");
        // one checkpoint: its weight average, bit for bit
        Path single = dir.resolve("single.safetensors");
        assertThat(run("average-weights", "--inputs", dir.resolve("b.ckpt").toString(), "--out", single.toString(),
                "--averages")).isZero();
        List<Tensor> ps = Weights.load(single, null).parameters();
        for (int i = 0; i < ps.size(); i++) assertThat(ps.get(i).data()).as("parameter %d", i).isEqualTo(pb.get(i).data());
        assertThat(WeightFiles.read(single).metadata()).containsEntry("weights", "the weight average of 1 file");
        assertThat(run("average-weights", "--inputs", dir.resolve("a.ckpt") + "," + dir.resolve("plain.ckpt"),
                "--out", dir.resolve("m.safetensors").toString(), "--averages")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("plain.ckpt").contains("holds no weight average");
        err.reset();
        assertThat(run("average-weights", "--inputs", dir.resolve("a.ckpt") + "," + dir.resolve("raw.safetensors"),
                "--out", dir.resolve("m.safetensors").toString(), "--averages")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("raw.safetensors").contains("not a training checkpoint");
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
    }

    /** One input, a missing file or another model's weights: a message naming the problem. */
    @Test
    void badInputsAreNamed(@TempDir Path dir) throws Exception {
        Weights.save(new IPDnet2(IPDnet2Config.tiny(), 1), dir.resolve("tiny.safetensors"), null);
        Weights.save(new IPDnet2(IPDnet2Config.small(), 1), dir.resolve("small.safetensors"), null);
        String tiny = dir.resolve("tiny.safetensors").toString();
        assertThat(run("average-weights", "--inputs", tiny, "--out", dir.resolve("m.safetensors").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("at least two files");
        err.reset();
        assertThat(run("average-weights", "--inputs", tiny + "," + dir.resolve("absent.ckpt"), "--out",
                dir.resolve("m.safetensors").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("absent.ckpt is not a file");
        err.reset();
        assertThat(run("average-weights", "--inputs", tiny + "," + dir.resolve("small.safetensors"), "--out",
                dir.resolve("m.safetensors").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("small.safetensors").contains("another model");
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
    }

    /** An empty name in --inputs is a usage error, not a file silently left out. */
    @Test
    void anEmptyInputNameIsAUsageError(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("mean.safetensors");
        for (String list : new String[] {"a,,b", "a,b,", ",a,b", "a, ,b"}) {
            err.reset();
            assertThat(run("average-weights", "--inputs", list, "--out", target.toString())).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: --inputs '" + list + "' has an empty file name");
        }
        assertThat(dir).isEmptyDirectory();
    }
}
