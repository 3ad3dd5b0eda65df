package ipdnet2.dsp.sim;

/** Spatial form of a scene's noise. */
public enum NoiseField {
    /** Spherically isotropic noise with the array's diffuse-field coherence. */
    DIFFUSE,
    /** One noise source in the room, heard through its room impulse response. */
    POINT,
    /** Both, at equal power at the reference mic. */
    BOTH
}
