package ipdnet2.infer;

import java.util.List;

/**
 * The result for one 100-ms output frame: frame j covers STFT frames 5j … 5j+4, i.e. the audio
 * from {@code 0.1·j} s to {@code 0.1·(j+1)} s.
 *
 * @param index   output frame index j, from 0
 * @param silent  all of the frame's STFT frames are digital silence (every feature zero); such a
 *                frame never reports a detection, whatever the network outputs
 * @param sources one estimate per track (K = 2 for the published models)
 */
public record LocalizationFrame(int index, boolean silent, List<SourceEstimate> sources) {
    /** Duration of one output frame in seconds. */
    public static final double FRAME_SECONDS = 0.1;

    public LocalizationFrame {
        sources = List.copyOf(sources);
    }

    /** Start of the frame in seconds. */
    public double startSeconds() {
        return index * FRAME_SECONDS;
    }

    /** The detected sources only. */
    public List<SourceEstimate> detected() {
        return sources.stream().filter(SourceEstimate::detected).toList();
    }
}
