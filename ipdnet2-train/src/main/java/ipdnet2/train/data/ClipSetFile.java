package ipdnet2.train.data;

import ipdnet2.dsp.io.AtomicFiles;
import ipdnet2.dsp.label.FrameLabels;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A fixed set of clips in one file (the cached validation set): a magic word, the recipe string
 * the set was made from, the clips (16-kHz signals and labels) and a CRC-32 of everything before
 * it. Written atomically; a truncated or altered file is reported, never half-read.
 */
public final class ClipSetFile {
    private static final long MAGIC = 0x49504432434C5053L; // "IPD2CLPS"

    private ClipSetFile() {
    }

    public static void write(Path file, String recipe, List<Clip> clips) throws IOException {
        AtomicFiles.write(file, os -> {
            CheckedOutputStream checked = new CheckedOutputStream(os, new CRC32());
            DataOutputStream out = new DataOutputStream(checked);
            out.writeLong(MAGIC);
            out.writeUTF(recipe);
            out.writeInt(clips.size());
            for (Clip c : clips) {
                out.writeInt(c.mics());
                out.writeInt(c.samples());
                for (float[] ch : c.audio()) for (float v : ch) out.writeFloat(v);
                FrameLabels l = c.labels();
                out.writeInt(l.frames());
                out.writeInt(l.sources());
                for (int t = 0; t < l.frames(); t++) {
                    for (int s = 0; s < l.sources(); s++) {
                        out.writeDouble(l.azimuthDeg(t, s));
                        out.writeDouble(l.distanceM(t, s));
                        out.writeBoolean(l.active(t, s));
                    }
                }
            }
            out.flush();
            long crc = checked.getChecksum().getValue();
            new DataOutputStream(os).writeLong(crc);
        });
    }

    /** The recipe stored in {@code file}, or null when the file does not exist or is unreadable. */
    public static String recipeOf(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return in.readLong() == MAGIC ? in.readUTF() : null;
        } catch (IOException e) {
            return null;
        }
    }

    public static List<Clip> read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            CheckedInputStream checked = new CheckedInputStream(raw, new CRC32());
            DataInputStream in = new DataInputStream(checked);
            if (in.readLong() != MAGIC) throw new DataException(file + ": not a clip-set file (bad magic)");
            in.readUTF();
            int n = in.readInt();
            if (n < 0 || n > 10_000_000) throw new DataException(file + ": corrupt clip count " + n);
            List<Clip> clips = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int m = in.readInt(), samples = in.readInt();
                if (m <= 0 || m > 64 || samples <= 0 || samples > 100_000_000) {
                    throw new DataException(file + ": corrupt clip " + i + " header");
                }
                float[][] audio = new float[m][samples];
                for (float[] ch : audio) for (int j = 0; j < samples; j++) ch[j] = in.readFloat();
                int frames = in.readInt(), sources = in.readInt();
                if (frames < 0 || frames > 1_000_000 || sources < 0 || sources > 16) {
                    throw new DataException(file + ": corrupt labels of clip " + i);
                }
                double[][] az = new double[frames][sources], dist = new double[frames][sources];
                boolean[][] act = new boolean[frames][sources];
                for (int t = 0; t < frames; t++) {
                    for (int s = 0; s < sources; s++) {
                        az[t][s] = in.readDouble();
                        dist[t][s] = in.readDouble();
                        act[t][s] = in.readBoolean();
                    }
                }
                clips.add(new Clip(audio, new FrameLabels(az, dist, act)));
            }
            long expected = checked.getChecksum().getValue();
            long stored = new DataInputStream(raw).readLong();
            if (stored != expected) throw new DataException(file + ": checksum mismatch, the file is corrupt");
            return clips;
        } catch (EOFException e) {
            throw new DataException(file + ": truncated clip-set file", e);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read clip set: " + e.getMessage(), e);
        }
    }
}
