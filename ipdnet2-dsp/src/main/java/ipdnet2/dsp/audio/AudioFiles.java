package ipdnet2.dsp.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads audio files by extension ({@code .wav} or {@code .flac}), whole or a sample range, and
 * assembles a multichannel signal from one file per channel.
 */
public final class AudioFiles {
    /** Sample rate, channel count and length (samples per channel) of a file. */
    public record Info(int sampleRate, int channels, long frames) {
    }

    private AudioFiles() {
    }

    /** Header information without decoding. */
    public static Info info(Path file) throws IOException {
        if (isFlac(file)) {
            FlacInfo f = FlacReader.info(file);
            return new Info(f.sampleRate(), f.channels(), f.totalSamples());
        }
        WavInfo w = WavReader.info(file);
        return new Info(w.sampleRate(), w.channels(), w.frames());
    }

    /** Reads the whole file. */
    public static AudioData read(Path file) throws IOException {
        AudioData a = isFlac(file) ? FlacReader.read(file) : WavReader.read(file);
        if (a.frames() == 0) throw new AudioFileException(file, "contains no audio samples");
        return a;
    }

    /** Reads {@code count} samples per channel from sample {@code start}. */
    public static AudioData read(Path file, long start, int count) throws IOException {
        return isFlac(file) ? FlacReader.read(file, start, count) : WavReader.read(file, start, count);
    }

    /**
     * The per-channel file of channel {@code n} of a recording: {@code dir/NAME_CH{n}.flac}.
     */
    public static Path channelFile(Path dir, String name, int channel) {
        return dir.resolve(name + "_CH" + channel + ".flac");
    }

    /**
     * A multichannel signal from mono per-channel files {@code dir/NAME_CH{n}.flac}, in the order
     * of {@code channels}. All files must have the same rate and length.
     */
    public static AudioData readChannels(Path dir, String name, int[] channels) throws IOException {
        return readChannels(dir, name, channels, 0, -1);
    }

    /**
     * As {@link #readChannels(Path, String, int[])} but only {@code count} samples from sample
     * {@code start} of each file (count -1: to the end).
     */
    public static AudioData readChannels(Path dir, String name, int[] channels, long start, int count)
            throws IOException {
        if (channels.length == 0) throw new IllegalArgumentException("no channels requested for " + dir.resolve(name));
        Path[] files = new Path[channels.length];
        Info first = null;
        for (int i = 0; i < channels.length; i++) {
            files[i] = channelFile(dir, name, channels[i]);
            if (!Files.exists(files[i])) throw new AudioFileException(files[i], "no such file (channel " + channels[i] + ")");
            Info inf = info(files[i]);
            if (inf.channels() != 1) {
                throw new AudioFileException(files[i], "has " + inf.channels() + " channels, a per-channel file must be mono");
            }
            if (first == null) {
                first = inf;
            } else if (inf.sampleRate() != first.sampleRate()) {
                throw new AudioFileException(files[i], "sample rate " + inf.sampleRate() + " Hz differs from "
                        + first.sampleRate() + " Hz of " + files[0]);
            } else if (inf.frames() != first.frames()) {
                throw new AudioFileException(files[i], "length " + inf.frames() + " samples differs from "
                        + first.frames() + " samples of " + files[0]);
            }
        }
        float[][] out = new float[channels.length][];
        for (int i = 0; i < channels.length; i++) {
            AudioData a = count < 0 && start == 0 ? read(files[i])
                    : read(files[i], start, count < 0 ? (int) (first.frames() - start) : count);
            out[i] = a.channels()[0];
            if (out[i].length != out[0].length) {
                throw new AudioFileException(files[i], "decoded " + out[i].length + " samples, " + files[0]
                        + " decoded " + out[0].length);
            }
        }
        return new AudioData(first.sampleRate(), out);
    }

    private static boolean isFlac(Path file) throws IOException {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".flac")) return true;
        if (n.endsWith(".wav") || n.endsWith(".wave")) return false;
        throw new AudioFileException(file, "unknown audio file type (expected .wav or .flac)");
    }
}
