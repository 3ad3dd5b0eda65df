package ipdnet2.dsp.sim;

/**
 * One talker of a scene: its path, the samples [onset, offset) during which it speaks, and its
 * level in dB relative to the scene's first talker (dry signals are scaled to unit RMS over their
 * interval before this level applies).
 */
public record SceneSource(Trajectory trajectory, int onset, int offset, double levelDb) {
    public SceneSource {
        if (onset < 0 || offset <= onset) {
            throw new IllegalArgumentException("source interval [" + onset + ", " + offset + ") is empty or negative");
        }
    }
}
