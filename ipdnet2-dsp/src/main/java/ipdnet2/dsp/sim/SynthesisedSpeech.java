package ipdnet2.dsp.sim;

import ipdnet2.dsp.audio.AudioData;
import ipdnet2.dsp.audio.WavReader;
import ipdnet2.dsp.resample.Resampler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Speech from the command-line speech synthesiser {@value #COMMAND} (installed as a system
 * package): random English sentences from a fixed word list, with random voice variant, speed,
 * pitch and word gap, written to a temporary WAV, resampled to the simulation rate and joined with
 * pauses until the requested length. The text, voice and prosody follow the generator state, and
 * each sentence is a fresh synthesiser process (which starts its own noise generator from the same
 * state every time), so the output is identical run to run for a given synthesiser version
 * (checked with espeak-ng 1.51 on Debian 12); other versions may differ. Use {@link #available()}
 * first.
 */
public final class SynthesisedSpeech implements SourceSignals {
    static final String COMMAND = "espeak-ng";
    private static final String[] VOICES = {"en", "en-us", "en-gb-scotland", "en-gb-x-rp", "en-029"};
    private static final String[] VARIANTS = {"m1", "m2", "m3", "m4", "m5", "m7", "f1", "f2", "f3", "f4",
            "klatt", "croak", "whisper"};
    private static final String[] WORDS = ("the a one two three four five six seven eight nine ten "
            + "room array sound source speaker voice signal window table chair door floor wall light music "
            + "morning evening today yesterday tomorrow always never often sometimes quickly slowly quietly "
            + "loud small large bright dark warm cold green blue red yellow white black little great "
            + "walk talk listen look find give take make bring carry open close start stop turn move "
            + "house street garden river city station market school office kitchen window garden "
            + "people friend child teacher doctor driver farmer writer father mother brother sister "
            + "because while after before during under over between behind beside around through "
            + "please thanks hello goodbye maybe certainly probably perhaps really almost nearly "
            + "water coffee bread apple paper letter number question answer problem reason moment "
            + "is was will can could should would might must has have had does did are were").split(" ");

    private final int sampleRate;
    private final Path workDir;
    /** Converter from the synthesiser's fixed rate (built on first use). */
    private volatile Resampler resampler;

    /** @param workDir directory for the synthesiser's temporary files */
    public SynthesisedSpeech(int sampleRate, Path workDir) {
        this.sampleRate = sampleRate;
        this.workDir = workDir;
    }

    /** Whether the synthesiser can be started on this machine. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder(COMMAND, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public float[] next(SplittableRandom rng, int samples) {
        float[] out = new float[samples];
        int n = (int) (rng.nextDouble() * 0.3 * sampleRate);
        // One talker per signal: voice and variant fixed, prosody varied per sentence.
        String voice = VOICES[rng.nextInt(VOICES.length)] + "+" + VARIANTS[rng.nextInt(VARIANTS.length)];
        int pitch = 25 + rng.nextInt(50);
        while (n < samples) {
            float[] s = sentence(rng, voice, pitch);
            int len = Math.min(s.length, samples - n);
            System.arraycopy(s, 0, out, n, len);
            n += len + (int) ((0.15 + 0.6 * rng.nextDouble()) * sampleRate);
        }
        return out;
    }

    private float[] sentence(SplittableRandom rng, String voice, int pitch) {
        int words = 5 + rng.nextInt(11);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) text.append(rng.nextDouble() < 0.1 ? ", " : " ");
            text.append(WORDS[rng.nextInt(WORDS.length)]);
        }
        text.append('.');
        List<String> cmd = new ArrayList<>(List.of(COMMAND, "-v", voice, "-s", Integer.toString(120 + rng.nextInt(80)),
                "-p", Integer.toString(pitch), "-g", Integer.toString(rng.nextInt(6))));
        Path wav = null;
        try {
            Files.createDirectories(workDir);
            wav = Files.createTempFile(workDir, "speech", ".wav");
            cmd.add("-w");
            cmd.add(wav.toString());
            cmd.add(text.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(COMMAND + " failed for voice " + voice + ": " + log.trim());
            }
            AudioData a = WavReader.read(wav);
            if (resampler == null || resampler.inRate() != a.sampleRate()) resampler = new Resampler(a.sampleRate(), sampleRate);
            return resampler.process(a.channels()[0]);
        } catch (IOException e) {
            throw new IllegalStateException("speech synthesis in " + workDir + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("speech synthesis interrupted", e);
        } finally {
            if (wav != null) {
                try {
                    Files.deleteIfExists(wav);
                } catch (IOException ignored) {
                    // A leftover temporary file is harmless.
                }
            }
        }
    }

    @Override
    public String describe() {
        return "synthesised English speech (" + COMMAND + ")";
    }
}
