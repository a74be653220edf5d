package io.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The chart of {@code bench week}: one panel per measure, a point per simulated day. */
final class WeekChart {

    private WeekChart() {}

    /** Columns of {@link WeekBench#COLUMNS} drawn, and their panel titles. */
    private static final int[] DRAWN = {3, 4, 5, 6, 7};
    private static final String[] TITLES = {"flows/s through the detector", "local state (RocksDB), MB",
            "changelogs on the broker, MB", "old generation after GC, MB", "resident memory, MB"};

    static void write(Path file, List<long[]> rows, int hosts, long perDay) throws IOException {
        int w = 780, panelH = 110, gap = 42, left = 70, top = 34, right = 40;
        int h = top + DRAWN.length * (panelH + gap);
        StringBuilder svg = ChartSvg.page(w, h, left, String.format(Locale.ROOT, "Vigil: a week of event time through the "
                + "detector — %,d hosts a day (5 %% replaced daily), %,d flows a weekday", hosts, perDay));
        int days = rows.size();
        for (int p = 0; p < DRAWN.length; p++) {
            int c = DRAWN[p], y0 = top + p * (panelH + gap) + 16;
            long max = 1;
            for (long[] r : rows) max = Math.max(max, r[c]);
            long axisMax = ChartSvg.axis(svg, TITLES[p], max, left, w - right, y0, panelH, "%,d");
            StringBuilder pts = new StringBuilder();
            for (int d = 0; d < days; d++) {
                double x = left + (w - left - right) * (d + 0.5) / Math.max(1, days);
                double y = y0 + panelH - panelH * (double) rows.get(d)[c] / axisMax;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1e88e5\"/>"
                        + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">day %d%s</text>", x, y, x,
                        y0 + panelH + 14, d + 1, d % 7 >= 5 ? " (weekend)" : ""));
            }
            ChartSvg.line(svg, "#1e88e5", pts);
        }
        Files.writeString(file, svg.append("</svg>\n").toString());
    }
}
