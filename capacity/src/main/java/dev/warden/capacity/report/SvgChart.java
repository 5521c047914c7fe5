package dev.warden.capacity.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart drawn as SVG by hand (no script, no external service): axes with "nice" ticks,
 * one polyline per series, horizontal reference lines (capacity), and shaded bands (the failure).
 * The output is well-formed XML so tests can parse it.
 */
public final class SvgChart {
    public static final int WIDTH = 760;
    public static final int HEIGHT = 320;
    static final int LEFT = 72;
    static final int RIGHT = 20;
    static final int TOP = 28;
    static final int BOTTOM = 48;

    private SvgChart() {}

    public record Series(String name, String cssClass, List<double[]> points) {}

    public record Line(String name, String cssClass, double y) {}

    public record Band(String name, double from, double to) {}

    /** Maps data to pixels: x from [x0, x1] onto the plot's width, y from [0, y1] onto its height. */
    public record Frame(double x0, double x1, double y1, int width, int height) {
        public double x(double value) {
            double span = x1 - x0 <= 0 ? 1 : x1 - x0;
            return LEFT + (value - x0) / span * (width - LEFT - RIGHT);
        }

        public double y(double value) {
            double span = y1 <= 0 ? 1 : y1;
            return height - BOTTOM - value / span * (height - TOP - BOTTOM);
        }

        /** The frame a chart of these series and lines uses: the y axis ends at a nice number above all values. */
        public static Frame of(List<Series> series, List<Line> lines, int width, int height) {
            double x0 = Double.POSITIVE_INFINITY;
            double x1 = Double.NEGATIVE_INFINITY;
            double top = 0;
            for (Series s : series) {
                for (double[] point : s.points()) {
                    x0 = Math.min(x0, point[0]);
                    x1 = Math.max(x1, point[0]);
                    top = Math.max(top, point[1]);
                }
            }
            for (Line line : lines) {
                top = Math.max(top, line.y());
            }
            if (x0 > x1) {
                x0 = 0;
                x1 = 1;
            }
            double step = niceStep(top * 1.1, 5);
            double y1 = Math.max(step, Math.ceil(top * 1.1 / step) * step);
            return new Frame(x0, x1, y1, width, height);
        }
    }

    /** A 1, 2 or 5 x 10^n step giving about {@code count} ticks up to {@code span}. */
    public static double niceStep(double span, int count) {
        if (span <= 0) {
            return 1;
        }
        double raw = span / count;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    public static String render(String title, String xLabel, String yLabel, List<Series> series, List<Line> lines,
            List<Band> bands) {
        Frame frame = Frame.of(series, lines, WIDTH, HEIGHT);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(escape(title)).append("\">\n");
        svg.append("<title>").append(escape(title)).append("</title>\n");
        for (Band band : bands) {
            double from = frame.x(Math.max(frame.x0(), band.from()));
            double to = frame.x(Math.min(frame.x1(), band.to()));
            svg.append("<rect class=\"band\" x=\"").append(fmt(from)).append("\" y=\"").append(TOP).append("\" width=\"")
                    .append(fmt(Math.max(0, to - from))).append("\" height=\"").append(HEIGHT - TOP - BOTTOM)
                    .append("\"><title>").append(escape(band.name())).append("</title></rect>\n");
        }
        // Axes and ticks.
        svg.append("<g class=\"axes\">\n");
        svg.append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "axis x"));
        svg.append(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "axis y"));
        double yStep = niceStep(frame.y1(), 5);
        for (double value = 0; value <= frame.y1() + yStep / 1000; value += yStep) {
            double y = frame.y(value);
            svg.append(line(LEFT - 4, y, WIDTH - RIGHT, y, "grid"));
            svg.append(text(LEFT - 8, y + 4, "end", "tick y", label(value)));
        }
        double xStep = niceStep(frame.x1() - frame.x0(), 8);
        for (double value = Math.ceil(frame.x0() / xStep) * xStep; value <= frame.x1() + xStep / 1000; value += xStep) {
            double x = frame.x(value);
            svg.append(line(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 4, "tick"));
            svg.append(text(x, HEIGHT - BOTTOM + 18, "middle", "tick x", label(value)));
        }
        svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 8, "middle", "axis-label x", xLabel));
        svg.append("<text class=\"axis-label y\" text-anchor=\"middle\" transform=\"translate(16 ")
                .append(fmt((TOP + HEIGHT - BOTTOM) / 2.0)).append(") rotate(-90)\">").append(escape(yLabel))
                .append("</text>\n");
        svg.append("</g>\n");
        for (Line reference : lines) {
            double y = frame.y(reference.y());
            svg.append("<line class=\"").append(reference.cssClass()).append("\" x1=\"").append(LEFT).append("\" y1=\"")
                    .append(fmt(y)).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y2=\"").append(fmt(y))
                    .append("\"><title>").append(escape(reference.name())).append("</title></line>\n");
            svg.append(text(WIDTH - RIGHT - 4, y - 5, "end", "line-label", reference.name()));
        }
        for (Series s : series) {
            svg.append("<polyline class=\"").append(s.cssClass()).append("\" fill=\"none\" points=\"")
                    .append(points(frame, s.points())).append("\"><title>").append(escape(s.name()))
                    .append("</title></polyline>\n");
        }
        svg.append(text(LEFT, TOP - 10, "start", "chart-title", title));
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The polyline's points attribute: "x,y x,y ...", one decimal. */
    public static String points(Frame frame, List<double[]> points) {
        List<String> out = new ArrayList<>(points.size());
        for (double[] point : points) {
            out.add(fmt(frame.x(point[0])) + "," + fmt(frame.y(point[1])));
        }
        return String.join(" ", out);
    }

    private static String line(double x1, double y1, double x2, double y2, String cssClass) {
        return "<line class=\"" + cssClass + "\" x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\""
                + fmt(y2) + "\"/>\n";
    }

    private static String text(double x, double y, String anchor, String cssClass, String content) {
        return "<text class=\"" + cssClass + "\" x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">"
                + escape(content) + "</text>\n";
    }

    static String label(double value) {
        if (Math.abs(value) >= 1_000_000 && value % 100_000 == 0) {
            return fmtPlain(value / 1_000_000) + "M";
        }
        if (Math.abs(value) >= 10_000 && value % 1_000 == 0) {
            return fmtPlain(value / 1_000) + "k";
        }
        return fmtPlain(value);
    }

    private static String fmtPlain(double value) {
        return Math.abs(value - Math.rint(value)) < 1e-9 ? String.valueOf(Math.round(value))
                : String.format(Locale.ROOT, "%.2f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
