package ipdnet2.dsp.sim;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.label.FrameLabels;

/** A rendered scene: the array's signals (full scale ±1), its labels per 100 ms and the scene. */
public record SimulatedClip(AudioData audio, FrameLabels labels, Scene scene) {
}
