package ipdnet2.train.realman;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.AudioFiles;
import ipdnet2.dsp.resample.Resampler;
import ipdnet2.train.data.DataException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads pieces of RealMAN recordings at 16 kHz: a range of the (48-kHz) files is read and resampled
 * by {@link Resampler}. File lengths and sample rates are cached; results do not depend on the cache.
 */
final class RealmanAudio {
    static final int RATE = 16000;

    private final Map<Path, AudioFiles.Info> infos = new ConcurrentHashMap<>();
    private final Map<Integer, Resampler> resamplers = new ConcurrentHashMap<>();

    AudioFiles.Info info(Path file) {
        AudioFiles.Info i = infos.get(file);
        if (i != null) return i;
        try {
            i = AudioFiles.info(file);
        } catch (IOException e) {
            throw new DataException(file + ": " + e.getMessage(), e);
        }
        infos.put(file, i);
        return i;
    }

    /** Source samples needed for {@code samples16} output samples at a file rate. */
    static int sourceCount(int samples16, int rate) {
        return (int) Math.ceil((double) samples16 * rate / RATE);
    }

    /**
     * {@code count16} samples at 16 kHz of channels {@code channels} of {@code dir/stem_CH{n}.flac}
     * from source sample {@code start}, zero-padded if the file ends sooner.
     */
    float[][] channels(Path dir, String stem, int[] channels, long start, int count16) {
        Path first = AudioFiles.channelFile(dir, stem, channels[0]);
        AudioFiles.Info inf = info(first);
        int count = (int) Math.min(sourceCount(count16, inf.sampleRate()), Math.max(0, inf.frames() - start));
        try {
            AudioData a = AudioFiles.readChannels(dir, stem, channels, start, count);
            return to16k(a, count16);
        } catch (IOException e) {
            throw new DataException(dir.resolve(stem) + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #channels} for a single-channel file (the direct path). */
    float[] mono(Path file, long start, int count16) {
        AudioFiles.Info inf = info(file);
        int count = (int) Math.min(sourceCount(count16, inf.sampleRate()), Math.max(0, inf.frames() - start));
        try {
            AudioData a = AudioFiles.read(file, start, count);
            return to16k(a, count16)[0];
        } catch (IOException e) {
            throw new DataException(file + ": " + e.getMessage(), e);
        }
    }

    private float[][] to16k(AudioData a, int count16) {
        float[][] out = new float[a.channelCount()][count16];
        Resampler r = a.sampleRate() == RATE ? null
                : resamplers.computeIfAbsent(a.sampleRate(), rate -> new Resampler(rate, RATE));
        for (int c = 0; c < out.length; c++) {
            float[] x = a.channels()[c];
            float[] y = r == null ? x : r.process(x);
            System.arraycopy(y, 0, out[c], 0, Math.min(count16, y.length));
        }
        return out;
    }
}
