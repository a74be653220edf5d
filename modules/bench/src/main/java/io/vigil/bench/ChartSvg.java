package io.vigil.bench;

import io.vigil.reporter.ReportHtml;
import java.util.Locale;

/** The pieces the benchmarks' SVG charts share: the page with its title, a panel's axis, a line. */
final class ChartSvg {

    private ChartSvg() {}

    /** An SVG page {@code w} × {@code h} on white, with {@code title} at the top left. */
    static StringBuilder page(int w, int h, int left, String title) {
        return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" font-family=\"sans-serif\" font-size=\"11\"><rect width=\"100%%\" height=\"100%%\" "
                + "fill=\"#fff\"/><text x=\"%d\" y=\"18\" font-size=\"13\">%s</text>", w, h, left, title));
    }

    /**
     * A panel's title and horizontal grid from 0 to {@code max} rounded up to a nice step, labelled
     * with {@code label} (a format for one long); returns the axis's top, for scaling the values.
     */
    static long axis(StringBuilder svg, String title, long max, int left, int right, int y0, int panelH, String label) {
        long step = ReportHtml.niceStep(max), axisMax = (max + step - 1) / step * step;
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#444\">%s</text>", left, y0 - 4, title));
        for (long v = 0; v <= axisMax; v += step) {
            double y = y0 + panelH - panelH * (double) v / axisMax;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#666\">" + label + "</text>", left, right, y, y,
                    left - 6, y + 4, v));
        }
        return axisMax;
    }

    /** A line through {@code points} ("x,y x,y …"). */
    static void line(StringBuilder svg, String colour, CharSequence points) {
        svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"")
                .append(points.toString().trim()).append("\"/>");
    }
}
