package ipdnet2.nn.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes network weights, keyed by the PyTorch {@code state_dict} parameter names
 * (spec §3: published checkpoints load as they are).
 *
 * <p>Readable formats, told apart by content rather than by file name:
 * <ul>
 * <li>safetensors (F32, F64, F16 and BF16 tensors, converted to float; {@code __metadata__}
 *     becomes the metadata);</li>
 * <li>PyTorch zip archives written by {@code torch.save(state_dict)};</li>
 * <li>training checkpoints ({@code .ckpt}): the network's entries of their {@code state_dict},
 *     with the {@code arch.} prefix removed, and their epoch, global_step and other scalar
 *     entries as metadata.</li>
 * </ul>
 * PyTorch files are read by a restricted unpickler that builds data only and never runs code.
 * Everything read from a file is bounds-checked; any problem raises a
 * {@link WeightFileException} naming the file.
 */
public final class WeightFiles {

    private WeightFiles() {
    }

    /**
     * Reads every tensor of a weight file.
     *
     * @param file a safetensors file, a {@code torch.save} archive or a training checkpoint
     * @return the tensors in file order, named as the PyTorch state_dict keys, with metadata
     * @throws WeightFileException if the file is missing, unreadable, truncated, corrupt or holds
     *                             an unsupported element type or object
     */
    public static WeightSet read(Path file) throws WeightFileException {
        if (file == null) {
            throw new IllegalArgumentException("weight file path must not be null");
        }
        try {
            if (!Files.exists(file)) {
                throw new WeightFileException(file, "no such file");
            }
            if (Files.isDirectory(file)) {
                throw new WeightFileException(file, "is a directory, not a weight file");
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(9);
            }
            if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
                return TorchArchive.read(file);
            }
            if (head.length >= 2 && (head[0] & 0xFF) == 0x80 && (head[1] & 0xFF) <= 5) {
                throw new WeightFileException(file, "is a bare pickle stream (the PyTorch format before version 1.6), "
                        + "which is not supported: re-save it with torch.save from a newer PyTorch");
            }
            if (head.length == 9 && head[8] == '{') {
                return Safetensors.read(file);
            }
            if (head.length < 9) {
                throw new WeightFileException(file, "truncated: only " + head.length + " bytes, too short for any weight file");
            }
            throw new WeightFileException(file, "is neither a safetensors file (8-byte length then a JSON header) "
                    + "nor a PyTorch zip archive");
        } catch (WeightFileException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new WeightFileException(file, "no such file", e);
        } catch (java.nio.file.FileSystemException e) {
            throw new WeightFileException(file, "cannot be read: " + Safetensors.reason(e), e);
        } catch (IOException | RuntimeException e) {
            throw new WeightFileException(file, "cannot be read: " + inWords(e), e);
        }
    }

    /**
     * Writes tensors as F32 safetensors with the metadata as {@code __metadata__}. The write is
     * atomic: the file appears complete or, on failure, not at all (an earlier file of that name
     * is then left as it was).
     *
     * @param file    the file to create or replace; its directory must exist
     * @param weights the tensors, written in their map order, and the metadata
     * @throws WeightFileException if the file cannot be written (the message says why)
     */
    public static void writeSafetensors(Path file, WeightSet weights) throws WeightFileException {
        if (file == null || weights == null) {
            throw new IllegalArgumentException("weight file path and weights must not be null");
        }
        try {
            Safetensors.write(file, weights);
        } catch (WeightFileException e) {
            throw e;
        } catch (java.nio.file.FileSystemException e) {
            throw new WeightFileException(file, "cannot be written: " + Safetensors.reason(e), e);
        } catch (IOException | RuntimeException e) {
            throw new WeightFileException(file, "cannot be written: " + inWords(e), e);
        }
    }

    /** A failure's message without the exception's class name (or, without a message, its kind in words). */
    private static String inWords(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e instanceof IOException ? "input/output error" : "internal error ("
                    + e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT) + ")";
        }
        return m;
    }
}
