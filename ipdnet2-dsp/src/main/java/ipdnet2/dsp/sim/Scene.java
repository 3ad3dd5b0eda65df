package ipdnet2.dsp.sim;

import java.util.List;

/**
 * Everything that defines one simulated clip; rendering a scene ({@link SceneRenderer}) is a pure
 * function of it, the array and the source signals.
 *
 * @param seed          seed of the rendering randomness (dry signals, late tails, noise)
 * @param room          the room (dimensions and wall reflection from the RT60)
 * @param arrayCentre   position of the array origin in the room; the array's x-y plane is horizontal
 * @param sources       one or two talkers
 * @param pattern       how the talkers overlap
 * @param snrDb         reverberant speech power over noise power at the reference mic (mic 0)
 * @param noisePosition position of the point noise source (used by POINT and BOTH)
 * @param samples       clip length in samples
 */
public record Scene(long seed, Room room, double[] arrayCentre, List<SceneSource> sources,
                    OverlapPattern pattern, double snrDb, NoiseField noiseField, NoiseKind noiseKind,
                    double[] noisePosition, int samples, int sampleRate) {
    public Scene {
        sources = List.copyOf(sources);
        arrayCentre = arrayCentre.clone();
        noisePosition = noisePosition.clone();
        if (sources.isEmpty()) throw new IllegalArgumentException("a scene needs at least one source");
    }

    /** True when any talker moves. */
    public boolean moving() {
        for (SceneSource s : sources) {
            if (s.trajectory().moving()) return true;
        }
        return false;
    }

    @Override
    public double[] arrayCentre() {
        return arrayCentre.clone();
    }

    @Override
    public double[] noisePosition() {
        return noisePosition.clone();
    }
}
