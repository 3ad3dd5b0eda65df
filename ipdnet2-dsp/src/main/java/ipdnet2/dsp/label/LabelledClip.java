package ipdnet2.dsp.label;

import ipdnet2.dsp.audio.AudioData;

/** A clip of a {@link LabelledSet} read from disk: its manifest row, its signals and its labels. */
public record LabelledClip(LabelledSet.Clip clip, AudioData audio, FrameLabels labels) {
}
