package ipdnet2.train.loop;

import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.IPDnet2Config;
import ipdnet2.nn.optim.AdamW;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {
    @Test
    void roundTripRestoresParametersAndOptimiserState(@TempDir Path dir) throws Exception {
        IPDnet2 net = new IPDnet2(IPDnet2Config.tiny(), 3);
        AdamW opt = new AdamW(net.parameters(), 1e-3);
        for (int i = 0; i < net.parameters().size(); i++) {
            Arrays.fill(opt.firstMoment(i), 0.25f + i);
            Arrays.fill(opt.secondMoment(i), 0.5f + i);
            opt.setStepCount(i, 10 + i);
        }
        Path f = dir.resolve("c.ckpt");
        Checkpoint.save(f, net, opt, Map.of("global_step", "17"));
        IPDnet2 net2 = new IPDnet2(IPDnet2Config.tiny(), 99);
        AdamW opt2 = new AdamW(net2.parameters(), 1e-3);
        Checkpoint c = Checkpoint.read(f);
        assertThat(c.meta()).containsEntry("global_step", "17");
        c.restore(f, net2, opt2);
        for (int i = 0; i < net.parameters().size(); i++) {
            assertThat(net2.parameters().get(i).data()).containsExactly(net.parameters().get(i).data());
            assertThat(opt2.firstMoment(i)).containsExactly(opt.firstMoment(i));
            assertThat(opt2.secondMoment(i)).containsExactly(opt.secondMoment(i));
            assertThat(opt2.stepCount(i)).isEqualTo(10 + i);
        }
    }

    @Test
    void corruptTruncatedOrForeignFilesAreRejectedByName(@TempDir Path dir) throws Exception {
        IPDnet2 net = new IPDnet2(IPDnet2Config.tiny(), 3);
        AdamW opt = new AdamW(net.parameters(), 1e-3);
        Path f = dir.resolve("c.ckpt");
        Checkpoint.save(f, net, opt, Map.of());
        byte[] bytes = Files.readAllBytes(f);
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        Path bad = dir.resolve("bad.ckpt");
        Files.write(bad, flipped);
        assertThatThrownBy(() -> Checkpoint.read(bad)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("bad.ckpt").hasMessageContaining("checksum mismatch");
        Path cut = dir.resolve("cut.ckpt");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 3));
        assertThatThrownBy(() -> Checkpoint.read(cut)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("cut.ckpt").hasMessageContaining("corrupt");
        Path foreign = dir.resolve("foreign.ckpt");
        Files.writeString(foreign, "this is not a checkpoint at all");
        assertThatThrownBy(() -> Checkpoint.read(foreign)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("bad magic");
        assertThatThrownBy(() -> Checkpoint.read(dir.resolve("none.ckpt"))).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("no such checkpoint");
    }

    @Test
    void modelMismatchIsReported(@TempDir Path dir) throws Exception {
        IPDnet2 net = new IPDnet2(IPDnet2Config.tiny(), 3);
        Path f = dir.resolve("c.ckpt");
        Checkpoint.save(f, net, new AdamW(net.parameters(), 1e-3), Map.of());
        IPDnet2 small = new IPDnet2(IPDnet2Config.small(), 3);
        assertThatThrownBy(() -> Checkpoint.read(f).restore(f, small, new AdamW(small.parameters(), 1e-3)))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("c.ckpt");
    }
}
