package io.vigil.reporter;

import static io.vigil.reporter.ReportHtml.esc;

import io.vigil.model.WeeklySummary;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The report's Internet First evidence as HTML: the link against its busiest minute and hour,
 * the collectors' uptime and silent periods, and the TLS scorecard as a stacked bar.
 */
final class EvidenceHtml {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.UK)
            .withZone(ZoneOffset.UTC);
    /** How many silent periods a collector's row lists before "and N more". */
    static final int SILENCES_SHOWN = 5;

    private EvidenceHtml() {}

    static String render(WeeklySummary.Evidence e) {
        if (e == null) return "";
        StringBuilder h = new StringBuilder();
        capacity(h, e);
        collectors(h, e.collectors());
        tls(h, e.tls());
        return h.toString();
    }

    private static void capacity(StringBuilder h, WeeklySummary.Evidence e) {
        h.append("<h2>Busiest times against the link</h2>");
        if (e.busiest().isEmpty()) {
            h.append("<p class=\"muted\">No traffic figures for this week.</p>");
            return;
        }
        if (e.capacity() == null) {
            h.append("<p class=\"muted\">The site's provisioned capacity is not set (sites.NAME.capacity in the detector's "
                    + "settings, or --capacity): rates are shown without the share of the link.</p>");
        } else {
            h.append("<p>Provisioned link: ").append(Lead.rate(e.capacity().uploadBps())).append(" up, ")
                    .append(Lead.rate(e.capacity().downloadBps())).append(" down.</p>");
        }
        h.append("<table><tr><th>Busiest</th><th>When</th><th>Mean rate</th><th>Of the link</th></tr>");
        for (WeeklySummary.Peak p : e.busiest()) {
            h.append("<tr><td>").append(p.window()).append(", ").append(p.direction()).append("</td><td>")
                    .append(TIME.format(p.at()).replace(" ", "&nbsp;")).append("</td><td>").append(Lead.rate(p.bitsPerSecond()))
                    .append("</td><td>").append(p.percentOfCapacity() == null ? "<span class=\"muted\">–</span>"
                            : bar(p.percentOfCapacity())).append("</td></tr>");
        }
        h.append("</table>");
    }

    /** A share of the link as a small bar: green, amber from 60%, red from 80%. */
    private static String bar(double pct) {
        return bar(pct, pct >= 80 ? "#d32f2f" : pct >= 60 ? "#f9a825" : "#43a047");
    }

    private static String bar(double pct, String colour) {
        double w = Math.min(100, pct);
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"160\" height=\"12\" role=\"img\" "
                + "aria-label=\"%s%%\"><rect width=\"160\" height=\"12\" fill=\"#eee\"/><rect width=\"%.1f\" height=\"12\" "
                + "fill=\"%s\"/></svg> %s%%", Lead.pct(pct), 1.6 * w, colour, Lead.pct(pct));
    }

    private static void collectors(StringBuilder h, List<WeeklySummary.Collector> collectors) {
        if (collectors == null) return;
        h.append("<h2>Was the edge watched?</h2>");
        if (collectors.isEmpty()) {
            h.append("<p><b>No collector sent a heartbeat this week.</b> Nothing was watched.</p>");
            return;
        }
        h.append("<table><tr><th>Collector</th><th>Heard from</th><th>Heartbeats</th><th>Silent periods (over ")
                .append(EdgeEvidence.SILENCE.toMinutes()).append(" min)</th></tr>");
        for (WeeklySummary.Collector c : collectors) {
            h.append("<tr><td>").append(esc(c.id())).append("</td><td>").append(bar(c.uptimePercent(),
                    c.uptimePercent() >= 99 ? "#43a047" : c.uptimePercent() >= 95 ? "#f9a825" : "#d32f2f")).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%,d", c.heartbeats())).append("</td><td>");
            if (c.silences().isEmpty()) h.append("none");
            for (int i = 0; i < Math.min(SILENCES_SHOWN, c.silences().size()); i++) {
                WeeklySummary.Silence s = c.silences().get(i);
                h.append(i == 0 ? "" : "<br>").append(TIME.format(s.from())).append(" for ")
                        .append(ReportHtml.duration(s.seconds() * 1000));
            }
            if (c.silences().size() > SILENCES_SHOWN) {
                h.append("<br><span class=\"muted\">and ").append(c.silences().size() - SILENCES_SHOWN).append(" more</span>");
            }
            h.append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void tls(StringBuilder h, WeeklySummary.Scorecard t) {
        h.append("<h2>TLS scorecard of the edge</h2>");
        if (t == null) {
            h.append("<p class=\"muted\">No connection across the edge carried a protocol whose protection Vigil judges "
                    + "(TLS, HTTP, FTP, telnet, POP3, IMAP, SMTP).</p>");
            return;
        }
        long total = t.tls13() + t.tls12() + t.older() + t.cleartext();
        String[][] parts = {{"TLS 1.3", "#2e7d32"}, {"TLS 1.2", "#66bb6a"}, {"older TLS or SSL", "#f9a825"},
                {"readable (no TLS)", "#d32f2f"}};
        long[] counts = {t.tls13(), t.tls12(), t.older(), t.cleartext()};
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"700\" height=\"28\" role=\"img\" "
                + "aria-label=\"connections by protection\">");
        double x = 0;
        for (int i = 0; i < 4; i++) {
            double w = 700.0 * counts[i] / total;
            if (w > 0) {
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" width=\"%.1f\" height=\"28\" fill=\"%s\"><title>%s: %d"
                        + "</title></rect>", x, w, parts[i][1], parts[i][0], counts[i]));
            }
            x += w;
        }
        h.append("<p><b>").append(Lead.pct(t.modernPercent())).append("%</b> of ").append(String.format(Locale.ROOT, "%,d", total))
                .append(" connections used TLS 1.2 or newer.</p>").append(svg).append("</svg><table>");
        for (int i = 0; i < 4; i++) {
            h.append("<tr><td><span style=\"display:inline-block;width:10px;height:10px;background:").append(parts[i][1])
                    .append("\"></span> ").append(parts[i][0]).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%,d", counts[i])).append("</td></tr>");
        }
        h.append("</table>");
    }
}
