package ipdnet2.train.sim;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.WavReader;
import ipdnet2.dsp.label.FrameLabels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a set written by {@link SimulatedSetWriter} (layout: package documentation). */
public final class SimulatedSetReader {
    private final Path dir;
    private final List<ClipInfo> clips;
    private final ArrayGeometry array;

    private SimulatedSetReader(Path dir, List<ClipInfo> clips, ArrayGeometry array) {
        this.dir = dir;
        this.clips = clips;
        this.array = array;
    }

    /** Opens the set in {@code dir}: reads and checks its manifest and array files. */
    public static SimulatedSetReader open(Path dir) throws IOException {
        Path manifest = dir.resolve(SetFormat.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new IOException(dir + " is not a simulated set: " + SetFormat.MANIFEST + " is missing");
        }
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(ClipInfo.HEADER)) {
            throw new IOException(manifest + ": header must be '" + ClipInfo.HEADER + "'");
        }
        List<ClipInfo> clips = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            try {
                clips.add(ClipInfo.parse(lines.get(i), manifest + " line " + (i + 1)));
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return new SimulatedSetReader(dir, List.copyOf(clips), readArray(dir.resolve(SetFormat.ARRAY)));
    }

    /** The manifest rows, in clip order. */
    public List<ClipInfo> clips() {
        return clips;
    }

    public int size() {
        return clips.size();
    }

    /** The microphone array the set was simulated for. */
    public ArrayGeometry array() {
        return array;
    }

    /** Reads clip {@code index}: its WAV and its labels. */
    public LabelledClip read(int index) throws IOException {
        ClipInfo info = clips.get(index);
        AudioData audio = WavReader.read(dir.resolve(info.audioFile()));
        Path labelsPath = dir.resolve(info.labelsFile());
        FrameLabels labels;
        try {
            labels = SetFormat.parseLabels(Files.readAllLines(labelsPath, StandardCharsets.UTF_8), labelsPath.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (labels.sources() != info.sources()) {
            throw new IOException(labelsPath + " has " + labels.sources() + " sources, the manifest says " + info.sources());
        }
        if (audio.channelCount() != array.mics()) {
            throw new IOException(info.audioFile() + " has " + audio.channelCount() + " channels, the array has "
                    + array.mics() + " mics");
        }
        return new LabelledClip(info, audio, labels);
    }

    private static ArrayGeometry readArray(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + " is missing");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<double[]> mics = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] f = lines.get(i).split(",", -1);
            try {
                if (f.length != 4 || Integer.parseInt(f[0]) != mics.size()) {
                    throw new IOException(file + " line " + (i + 1) + ": expected mic,x_m,y_m,z_m in mic order");
                }
                mics.add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])});
            } catch (NumberFormatException e) {
                throw new IOException(file + " line " + (i + 1) + ": bad number (" + e.getMessage() + ")");
            }
        }
        try {
            return new ArrayGeometry(mics.toArray(new double[0][]));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
