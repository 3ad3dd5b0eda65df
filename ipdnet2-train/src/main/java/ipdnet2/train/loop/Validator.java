package ipdnet2.train.loop;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.decode.DoaDecoder;
import ipdnet2.dsp.decode.DoaEstimate;
import ipdnet2.dsp.metrics.LocalizationMetrics;
import ipdnet2.dsp.metrics.PairErrors;
import ipdnet2.dsp.target.DirectPathIpd;
import ipdnet2.dsp.target.DoaTemplates;
import ipdnet2.nn.NoGrad;
import ipdnet2.nn.Tensor;
import ipdnet2.nn.model.IPDnet2;
import ipdnet2.nn.model.PitMseLoss;
import ipdnet2.train.data.Clip;
import ipdnet2.train.data.Example;
import ipdnet2.train.data.ExampleMaker;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores the network on a fixed set of clips: the PIT-MSE loss (averaged over clips) and MDR, FAR,
 * MAE and ACC from the decoded azimuths (1° grid, detection threshold 0.4; §4), and the per-pair
 * target errors of {@link PairErrors}.
 */
public final class Validator {
    private final List<Clip> clips;
    private final ExampleMaker maker;
    private final DoaDecoder decoder;
    private final DirectPathIpd ipd;
    private final int batch;

    public Validator(List<Clip> clips, ExampleMaker maker, ArrayGeometry geometry, int batch) {
        this.clips = List.copyOf(clips);
        this.maker = maker;
        this.decoder = new DoaDecoder(DoaTemplates.oneDegree(geometry));
        this.ipd = new DirectPathIpd(geometry);
        this.batch = batch;
    }

    public int size() {
        return clips.size();
    }

    public ValidationResult evaluate(IPDnet2 net) {
        LocalizationMetrics metrics = new LocalizationMetrics();
        PitMseLoss pit = new PitMseLoss(ExampleMaker.TRACKS);
        PairErrors pairErrors = new PairErrors(ipd);
        double lossSum = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (int from = 0; from < clips.size(); from += batch) {
                int to = Math.min(clips.size(), from + batch);
                List<Example> ex = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) ex.add(maker.make(clips.get(i)));
                Batch b = Batch.of(from, ex, maker.mics(), ExampleMaker.TRACKS);
                Tensor out = net.forward(b.features());
                lossSum += pit.apply(out, b.targets()).item() * (to - from);
                float[] pred = out.data();
                int per = pred.length / (to - from);
                int frames = ex.get(0).outFrames();
                for (int i = 0; i < to - from; i++) {
                    float[] one = new float[per];
                    System.arraycopy(pred, i * per, one, 0, per);
                    DoaEstimate[][] est = decoder.decodeClip(one, frames, ExampleMaker.TRACKS);
                    metrics.add(b.labels()[i], est);
                    pairErrors.add(one, frames, b.labels()[i]);
                }
            }
        }
        int n = clips.size();
        double[] own = new double[ipd.pairs()], reflected = new double[ipd.pairs()];
        for (int p = 0; p < own.length; p++) {
            own[p] = pairErrors.ownError(p);
            reflected[p] = pairErrors.mirroredError(p);
        }
        return new ValidationResult(n == 0 ? Double.NaN : lossSum / n, metrics.mdr(), metrics.far(), metrics.mae(),
                metrics.acc(), n, own, reflected);
    }
}
