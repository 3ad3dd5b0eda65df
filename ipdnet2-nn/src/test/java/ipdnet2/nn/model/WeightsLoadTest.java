package ipdnet2.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ipdnet2.nn.io.TensorData;
import ipdnet2.nn.io.WeightFileException;
import ipdnet2.nn.io.WeightFiles;
import ipdnet2.nn.io.WeightSet;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsLoadTest {
    @TempDir
    Path dir;

    private Path withValue(String file, String tensor, int index, float value) throws Exception {
        WeightSet set = Weights.toWeightSet(new IPDnet2(IPDnet2Config.tiny(), 1), Map.of());
        Map<String, TensorData> tensors = new LinkedHashMap<>(set.tensors());
        TensorData t = tensors.get(tensor);
        float[] d = t.data().clone();
        d[index] = value;
        tensors.put(tensor, new TensorData(t.shape(), d));
        Path p = dir.resolve(file);
        WeightFiles.writeSafetensors(p, new WeightSet(tensors, set.metadata()));
        return p;
    }

    @Test
    void nonFiniteWeightsAreRejectedNamingFileTensorAndIndex() throws Exception {
        String first = new IPDnet2(IPDnet2Config.tiny(), 1).namedParameters().keySet().iterator().next();
        Path nan = withValue("nan.safetensors", first, 17, Float.NaN);
        assertThatThrownBy(() -> Weights.load(nan, null)).isInstanceOf(WeightFileException.class)
                .hasMessage(nan + ": tensor " + first + " holds NaN at index 17");
        Path inf = withValue("inf.safetensors", first, 0, Float.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> Weights.load(inf, null)).isInstanceOf(WeightFileException.class)
                .hasMessage(inf + ": tensor " + first + " holds -Infinity at index 0");
        assertThat(Weights.load(withValue("ok.safetensors", first, 0, 0.5f), null).parameterCount()).isPositive();
    }

    @Test
    void copyIntoLeavesTheNetworkAsItWasWhenAValueIsNotFinite() {
        IPDnet2 net = new IPDnet2(IPDnet2Config.tiny(), 1);
        WeightSet set = Weights.toWeightSet(new IPDnet2(IPDnet2Config.tiny(), 2), Map.of());
        Map<String, TensorData> tensors = new LinkedHashMap<>(set.tensors());
        String last = null;
        for (String k : tensors.keySet()) last = k;
        TensorData t = tensors.get(last);
        float[] d = t.data().clone();
        d[d.length - 1] = Float.POSITIVE_INFINITY;
        tensors.put(last, new TensorData(t.shape(), d));
        float[] before = net.namedParameters().values().iterator().next().data().clone();
        assertThatThrownBy(() -> Weights.copyInto(net, new WeightSet(tensors, set.metadata())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor " + last + " holds +Infinity at index " + (d.length - 1));
        assertThat(net.namedParameters().values().iterator().next().data()).isEqualTo(before);
    }
}
