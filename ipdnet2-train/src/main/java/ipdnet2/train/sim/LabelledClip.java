package ipdnet2.train.sim;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.label.FrameLabels;

/** A clip of a set read back from disk: its manifest row, its signals and its labels. */
public record LabelledClip(ClipInfo info, AudioData audio, FrameLabels labels) {
}
