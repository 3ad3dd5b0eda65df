package ipdnet2.nn.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyper-parameters of the IPDnet2 network (ARCHITECTURE.md §3), with the published presets.
 *
 * <p>The output layout of §3 step 6 fixes the decoder width at {@code tracks · 2 · (mics − 1)}:
 * per frequency the decoder emits, for each track, two values (the cos and sin halves end up
 * interleaved along the 512 axis) for each mic pair.
 *
 * @param mics               microphones M; the input has 2M channels (real parts then imaginary)
 * @param hidden             hidden size H
 * @param layers             number of oSpatialNet layers
 * @param squeeze            squeeze dimension S of the full-band module
 * @param freqs              STFT bins fed to the network F (256: bins 1..256)
 * @param freqCompression    total frequency compression N (pooled by 2 then by N/2 in layer 0)
 * @param timePoolRatio      time pooling factor (T' = floor(T / ratio))
 * @param timePoolLayer      index of the layer after which time is pooled
 * @param dState             Mamba state size
 * @param dConv              Mamba depthwise conv kernel
 * @param expand             Mamba expansion factor (d_inner = expand · H)
 * @param freqKernel         kernel of the grouped frequency convolutions
 * @param convGroups         groups of the frequency convolutions
 * @param encoderKernel      kernel of the causal time-convolution encoder
 * @param tracks             output tracks (sources) K
 */
public record IPDnet2Config(int mics, int hidden, int layers, int squeeze, int freqs,
                            int freqCompression, int timePoolRatio, int timePoolLayer,
                            int dState, int dConv, int expand, int freqKernel, int convGroups,
                            int encoderKernel, int tracks) {

    /** Frames per second of the STFT (16 kHz, hop 320; ARCHITECTURE.md §1). */
    public static final double FRAMES_PER_SECOND = 16000.0 / 320.0;

    public IPDnet2Config {
        require(mics >= 2, "mics must be >= 2, got " + mics);
        require(hidden > 0 && hidden % convGroups == 0,
                "hidden " + hidden + " must be a positive multiple of conv groups " + convGroups);
        require(layers >= 1, "layers must be >= 1, got " + layers);
        require(squeeze > 0, "squeeze must be > 0, got " + squeeze);
        require(freqCompression >= 2 && freqCompression % 2 == 0,
                "frequency compression must be an even number >= 2, got " + freqCompression);
        require(freqs % freqCompression == 0,
                "freqs " + freqs + " must be divisible by the frequency compression " + freqCompression);
        require(timePoolRatio >= 1, "time pooling ratio must be >= 1, got " + timePoolRatio);
        require(timePoolLayer >= 0 && timePoolLayer < layers,
                "time pooling layer must be in [0, " + (layers - 1) + "], got " + timePoolLayer);
        require(dState > 0 && dConv > 0 && expand > 0, "Mamba sizes must be positive");
        require(freqKernel % 2 == 1, "frequency kernel must be odd ('same' padding), got " + freqKernel);
        require(encoderKernel >= 1, "encoder kernel must be >= 1, got " + encoderKernel);
        require(tracks >= 1, "tracks must be >= 1, got " + tracks);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /** The published configuration with the given hidden size and time-pooling layer, 5 mics. */
    private static IPDnet2Config published(int hidden, int timePoolLayer) {
        return new IPDnet2Config(5, hidden, 8, 8, 256, 16, 5, timePoolLayer, 16, 4, 2, 5, 8, 5, 2);
    }

    /** IPDnet2-Tiny: H = 48, time pooling after layer 0 (383,568 parameters). */
    public static IPDnet2Config tiny() {
        return published(48, 0);
    }

    /** IPDnet2-Small: H = 96, time pooling after layer 0 (1,255,008 parameters). */
    public static IPDnet2Config small() {
        return published(96, 0);
    }

    /** IPDnet2-Large: H = 256, time pooling after layer 7 (7,820,608 parameters). */
    public static IPDnet2Config large() {
        return published(256, 7);
    }

    /** A preset by name: tiny, small or large. */
    public static IPDnet2Config preset(String name) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "tiny": return tiny();
            case "small": return small();
            case "large": return large();
            default: throw new IllegalArgumentException("unknown model preset '" + name
                    + "': expected tiny, small or large");
        }
    }

    /** Input channels 2M (real then imaginary part of each mic). */
    public int inputChannels() {
        return 2 * mics;
    }

    /** Decoder width: tracks · 2 · (M − 1). */
    public int outputDim() {
        return tracks * 2 * (mics - 1);
    }

    /** Mamba inner width E = expand · H. */
    public int dInner() {
        return expand * hidden;
    }

    /** Mamba Δ rank R = ceil(H / 16). */
    public int dtRank() {
        return (hidden + 15) / 16;
    }

    /** Frequencies after the first pooling (by 2) in layer 0. */
    public int freqsAfterFirstPool() {
        return freqs / 2;
    }

    /** Frequency bands after all pooling, F / N. */
    public int compressedFreqs() {
        return freqs / freqCompression;
    }

    /** Values per mic pair and track in the output: 2 · F (cos then sin halves). */
    public int targetValues() {
        return 2 * freqs;
    }

    /** Output frames for {@code inputFrames} STFT frames (floor, §3). */
    public int outputFrames(int inputFrames) {
        return inputFrames / timePoolRatio;
    }

    /** The configuration as string key/values, for a safetensors {@code __metadata__} block. */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mics", Integer.toString(mics));
        m.put("dim_hidden", Integer.toString(hidden));
        m.put("num_layers", Integer.toString(layers));
        m.put("dim_squeeze", Integer.toString(squeeze));
        m.put("num_freqs", Integer.toString(freqs));
        m.put("fre_compression_ratio", Integer.toString(freqCompression));
        m.put("time_compression_ratio", Integer.toString(timePoolRatio));
        m.put("time_compression_layer", Integer.toString(timePoolLayer));
        m.put("d_state", Integer.toString(dState));
        m.put("d_conv", Integer.toString(dConv));
        m.put("expand", Integer.toString(expand));
        m.put("kernel_size_freq", Integer.toString(freqKernel));
        m.put("conv_groups", Integer.toString(convGroups));
        m.put("encoder_kernel_size", Integer.toString(encoderKernel));
        m.put("tracks", Integer.toString(tracks));
        return m;
    }

    /** Reads a configuration written by {@link #toMetadata()}; a missing key is an error. */
    public static IPDnet2Config fromMetadata(Map<String, String> m) {
        return new IPDnet2Config(intKey(m, "mics"), intKey(m, "dim_hidden"), intKey(m, "num_layers"),
                intKey(m, "dim_squeeze"), intKey(m, "num_freqs"), intKey(m, "fre_compression_ratio"),
                intKey(m, "time_compression_ratio"), intKey(m, "time_compression_layer"),
                intKey(m, "d_state"), intKey(m, "d_conv"), intKey(m, "expand"),
                intKey(m, "kernel_size_freq"), intKey(m, "conv_groups"),
                intKey(m, "encoder_kernel_size"), intKey(m, "tracks"));
    }

    private static int intKey(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) throw new IllegalArgumentException("model configuration lacks '" + key + "'");
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model configuration '" + key + "' is not an integer: " + v);
        }
    }
}
