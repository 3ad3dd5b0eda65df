package ipdnet2.train.data;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.AudioFiles;
import ipdnet2.dsp.audio.SampleChecks;
import ipdnet2.dsp.label.LabelledClip;
import ipdnet2.dsp.label.LabelledSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A labelled set on disk ({@link LabelledSet}, e.g. one written by the simulated-set writer) with
 * an {@code array.csv}, as a training source (each seed picks one clip uniformly, with
 * replacement) or read whole as a fixed validation set.
 */
public final class StoredSet implements ClipSource {
    private final Path dir;
    private final LabelledSet reader;

    private StoredSet(Path dir, LabelledSet reader) {
        this.dir = dir;
        this.reader = reader;
    }

    /** Opens the set in {@code dir}; a missing folder, manifest, array file or empty set is a {@link DataException}. */
    public static StoredSet open(Path dir) {
        if (!Files.isDirectory(dir)) throw new DataException("data set folder " + dir + (Files.exists(dir) ? " is a file, not a folder" : " does not exist"));
        LabelledSet r;
        try {
            r = LabelledSet.open(dir);
        } catch (IOException e) {
            throw new DataException(e.getMessage(), e);
        }
        if (r.array() == null) throw new DataException(dir.resolve(LabelledSet.ARRAY) + " is missing");
        if (r.size() == 0) throw new DataException("data set " + dir + " lists no clips");
        checkHeaders(dir, r);
        return new StoredSet(dir, r);
    }

    /**
     * Checks every clip from its file headers alone (no audio is decoded): the audio file is there
     * and whole, at 16 kHz, with one channel per mic of the array, and as long as the set's first
     * clip (the clips of a batch must be of one length); the labels file is there. A set used for
     * training is drawn from at random, so a bad clip must be found before the first step, not
     * when (or whether) it is drawn.
     */
    private static void checkHeaders(Path dir, LabelledSet r) {
        long length = -1;
        LabelledSet.Clip first = null;
        for (int i = 0; i < r.size(); i++) {
            LabelledSet.Clip c = r.clips().get(i);
            String where = dir + ": clip " + i + " (" + c.id() + ")";
            if (!Files.isRegularFile(c.audio())) throw new DataException(where + ": audio file " + c.audio() + " does not exist");
            if (!Files.isRegularFile(c.labels())) throw new DataException(where + ": labels file " + c.labels() + " does not exist");
            AudioFiles.Info info;
            try {
                info = AudioFiles.info(c.audio());
            } catch (IOException e) {
                throw new DataException(where + ": " + e.getMessage(), e);
            }
            if (info.sampleRate() != 16000) {
                throw new DataException(where + ": " + c.audio() + " is at " + info.sampleRate() + " Hz, training needs 16 kHz");
            }
            if (info.channels() != r.array().mics()) {
                throw new DataException(where + ": " + c.audio() + " has " + info.channels() + " channels, the array has "
                        + r.array().mics() + " mics");
            }
            if (info.frames() == 0) throw new DataException(where + ": " + c.audio() + " holds no samples");
            if (first == null) {
                first = c;
                length = info.frames();
            } else if (info.frames() != length) {
                throw new DataException(where + ": " + c.audio() + " is " + info.frames() + " samples long, clip 0 ("
                        + first.id() + ") " + length + ": the clips of a set must be of one length");
            }
        }
    }

    /** Clip {@code i}'s place for messages: the set, the index, the id and the audio file. */
    public String name(int i) {
        LabelledSet.Clip c = reader.clips().get(i);
        return dir + ": clip " + i + " (" + c.id() + ", " + c.audio().getFileName() + ")";
    }

    public ArrayGeometry array() {
        return reader.array();
    }

    public int size() {
        return reader.size();
    }

    /** Clip {@code i} of the set; one at another rate than 16 kHz or with a NaN or infinite sample is a {@link DataException}. */
    public Clip get(int i) {
        try {
            LabelledClip c = reader.read(reader.clips().get(i));
            if (c.audio().sampleRate() != 16000) {
                throw new DataException(dir + ": clip " + i + " is at " + c.audio().sampleRate() + " Hz, training needs 16 kHz");
            }
            float[][] audio = c.audio().channels();
            for (int ch = 0; ch < audio.length; ch++) {
                // a float WAV may hold NaN or infinity, which would turn the loss and then the weights into NaN
                int j = SampleChecks.firstNonFinite(audio[ch]);
                if (j >= 0) {
                    throw new DataException(name(i) + " holds a non-finite sample (" + audio[ch][j] + ") at channel " + ch
                            + ", sample " + j);
                }
            }
            // floor(samples / 1600) frames of 100 ms: shorter labels would leave the clip's end unlabelled
            int need = audio[0].length / 1600;
            if (c.labels().frames() < need) {
                throw new DataException(name(i) + ": labels file " + reader.clips().get(i).labels().getFileName()
                        + " has " + c.labels().frames() + " frames, the audio's " + audio[0].length + " samples need " + need);
            }
            return new Clip(audio, c.labels());
        } catch (IOException e) {
            throw new DataException(dir + ": " + e.getMessage(), e);
        }
    }

    /** Every clip, in order. */
    public List<Clip> all() {
        List<Clip> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) out.add(get(i));
        return out;
    }

    @Override
    public Clip clip(long seed) {
        return get(new SplittableRandom(seed).nextInt(size()));
    }

    @Override
    public int mics() {
        return reader.array().mics();
    }

    @Override
    public String describe() {
        return "stored set " + dir.toAbsolutePath().normalize() + " (" + size() + " clips)";
    }
}
