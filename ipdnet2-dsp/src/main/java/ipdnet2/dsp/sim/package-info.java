/**
 * Room simulation, the stand-in for recorded data: shoebox room impulse responses for any array
 * ({@link ipdnet2.dsp.sim.RoomAcoustics}: image sources up to 60 ms with band-limited fractional
 * delays, then a coherent exponentially decaying tail; walls from the target RT60 by Eyring's
 * formula), diffuse noise with the array's coherence ({@link ipdnet2.dsp.sim.DiffuseNoise}),
 * random scenes ({@link ipdnet2.dsp.sim.SceneSampler}: rooms, talkers, static or moving paths,
 * overlap patterns, noise, SNR) and their rendering to signals and per-100-ms labels
 * ({@link ipdnet2.dsp.sim.SceneRenderer}). Dry talkers come from a
 * {@link ipdnet2.dsp.sim.SourceSignals}: recordings, synthesised speech or speech-shaped noise.
 *
 * <p>Conventions: room coordinates in metres with z up; the array's x-y plane is horizontal;
 * azimuth counter-clockwise from the array's +x axis, elevation above its plane; sound speed
 * 340 m/s as in the learning target (ARCHITECTURE.md §2); impulse responses normalised so a
 * source at distance r arrives with gain 1/(4πr).
 */
package ipdnet2.dsp.sim;
