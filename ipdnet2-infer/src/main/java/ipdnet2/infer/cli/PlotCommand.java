package ipdnet2.infer.cli;

import ipdnet2.dsp.io.AtomicFiles;
import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.dsp.label.LabelFiles;
import ipdnet2.infer.LocalizationFrame;
import ipdnet2.infer.Localizer;

import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

/** Localises a recording and draws azimuth against time as a PNG, with ground truth when given. */
final class PlotCommand implements Command {
    @Override
    public String name() {
        return "plot";
    }

    @Override
    public String summary() {
        return "PNG of the azimuth estimates over time (and the ground truth, if given)";
    }

    @Override
    public String usage() {
        return "plot RECORDING --output FILE.png [options]\n"
                + AudioInput.USAGE + ModelOptions.USAGE
                + "  --labels FILE      ground truth: labels CSV (frame,time_s,azimuth_deg_0,distance_m_0,active_0,...)\n"
                + "  --width W, --height H  image size in pixels (default 1200 x 600)\n"
                + "Detected estimates are dots coloured and sized by score; undetected ones grey crosses.";
    }

    @Override
    public Set<String> flags() {
        return ModelOptions.flags();
    }

    @Override
    public void run(Args args, PrintStream out) throws Exception {
        run(args, out, System.err);
    }

    @Override
    public void run(Args args, PrintStream out, PrintStream err) throws Exception {
        AudioInput input = new AudioInput(args);
        ModelOptions model = new ModelOptions(args);
        Path output = args.path("output");
        Path labelsFile = args.path("labels");
        int width = args.integer("width", 1200), height = args.integer("height", 600);
        args.finish();
        if (output == null) throw new CliException("plot needs --output FILE.png");
        if (width < 400 || height < 300 || width > 20000 || height > 20000) {
            throw new CliException("--width/--height must be within 400..20000 x 300..20000, got " + width + " x " + height);
        }
        if (labelsFile != null && !Files.exists(labelsFile)) throw new CliException("--labels " + labelsFile + ": no such file");
        FrameLabels labels = labelsFile == null ? null : LabelFiles.readLabels(labelsFile);
        Localizer loc = model.open(err);
        List<LocalizationFrame> frames = LocalizeCommand.localize(loc, input, false);
        BufferedImage img = AzimuthPlot.render(frames, labels, Path.of(input.name()).getFileName().toString(), width, height);
        AtomicFiles.write(output, os -> ImageIO.write(img, "png", os));
        out.println("wrote " + output + " (" + frames.size() + " frames)");
    }
}
