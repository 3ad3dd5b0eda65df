/**
 * Simulated data sets on disk: writing ({@link ipdnet2.train.sim.SimulatedSetWriter}, command
 * {@code simulate-set}) and reading ({@link ipdnet2.train.sim.SimulatedSetReader}), so that the
 * trainer and the evaluator consume simulated rooms through the same (audio, labels) form as
 * recorded data.
 *
 * <h2>Layout of a set directory</h2>
 * <ul>
 *   <li>{@code clip-NNNNNN.wav} (N = 000000, 000001, ...): the array's signals, one channel per
 *       mic in array order (mic 0 = reference), 16 kHz, 32-bit float (default) or 16-bit PCM,
 *       peak 0.9.</li>
 *   <li>{@code clip-NNNNNN.labels.csv}: one row per 100-ms frame (frame i covers
 *       [0.1·i, 0.1·(i+1)) s; floor(samples / 1600) frames), header
 *       {@code frame,time_s,azimuth_deg_0,distance_m_0,active_0[,azimuth_deg_1,distance_m_1,active_1]}:
 *       frame index, frame start time, then per talker the azimuth in degrees in [-180, 180)
 *       counter-clockwise from the array's +x axis and the distance in metres from the array
 *       centre, both at the frame centre, and 1/0 for voice activity (direct-path energy at mic 0
 *       within 25 dB of that talker's loudest frame). One talker column group per talker of the
 *       clip (1 or 2).</li>
 *   <li>{@code manifest.csv}: header
 *       {@code clip_id,audio_file,labels_file,rt60_s,snr_db,room_x_m,room_y_m,room_z_m,sources,moving,overlap,noise,seed},
 *       one row per clip: RT60 (Eyring, s), SNR (dB, reverberant speech over noise at mic 0),
 *       room size (m), talker count, 1/0 moving, overlap pattern (SINGLE, HEAD_TAIL, SMALL,
 *       START_OR_END, FULL), noise as FIELD/KIND (DIFFUSE, POINT or BOTH / WHITE, PINK or
 *       SPEECH_SHAPED) and the clip's scene seed. Evaluations band results by its RT60 and SNR.</li>
 *   <li>{@code array.csv}: header {@code mic,x_m,y_m,z_m}, the mic positions in metres.</li>
 * </ul>
 * All numbers use a dot as decimal separator. Every file is written under a temporary name and
 * renamed; the manifest is written last, so a set with a manifest is complete. The same set
 * seed and options give byte-identical files, whatever the thread count (clip i's scene seed is
 * {@link ipdnet2.train.sim.SimulatedSetWriter#clipSeed(long, int)}), except with synthesised
 * speech, whose synthesiser adds its own noise.
 */
package ipdnet2.train.sim;
