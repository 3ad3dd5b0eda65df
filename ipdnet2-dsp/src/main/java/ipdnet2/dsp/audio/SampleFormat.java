package ipdnet2.dsp.audio;

/** How one sample is stored in a WAV file. */
public enum SampleFormat {
    PCM8(8, false), PCM16(16, false), PCM24(24, false), PCM32(32, false), FLOAT32(32, true), FLOAT64(64, true);

    private final int bits;
    private final boolean floating;

    SampleFormat(int bits, boolean floating) {
        this.bits = bits;
        this.floating = floating;
    }

    /** Bits per stored sample. */
    public int bits() {
        return bits;
    }

    /** Bytes per stored sample. */
    public int bytes() {
        return bits / 8;
    }

    /** True for IEEE floating point, false for integer PCM. */
    public boolean isFloat() {
        return floating;
    }
}
