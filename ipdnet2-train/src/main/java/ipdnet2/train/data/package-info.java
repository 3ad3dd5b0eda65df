/**
 * Training data in one form whatever its origin: {@link ipdnet2.train.data.Clip} (16-kHz array
 * signals and per-100-ms {@link ipdnet2.dsp.label.FrameLabels}) from a
 * {@link ipdnet2.train.data.ClipSource} whose clips are pure functions of a seed (RealMAN
 * mixtures, {@link ipdnet2.train.data.SimulatedRooms}, {@link ipdnet2.train.data.StoredSet}),
 * turned into network features and targets by {@link ipdnet2.train.data.ExampleMaker}; fixed
 * validation sets are cached by {@link ipdnet2.train.data.ValidationSet}.
 */
package ipdnet2.train.data;
