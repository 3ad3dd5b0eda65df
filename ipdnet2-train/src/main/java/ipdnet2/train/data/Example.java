package ipdnet2.train.data;

import ipdnet2.dsp.label.FrameLabels;

/**
 * One clip made ready for the network: features [2M][256][T] (ARCHITECTURE.md §1), targets
 * [T'][512][M−1][K] (§2) and the labels of its T' frames (K = 2 sources, padded if the clip had
 * fewer).
 */
public record Example(float[] features, int frames, float[] targets, int outFrames, FrameLabels labels) {
}
