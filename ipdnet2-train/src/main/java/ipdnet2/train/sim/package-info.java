/**
 * Simulated data sets on disk, written ({@link ipdnet2.train.sim.SimulatedSetWriter}, command
 * {@code simulate-set}) in the labelled-set format of {@link ipdnet2.dsp.label.LabelledSet}
 * (which states it and reads it), so that the trainer and the evaluator consume simulated rooms
 * through the same (audio, labels) form as recorded data.
 *
 * <h2>What a simulated set adds to that format</h2>
 * <ul>
 *   <li>Files {@code clip-NNNNNN.wav} (N = 000000, 000001, ...), 16 kHz, 32-bit float (default)
 *       or 16-bit PCM, peak 0.9, and {@code clip-NNNNNN.labels.csv} with one talker column group
 *       per talker of the clip (1 or 2); voice activity there is direct-path energy at mic 0
 *       within 25 dB of that talker's loudest frame; azimuths lie in [-180, 180).</li>
 *   <li>{@code manifest.csv} with the header
 *       {@code clip_id,audio_file,labels_file,rt60_s,snr_db,room_x_m,room_y_m,room_z_m,sources,moving,overlap,noise,seed,mirrored}
 *       ({@link ipdnet2.train.sim.ClipInfo}): RT60 (Eyring, s), SNR (dB, reverberant speech over
 *       noise at mic 0), room size (m), talker count, 1/0 moving, overlap pattern (SINGLE,
 *       HEAD_TAIL, SMALL, START_OR_END, FULL), noise as FIELD/KIND (DIFFUSE, POINT or BOTH /
 *       WHITE, PINK or SPEECH_SHAPED), the clip's scene seed and 1/0 mirrored (in a set written
 *       with mirror pairs, clip 2k+1 is clip 2k reflected across the array's x axis:
 *       {@link ipdnet2.dsp.sim.MirrorImage}).</li>
 *   <li>Always an {@code array.csv}.</li>
 * </ul>
 * Every file is written under a temporary name and renamed; the manifest is written last, so a
 * set with a manifest is complete. The same set seed and options give byte-identical files,
 * whatever the thread count (clip i's scene seed is
 * {@link ipdnet2.train.sim.SimulatedSetWriter#clipSeed(long, int)}), except with synthesised
 * speech, whose synthesiser adds its own noise.
 */
package ipdnet2.train.sim;
