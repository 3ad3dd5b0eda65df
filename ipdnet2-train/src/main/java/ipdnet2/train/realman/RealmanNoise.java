package ipdnet2.train.realman;

import java.nio.file.Path;

/** One multichannel RealMAN noise recording: per-channel files {@code dir/STEM_CH{n}.flac} of a scene. */
public record RealmanNoise(Path dir, String stem, String scene) {
}
