package io.vigil.console.web;

import io.vigil.console.flows.FlowFinder;
import io.vigil.console.flows.History;
import io.vigil.model.Alert;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The small chart on an alert's page, drawn as SVG on the server (no script, nothing from
 * elsewhere): the alert's measure for its host, ten minutes a bar, the bars of the alert's own
 * window in red, so "412 ports in a minute, where it usually touches 3" is a picture too.
 */
final class HistoryChart {

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    static final int W = 640, H = 180, LEFT = 56, BOTTOM = 24, TOP = 22;

    private HistoryChart() {}

    static String svg(History h, Alert a, boolean cut) {
        double[] v = h.values();
        double max = 0;
        for (double x : v) max = Math.max(max, x);
        double bw = (W - LEFT - 8) / (double) v.length;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\" font-family=\"arial,sans-serif\">");
        s.append("<title>").append(esc(h.measure() + " for " + h.entity() + ", ten minutes a bar; the alert's window in red"
                + (cut ? " (the read was cut short: the oldest bars may be incomplete)" : ""))).append("</title>");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        s.append("<text x=\"").append(LEFT).append("\" y=\"14\" font-size=\"12\" fill=\"#0b0c0c\">")
                .append(esc(cap(h.measure()) + " by " + h.entity() + ", per 10 minutes")).append("</text>");
        int plot = H - TOP - BOTTOM;
        long first = a.firstSeen().toEpochMilli(), last = a.lastSeen().toEpochMilli(), bucket = FlowFinder.BUCKET.toMillis();
        for (int i = 0; i < v.length; i++) {
            long start = h.from() + i * bucket;
            boolean alert = start + bucket > first && start <= last;
            double bh = max == 0 ? 0 : Math.max(v[i] > 0 ? 1 : 0, v[i] / max * plot);
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                    LEFT + i * bw + 1, (double) TOP + plot - bh, Math.max(1, bw - 2), bh, alert ? "#d4351c" : "#1d70b8"));
        }
        String top = h.bytes() ? Describe.bytes(max) : Describe.number(max);
        s.append(axis(4, TOP + 10, top)).append(axis(4, TOP + plot, "0"));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#b1b4b6\"/>", LEFT,
                TOP + plot, W - 8, TOP + plot));
        s.append(axis(LEFT, H - 6, HM.format(Instant.ofEpochMilli(h.from())) + " UTC"));
        s.append("<text x=\"").append(W - 8).append("\" y=\"").append(H - 6)
                .append("\" font-size=\"11\" fill=\"#505a5f\" text-anchor=\"end\">")
                .append(esc(HM.format(Instant.ofEpochMilli(h.from() + v.length * bucket)) + " UTC")).append("</text>");
        if (max == 0) {
            s.append("<text x=\"").append(W / 2).append("\" y=\"").append(H / 2)
                    .append("\" font-size=\"13\" fill=\"#505a5f\" text-anchor=\"middle\">")
                    .append("No flows of this host in the flows topic for these hours</text>");
        }
        return s.append("</svg>").toString();
    }

    private static String axis(int x, int y, String text) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" font-size=\"11\" fill=\"#505a5f\">" + esc(text) + "</text>";
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
