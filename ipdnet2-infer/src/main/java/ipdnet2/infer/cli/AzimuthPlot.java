package ipdnet2.infer.cli;

import ipdnet2.dsp.label.FrameLabels;
import ipdnet2.infer.LocalizationFrame;
import ipdnet2.infer.SourceEstimate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Azimuth against time as an image drawn with Java2D (no display needed): ground-truth azimuths
 * of active talkers as wide pale bars (one colour per talker), detected estimates as dots whose
 * colour (dark blue to yellow) and size grow with the score, undetected track estimates as small
 * grey crosses, silent frames shaded.
 */
final class AzimuthPlot {
    private static final int LEFT = 70, RIGHT = 120, TOP = 40, BOTTOM = 50;
    private static final Color[] TRUTH = {new Color(255, 150, 150), new Color(140, 210, 140), new Color(150, 170, 255)};

    private AzimuthPlot() {}

    static BufferedImage render(List<LocalizationFrame> frames, FrameLabels labels, String title, int width, int height) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int pw = width - LEFT - RIGHT, ph = height - TOP - BOTTOM;
        int nFrames = Math.max(frames.size(), labels == null ? 0 : labels.frames());
        double seconds = Math.max(0.1, nFrames * LocalizationFrame.FRAME_SECONDS);
        Axis ax = new Axis(LEFT, TOP, pw, ph, seconds);

        // silent frames
        g.setColor(new Color(235, 235, 235));
        for (LocalizationFrame f : frames) {
            if (f.silent()) {
                double x0 = ax.x(f.startSeconds()), x1 = ax.x(f.startSeconds() + LocalizationFrame.FRAME_SECONDS);
                g.fill(new Rectangle2D.Double(x0, TOP, x1 - x0, ph));
            }
        }
        // grid and axes
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int az = -180; az <= 180; az += 45) {
            double y = ax.y(az);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT, (int) y, LEFT + pw, (int) y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(Integer.toString(az), LEFT - 40, (int) y + 4);
        }
        double step = niceStep(seconds);
        for (double t = 0; t <= seconds + 1e-9; t += step) {
            double x = ax.x(t);
            g.setColor(new Color(225, 225, 225));
            g.drawLine((int) x, TOP, (int) x, TOP + ph);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, step < 1 ? "%.1f" : "%.0f", t), (int) x - 8, TOP + ph + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, pw, ph);
        g.drawString("time (s)", LEFT + pw / 2 - 20, height - 12);
        Graphics2D rot = (Graphics2D) g.create();
        rot.rotate(-Math.PI / 2);
        rot.drawString("azimuth (°)", -(TOP + ph / 2) - 30, 18);
        rot.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, TOP - 14);

        // ground truth
        if (labels != null) {
            double w = Math.max(2, ax.x(LocalizationFrame.FRAME_SECONDS) - ax.x(0));
            for (int s = 0; s < labels.sources(); s++) {
                g.setColor(TRUTH[s % TRUTH.length]);
                for (int t = 0; t < labels.frames(); t++) {
                    if (!labels.active(t, s)) continue;
                    double x = ax.x(t * LocalizationFrame.FRAME_SECONDS);
                    g.fill(new Rectangle2D.Double(x, ax.y(labels.azimuthDeg(t, s)) - 4, w, 8));
                }
            }
        }
        // estimates
        g.setStroke(new BasicStroke(1f));
        for (LocalizationFrame f : frames) {
            double x = ax.x(f.startSeconds() + LocalizationFrame.FRAME_SECONDS / 2);
            for (SourceEstimate s : f.sources()) {
                double y = ax.y(s.azimuthDeg());
                if (s.detected()) {
                    double q = clamp(s.score());
                    double r = 2.5 + 4.5 * q;
                    g.setColor(scoreColour(q));
                    g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
                } else if (!f.silent()) {
                    g.setColor(new Color(170, 170, 170));
                    g.drawLine((int) x - 2, (int) y - 2, (int) x + 2, (int) y + 2);
                    g.drawLine((int) x - 2, (int) y + 2, (int) x + 2, (int) y - 2);
                }
            }
        }
        legend(g, LEFT + pw + 15, TOP, labels);
        g.dispose();
        return img;
    }

    private static void legend(Graphics2D g, int x, int y, FrameLabels labels) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(Color.BLACK);
        g.drawString("score", x, y + 10);
        for (int i = 0; i <= 100; i++) {
            g.setColor(scoreColour(1 - i / 100.0));
            g.fillRect(x, y + 16 + i * 2, 14, 2);
        }
        g.setColor(Color.BLACK);
        g.drawString("1.0", x + 18, y + 26);
        g.drawString("0.0", x + 18, y + 218);
        int ly = y + 250;
        g.setColor(new Color(170, 170, 170));
        g.drawString("x  not detected", x, ly);
        if (labels != null) {
            for (int s = 0; s < labels.sources(); s++) {
                g.setColor(TRUTH[s % TRUTH.length]);
                g.fillRect(x, ly + 12 + 16 * s, 14, 8);
                g.setColor(Color.BLACK);
                g.drawString("talker " + s, x + 18, ly + 20 + 16 * s);
            }
        }
    }

    /** Dark blue (0) through teal and green to yellow (1). */
    static Color scoreColour(double q) {
        double[][] stops = {{0.27, 0.00, 0.33}, {0.23, 0.32, 0.55}, {0.13, 0.57, 0.55}, {0.37, 0.79, 0.38}, {0.99, 0.91, 0.14}};
        double p = clamp(q) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) p);
        double u = p - i;
        float[] c = new float[3];
        for (int k = 0; k < 3; k++) c[k] = (float) (stops[i][k] * (1 - u) + stops[i + 1][k] * u);
        return new Color(c[0], c[1], c[2]);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double niceStep(double seconds) {
        double[] steps = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600};
        for (double s : steps) if (seconds / s <= 12) return s;
        return Math.ceil(seconds / 12 / 600) * 600;
    }

    /** Data to pixel mapping. */
    private record Axis(int left, int top, int width, int height, double seconds) {
        double x(double t) {
            return left + width * t / seconds;
        }

        double y(double azimuthDeg) {
            return top + height * (180 - azimuthDeg) / 360.0;
        }
    }
}
