package ipdnet2.dsp.audio;

import ipdnet2.dsp.io.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Writes RIFF/WAVE files atomically (temporary file, then rename). Integer PCM is rounded to the
 * nearest step and clipped to full scale; more than 2 channels, or more than 16 bits, use a
 * WAVE_FORMAT_EXTENSIBLE header as the format requires.
 */
public final class WavWriter {
    private static final byte[] PCM_GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
            0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    private WavWriter() {
    }

    /** Writes {@code audio} to {@code file} with the given sample format. */
    public static void write(Path file, AudioData audio, SampleFormat format) throws IOException {
        int nc = audio.channelCount();
        int frames = audio.frames();
        int block = nc * format.bytes();
        long dataBytes = (long) frames * block;
        if (dataBytes + 100 > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(file + ": " + dataBytes + " bytes of samples exceed the WAV size limit");
        }
        boolean extensible = nc > 2 || format.bits() > 16;
        int tag = format.isFloat() ? 3 : 1;
        int fmtLen = extensible ? 40 : 16;
        ByteBuffer h = ByteBuffer.allocate(12 + 8 + fmtLen + 8).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(WavReader.fourcc("RIFF")).putInt((int) (4 + 8 + fmtLen + 8 + dataBytes)).putInt(WavReader.fourcc("WAVE"));
        h.putInt(WavReader.fourcc("fmt ")).putInt(fmtLen);
        h.putShort((short) (extensible ? 0xFFFE : tag)).putShort((short) nc).putInt(audio.sampleRate())
                .putInt(audio.sampleRate() * block).putShort((short) block).putShort((short) format.bits());
        if (extensible) {
            h.putShort((short) 22).putShort((short) format.bits()).putInt(0);
            h.putShort((short) tag).put(PCM_GUID_TAIL);
        }
        h.putInt(WavReader.fourcc("data")).putInt((int) dataBytes);
        float[][] ch = audio.channels();
        AtomicFiles.write(file, out -> {
            out.write(h.array());
            int chunkFrames = Math.max(1, (1 << 16) / block);
            ByteBuffer b = ByteBuffer.allocate(chunkFrames * block).order(ByteOrder.LITTLE_ENDIAN);
            for (int start = 0; start < frames; start += chunkFrames) {
                int n = Math.min(chunkFrames, frames - start);
                b.clear();
                encode(b, format, ch, start, n);
                out.write(b.array(), 0, b.position());
            }
        });
    }

    private static void encode(ByteBuffer b, SampleFormat fmt, float[][] ch, int start, int n) {
        int nc = ch.length;
        for (int i = start; i < start + n; i++) {
            for (int c = 0; c < nc; c++) {
                float x = ch[c][i];
                switch (fmt) {
                    case PCM8:
                        b.put((byte) (quantise(x, 128) + 128));
                        break;
                    case PCM16:
                        b.putShort((short) quantise(x, 32768));
                        break;
                    case PCM24: {
                        int v = (int) quantise(x, 8388608);
                        b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
                        break;
                    }
                    case PCM32:
                        b.putInt((int) quantise(x, 2147483648.0));
                        break;
                    case FLOAT32:
                        b.putFloat(x);
                        break;
                    case FLOAT64:
                        b.putDouble(x);
                        break;
                    default:
                        throw new IllegalStateException(fmt.toString());
                }
            }
        }
    }

    /** Rounds x·scale to the nearest integer in [-scale, scale-1]. */
    private static long quantise(float x, double scale) {
        double v = Math.rint(x * scale);
        if (v > scale - 1) v = scale - 1;
        if (v < -scale) v = -scale;
        if (Double.isNaN(v)) v = 0;
        return (long) v;
    }
}
