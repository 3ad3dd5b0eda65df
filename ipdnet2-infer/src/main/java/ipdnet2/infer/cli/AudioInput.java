package ipdnet2.infer.cli;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.AudioFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The recording to localise: a multichannel WAV/FLAC file (the positional argument) or a RealMAN
 * per-channel file set ({@code --realman-clip DIR/NAME} reads {@code DIR/NAME_CH{n}.flac}), with
 * the channel selection {@code --channels} (in network order, the reference mic first).
 * Without {@code --channels}: a file with as many channels as the model has mics is used as it is;
 * a 32-channel RealMAN file or clip uses channels 1,3,5,7,0.
 */
final class AudioInput {
    static final String USAGE =
              "  RECORDING          a multichannel .wav or .flac file (any sample rate; resampled to 16 kHz)\n"
            + "  --realman-clip DIR/NAME  instead of RECORDING: RealMAN per-channel files DIR/NAME_CH{n}.flac\n"
            + "  --channels LIST    channels to use, in order, reference first (e.g. 1,3,5,7,0 of a\n"
            + "                     32-channel RealMAN recording, the default for 32-channel input)\n";

    private static final int REALMAN_CHANNELS = 32;

    private final Path file;
    private final String realmanClip;
    private final int[] channels;

    AudioInput(Args args) {
        realmanClip = args.string("realman-clip");
        channels = args.integers("channels", null);
        if (args.positionals().size() > 1) {
            throw new CliException("expected one recording, got " + args.positionals().size() + ": "
                    + String.join(" ", args.positionals()));
        }
        file = args.positionals().isEmpty() ? null : Path.of(args.positionals().get(0));
        if (file == null && realmanClip == null) throw new CliException("no recording given (a file or --realman-clip DIR/NAME)");
        if (file != null && realmanClip != null) throw new CliException("give either a recording file or --realman-clip, not both");
    }

    /** What the recording is called in messages. */
    String name() {
        return file != null ? file.toString() : realmanClip;
    }

    /** Reads the recording and selects {@code mics} channels. */
    AudioData read(int mics) throws IOException {
        if (realmanClip != null) {
            Path p = Path.of(realmanClip);
            Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
            String base = p.getFileName().toString();
            int[] sel = channels != null ? channels : ArrayGeometry.REALMAN_DEFAULT_CHANNELS;
            checkCount(sel.length, mics);
            checkDistinct(sel);
            AudioData audio = AudioFiles.readChannels(dir, base, sel);
            checkRate(audio.sampleRate(), realmanClip);
            return audio;
        }
        if (!Files.exists(file)) throw new CliException(file + ": no such file");
        if (Files.isDirectory(file)) throw new CliException(file + " is a directory, not a recording");
        checkRate(AudioFiles.info(file).sampleRate(), file.toString());
        AudioData all = AudioFiles.read(file);
        int[] sel = selection(all.channelCount(), mics, channels, file.toString());
        if (sel == null) return all;
        float[][] out = new float[sel.length][];
        for (int i = 0; i < sel.length; i++) out[i] = all.channels()[sel[i]];
        return new AudioData(all.sampleRate(), out);
    }

    /** Rejects, before any audio is converted, a rate below what the localiser accepts. */
    static void checkRate(long rate, String source) {
        try {
            ipdnet2.infer.Localizer.checkSampleRate(rate);
        } catch (IllegalArgumentException e) {
            throw new CliException(source + ": " + e.getMessage());
        }
    }

    /**
     * The channels to use, in network order, of a source with {@code have} channels: the
     * {@code requested} ones (checked), or by default all of them when there are as many as the
     * model has mics (returned as {@code null}: no selection) and RealMAN's 1,3,5,7,0 of 32.
     */
    static int[] selection(int have, int mics, int[] requested, String source) {
        int[] sel = requested;
        if (sel == null) {
            if (have == mics) return null;
            if (have != REALMAN_CHANNELS) {
                throw new CliException(source + " has " + have + " channels but the model expects " + mics
                        + "; choose them with --channels (reference mic first)");
            }
            sel = ArrayGeometry.REALMAN_DEFAULT_CHANNELS;
        }
        checkCount(sel.length, mics);
        checkDistinct(sel);
        for (int c : sel) {
            if (c < 0 || c >= have) {
                throw new CliException("--channels " + Arrays.toString(sel) + ": channel " + c + " does not exist in "
                        + source + " (" + have + " channels, numbered from 0)");
            }
        }
        return sel;
    }

    /** A channel chosen twice would stand for two mics at once: name it. */
    private static void checkDistinct(int[] sel) {
        for (int i = 0; i < sel.length; i++) {
            for (int j = 0; j < i; j++) {
                if (sel[i] == sel[j]) {
                    throw new CliException("--channels " + Arrays.toString(sel) + " selects channel " + sel[i]
                            + " twice; each mic needs its own channel");
                }
            }
        }
    }

    private static void checkCount(int selected, int mics) {
        if (selected != mics) {
            throw new CliException("--channels selects " + selected + " channels but the model expects " + mics);
        }
    }
}
