package ipdnet2.train.data;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.sim.SceneConfig;
import ipdnet2.dsp.sim.SceneRenderer;
import ipdnet2.dsp.sim.SceneSampler;
import ipdnet2.dsp.sim.SimulatedClip;
import ipdnet2.dsp.sim.SourceSignals;

/**
 * Clips from simulated rooms: a scene drawn by {@link SceneSampler} from the seed and rendered by
 * {@link SceneRenderer} (its labels come from the talkers' direct-path energy).
 */
public final class SimulatedRooms implements ClipSource {
    private final SceneSampler sampler;
    private final SceneRenderer renderer;
    private final ArrayGeometry array;
    private final SourceSignals signals;

    public SimulatedRooms(SceneConfig config, ArrayGeometry array, SourceSignals signals) {
        if (config.sampleRate() != 16000) {
            throw new IllegalArgumentException("simulated clips must be at 16 kHz for training, got " + config.sampleRate());
        }
        this.sampler = new SceneSampler(config, array);
        this.renderer = new SceneRenderer(array, signals);
        this.array = array;
        this.signals = signals;
    }

    @Override
    public Clip clip(long seed) {
        SimulatedClip c = renderer.render(sampler.sample(seed));
        return new Clip(c.audio().channels(), c.labels());
    }

    @Override
    public int mics() {
        return array.mics();
    }

    @Override
    public String describe() {
        SceneConfig c = sampler.config();
        return "simulated rooms: " + c.seconds() + " s, RT60 " + c.minRt60() + ".." + c.maxRt60() + " s, SNR "
                + c.minSnrDb() + ".." + c.maxSnrDb() + " dB, moving share " + c.movingShare() + ", single share "
                + c.singleShare() + ", sources: " + signals.describe();
    }
}
