package io.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The soak's samples as an SVG chart (four panels over time: memory, resident memory,
 * threads, lag) and a summary: each measure's median over the first and the last five
 * minutes, and the old generation's trend per hour, the sign of a leak.
 */
final class SoakChart {

    static final String[] COLUMNS = {"seconds", "flows", "heap_mb", "old_gen_after_gc_mb", "rss_mb", "threads",
            "detector_lag", "notifier_lag", "webhook_deliveries", "detector_down"};

    private SoakChart() {}

    static void write(Path dir, List<long[]> rows, int rate, int minutes) throws IOException {
        int w = 780, panelH = 150, gap = 40, left = 70, top = 30, right = 40;
        int[][] panels = {{2, 3}, {4}, {5}, {6, 7}};
        String[] titles = {"heap in use (blue) and old generation after GC (red), MB", "resident memory (MB)", "threads",
                "consumer lag, records: detector (blue), notifier (red)"};
        String[] colours = {"#1e88e5", "#d32f2f"};
        int h = top + panels.length * (panelH + gap);
        StringBuilder svg = ChartSvg.page(w, h, left, String.format(Locale.ROOT, "Vigil soak: %,d flows/s for %d min, "
                + "collector → detector → notifier → webhook, one JVM", rate, minutes));
        long tMax = rows.isEmpty() ? 1 : Math.max(1, rows.get(rows.size() - 1)[0]);
        for (int p = 0; p < panels.length; p++) {
            int y0 = top + p * (panelH + gap) + 16;
            long max = 1;
            for (long[] r : rows) for (int c : panels[p]) max = Math.max(max, r[c]);
            long axisMax = ChartSvg.axis(svg, titles[p], max, left, w - right, y0, panelH, "%d");
            for (long m = 0; m * 60 <= tMax; m += Math.max(1, minutes / 6)) {
                double x = left + (w - left - right) * (m * 60.0) / tMax;
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">%d min"
                        + "</text>", x, y0 + panelH + 14, m));
            }
            for (int k = 0; k < panels[p].length; k++) {
                StringBuilder pts = new StringBuilder();
                for (long[] r : rows) {
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + (w - left - right) * (double) r[0] / tMax,
                            y0 + panelH - panelH * (double) r[panels[p][k]] / axisMax));
                }
                ChartSvg.line(svg, colours[k], pts);
            }
        }
        Files.writeString(dir.resolve("soak.svg"), svg.append("</svg>\n").toString());
    }

    static String summary(List<long[]> rows, long received, long delivered) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "soak: %d samples over %d s, %,d flows published, "
                + "%,d webhook deliveries received%s%n", rows.size(),
                rows.isEmpty() ? 0 : rows.get(rows.size() - 1)[0], rows.isEmpty() ? 0 : rows.get(rows.size() - 1)[1],
                received, delivered < 0 ? "" : String.format(Locale.ROOT, " (notifier counted %,d)", delivered)));
        if (rows.size() < 4) return b.toString();
        int window = (int) Math.max(1, Math.min(rows.size() / 4, 300 / SoakBench.EVERY));
        List<long[]> first = rows.subList(0, window), last = rows.subList(rows.size() - window, rows.size());
        b.append(String.format(Locale.ROOT, "%-24s %12s %12s%n", "median of", "first 5 min", "last 5 min"));
        for (int c = 2; c <= 7; c++) {
            b.append(String.format(Locale.ROOT, "%-24s %12d %12d%n", COLUMNS[c], median(first, c), median(last, c)));
        }
        // the trend after the first five minutes (start-up fills caches and stores)
        SimpleRegression old = new SimpleRegression();
        for (long[] r : rows.subList(window, rows.size())) if (r[3] >= 0) old.addData(r[0] / 3600.0, r[3]);
        b.append(String.format(Locale.ROOT, "old generation after GC: %+.1f MB per hour after the first 5 min%n", old.getSlope()));
        long down = rows.stream().filter(r -> r[9] == 1).count();
        b.append("detector health DOWN in ").append(down).append(" of ").append(rows.size()).append(" samples\n");
        return b.toString();
    }

    private static long median(List<long[]> rows, int c) {
        long[] v = rows.stream().mapToLong(r -> r[c]).sorted().toArray();
        return v[v.length / 2];
    }
}
