package ipdnet2.infer.cli;

import ipdnet2.dsp.array.ArrayGeometry;
import ipdnet2.dsp.array.ArrayGeometryReader;
import ipdnet2.dsp.baseline.AzimuthEstimate;
import ipdnet2.dsp.baseline.BaselineLocalizer;
import ipdnet2.dsp.baseline.Music;
import ipdnet2.dsp.baseline.PeakPicker;
import ipdnet2.dsp.baseline.SpatialSpectrum;
import ipdnet2.dsp.baseline.SrpPhat;
import ipdnet2.dsp.resample.Resampler;
import ipdnet2.infer.LocalizationFrame;
import ipdnet2.infer.SourceEstimate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of {@code evaluate} that choose a classical baseline instead of the network
 * ({@code --method srp-phat|music}) and configure it, and the conversion of its estimates to the
 * network path's {@link LocalizationFrame}s (score = the peak's normalised power).
 */
final class BaselineOptions {
    static final String USAGE =
              "  --method M         ipdnet2 (default: the network), or a classical baseline: srp-phat or music\n"
            + "  With a baseline, --weights and --threshold do not apply; instead:\n"
            + "  --thresholds T,R   detection threshold T on the peaks' normalised power, and least ratio R\n"
            + "                     of the second peak's power to the first's (default: calibrated values)\n"
            + "  --smoothing A      recursive smoothing constant across 100-ms frames, 0 <= A < 1 (default 0.5)\n"
            + "  --calibrate        choose T and R on the given sets (largest F1 = 2·ACC/(1+ACC+FAR)\n"
            + "                     over a 0.01-step grid), print them, and report the metrics with them; use a\n"
            + "                     calibration set, never the test set\n";

    final String method;
    final boolean calibrate;
    private final Path array;
    private final double smoothing;
    private final double[] thresholds;

    /** Reads the options; {@code method} is {@code ipdnet2} when none is given. */
    BaselineOptions(Args args) {
        method = args.string("method", "ipdnet2");
        if (!method.equals("ipdnet2") && !method.equals("srp-phat") && !method.equals("music")) {
            throw new CliException("--method must be ipdnet2, srp-phat or music, got '" + method + "'");
        }
        if (isBaseline()) {
            array = args.path("array");
            smoothing = args.number("smoothing", SrpPhat.DEFAULT_SMOOTHING);
            if (!(smoothing >= 0 && smoothing < 1)) throw new CliException("--smoothing must be in [0, 1), got " + smoothing);
            String t = args.string("thresholds");
            if (t == null) {
                thresholds = null;
            } else {
                String[] f = t.split(",", -1);
                if (f.length != 2) throw new CliException("--thresholds needs two numbers T,R, got '" + t + "'");
                thresholds = new double[2];
                for (int i = 0; i < 2; i++) {
                    try {
                        thresholds[i] = Double.parseDouble(f[i].trim());
                    } catch (NumberFormatException e) {
                        throw new CliException("--thresholds: bad number '" + f[i] + "'");
                    }
                    if (!Double.isFinite(thresholds[i])) throw new CliException("--thresholds must be finite, got '" + t + "'");
                }
                if (!(thresholds[0] > 0)) {
                    throw new CliException("--thresholds: the threshold T must be positive, got " + f[0].trim());
                }
                if (!(thresholds[1] > 0 && thresholds[1] <= 1)) {
                    throw new CliException("--thresholds: the ratio R must be in (0, 1], got " + f[1].trim());
                }
            }
            calibrate = args.flag("calibrate");
        } else {
            for (String option : new String[] {"thresholds", "smoothing", "calibrate"}) {
                if (args.given(option)) {
                    throw new CliException("--" + option + " applies only to the classical baselines (--method srp-phat or music)");
                }
            }
            array = null;
            smoothing = 0;
            thresholds = null;
            calibrate = false;
        }
    }

    boolean isBaseline() {
        return !method.equals("ipdnet2");
    }

    /** The baseline localiser for {@code geometry}, or for --array when given and geometry is null. */
    BaselineLocalizer open(ArrayGeometry geometry) throws IOException {
        ArrayGeometry g = geometry;
        if (g == null) {
            g = ArrayGeometry.realmanDefault();
            if (array != null) {
                if (!Files.exists(array)) throw new CliException("--array " + array + ": no such file");
                g = ArrayGeometryReader.read(array);
            }
        }
        BaselineLocalizer base = method.equals("music") ? BaselineLocalizer.music(g) : BaselineLocalizer.srpPhat(g);
        SpatialSpectrum spectrum = method.equals("music") ? new Music(g, smoothing) : new SrpPhat(g, smoothing);
        double t1 = thresholds == null ? base.firstThreshold() : thresholds[0];
        double t2 = thresholds == null ? base.secondRatio() : thresholds[1];
        return new BaselineLocalizer(spectrum, new PeakPicker(), t1, t2);
    }

    /** Whether --array was given (a set's own array.csv then still takes precedence). */
    boolean hasArray() {
        return array != null;
    }

    /** The channels at 16 kHz. */
    static float[][] to16k(float[][] channels, int sampleRate) {
        ipdnet2.infer.Localizer.checkSampleRate(sampleRate);
        if (sampleRate == 16000) return channels;
        Resampler r = new Resampler(sampleRate, 16000);
        float[][] x = new float[channels.length][];
        for (int m = 0; m < channels.length; m++) x[m] = r.process(channels[m]);
        return x;
    }

    /** Decided estimates [frames][2] as the network path's frames; a frame without any peak is silent. */
    static List<LocalizationFrame> frames(AzimuthEstimate[][] estimates) {
        List<LocalizationFrame> out = new ArrayList<>(estimates.length);
        for (int j = 0; j < estimates.length; j++) {
            List<SourceEstimate> s = new ArrayList<>(estimates[j].length);
            for (int k = 0; k < estimates[j].length; k++) {
                AzimuthEstimate e = estimates[j][k];
                s.add(new SourceEstimate(k, e.azimuthDeg(), e.power(), e.detected()));
            }
            out.add(new LocalizationFrame(j, Double.isNaN(estimates[j][0].power()), s));
        }
        return out;
    }
}
