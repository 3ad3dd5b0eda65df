/**
 * The RealMAN dataset in its published layout: {@link ipdnet2.train.realman.RealmanSplit} indexes
 * and checks a split (location tables, per-channel FLAC recordings, direct-path files, noise) and
 * {@link ipdnet2.train.realman.RealmanMixer} makes the training and validation mixtures of
 * ARCHITECTURE.md §5 from it.
 */
package ipdnet2.train.realman;
