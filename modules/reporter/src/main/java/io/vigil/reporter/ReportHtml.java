package io.vigil.reporter;

import io.vigil.model.Alert;
import io.vigil.model.Attack;
import io.vigil.model.WeeklySummary;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The weekly summary as one self-contained HTML page for a manager: headline figures, alerts
 * per day by severity and by type as inline SVG charts (no script, no external file: it
 * survives e-mail and archiving), the hosts named most, the alerts worth a look, and how
 * fast people were told.
 */
public final class ReportHtml {

    /** Severity colours, the same as the alert e-mails'. */
    static final Map<String, String> COLOURS = Map.of("critical", "#8b0000", "high", "#d32f2f", "medium", "#f9a825",
            "low", "#1e88e5", "info", "#90a4ae");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.UK)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("EEE d", Locale.UK)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK)
            .withZone(ZoneOffset.UTC);

    private ReportHtml() {}

    public static String render(WeeklySummary s) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Vigil weekly summary — ")
                .append(esc(s.site())).append(' ').append(esc(s.week())).append("</title><style>")
                .append("body{font-family:sans-serif;margin:24px auto;max-width:960px;color:#222}")
                .append("h1{font-size:1.5em;margin-bottom:0}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd}")
                .append(".sub{color:#666;margin-top:4px}.tiles{display:flex;gap:12px;flex-wrap:wrap;margin-top:16px}")
                .append(".tile{border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:130px}")
                .append(".tile b{display:block;font-size:1.6em}.tile span{color:#666;font-size:.85em}")
                .append("table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;")
                .append("vertical-align:top}th{color:#666;font-weight:normal}.sev{color:#fff;border-radius:3px;padding:1px 6px;")
                .append("font-size:.85em}.muted{color:#888}.lead{font-size:1.05em;line-height:1.5;background:#f5f7fa;")
                .append("padding:10px 14px;border-radius:6px}</style></head><body>");
        h.append("<h1>Vigil weekly summary: ").append(esc(s.site())).append("</h1><div class=\"sub\">Week ")
                .append(esc(s.week())).append(", ").append(DAY.format(s.from())).append(" to ")
                .append(DAY.format(s.to().minusSeconds(1))).append(" (UTC)</div>");
        if (s.lead() != null) h.append("<p class=\"lead\">").append(esc(s.lead())).append("</p>");

        long critHigh = s.bySeverity().getOrDefault("critical", 0L) + s.bySeverity().getOrDefault("high", 0L);
        WeeklySummary.Notification n = s.notification();
        h.append("<div class=\"tiles\">");
        tile(h, Long.toString(s.alerts()), "alerts raised" + trend(s.alerts(), s.previousWeekAlerts()));
        tile(h, Long.toString(critHigh), "high or critical");
        tile(h, n.p50Ms() == null ? "–" : duration(n.p50Ms()), "median time to notify");
        tile(h, s.alerts() == 0 ? "–" : n.acknowledged() + " of " + critHigh, "high/critical acknowledged");
        tile(h, Long.toString(n.deadLettered()), "notifications given up");
        h.append("</div>");

        h.append("<h2>Alerts per day</h2>").append(dayChart(s.days()));
        h.append("<h2>Alerts by type</h2>").append(s.byType().isEmpty() ? "<p class=\"muted\">No alerts this week.</p>"
                : typeChart(s.byType()));
        if (!s.byTechnique().isEmpty()) {
            h.append("<h2>ATT&amp;CK techniques</h2><table><tr><th>technique</th><th>name</th><th>alerts</th></tr>");
            s.byTechnique().forEach((id, count) -> h.append("<tr><td>").append(esc(id)).append("</td><td>")
                    .append(esc(Attack.name(id))).append("</td><td>").append(count).append("</td></tr>"));
            h.append("</table>");
        }

        h.append("<h2>Bandwidth at the internet edge</h2>");
        WeeklySummary.Traffic t = s.traffic();
        if (t == null) {
            h.append("<p class=\"muted\">No traffic figures for this week (the detector writes them to vigil.traffic.v1).</p>");
        } else {
            h.append("<p>Sent to the internet ").append(bytes(t.sentBytes())).append(", received ")
                    .append(bytes(t.receivedBytes())).append(". Busiest hours: ");
            for (int i = 0; i < t.peaks().size(); i++) {
                WeeklySummary.Hour p = t.peaks().get(i);
                h.append(i == 0 ? "" : "; ").append(TIME.format(p.hour()).replace(" ", "&nbsp;")).append(" (")
                        .append(bytes(p.sentBytes())).append(" sent, ").append(bytes(p.receivedBytes())).append(" received)");
            }
            h.append(".</p>").append(trafficChart(t));
        }

        h.append(EvidenceHtml.render(s.evidence()));

        h.append("<h2>Alerts worth a look</h2>");
        if (s.notable().isEmpty()) {
            h.append("<p class=\"muted\">No high or critical alerts and no insecure protocols this week.</p>");
        } else {
            h.append("<table><tr><th>Severity</th><th>Type</th><th>First seen</th><th>What happened</th><th>Acknowledged by</th></tr>");
            for (WeeklySummary.Line l : s.notable()) {
                h.append("<tr><td>").append(badge(l.severity())).append("</td><td>").append(esc(l.type())).append("</td><td>")
                        .append(TIME.format(l.firstSeen()).replace(" ", "&nbsp;")).append("</td><td>").append(esc(l.summary()))
                        .append(Alert.ENDED.equals(l.status()) ? " <span class=\"muted\">(ended)</span>" : "").append("</td><td>")
                        .append(l.acknowledgedBy() == null ? "<span class=\"muted\">–</span>" : esc(l.acknowledgedBy()))
                        .append("</td></tr>");
            }
            h.append("</table>");
        }

        h.append(triage(s.triage()));
        h.append(IndicatorHits.html(s.indicatorHits()));

        h.append("<h2>Hosts named most</h2><table><tr><th>Source (attacker or sender)</th><th>Alerts</th><th>Worst</th>")
                .append("<th>Target (internal host)</th><th>Alerts</th><th>Worst</th></tr>");
        int rows = Math.max(s.topSources().size(), s.topTargets().size());
        for (int i = 0; i < rows; i++) {
            h.append("<tr>");
            cells(h, i < s.topSources().size() ? s.topSources().get(i) : null);
            cells(h, i < s.topTargets().size() ? s.topTargets().get(i) : null);
            h.append("</tr>");
        }
        if (rows == 0) h.append("<tr><td colspan=\"6\" class=\"muted\">None.</td></tr>");
        h.append("</table>");

        h.append("<h2>Notification</h2><table>");
        row(h, "Alerts raised", Long.toString(n.raised()));
        row(h, "Delivered to at least one channel", Long.toString(n.delivered()));
        row(h, "Detection to first delivery", n.p50Ms() == null ? "–" : "median " + duration(n.p50Ms()) + ", 99th percentile "
                + duration(n.p99Ms()) + ", slowest " + duration(n.maxMs()));
        row(h, "Acknowledged", n.acknowledged() + (n.medianAckMs() == null ? "" : ", median " + duration(n.medianAckMs())
                + " after detection"));
        row(h, "Given up (dead-lettered)", Long.toString(n.deadLettered()));
        h.append("</table><p class=\"muted\">Made by Vigil from vigil.alerts.v1 and the notification audit trail "
                + "(vigil.notifications.v1). Alerts count in the week they were raised.</p></body></html>\n");
        return h.toString();
    }

    /**
     * What analysts made of the week's alerts, per type: verdicts, precision, time to take them,
     * what suppressions held back; then the site's suppressions, those ending soon marked.
     */
    static String triage(WeeklySummary.Triage t) {
        if (t == null) return "";
        StringBuilder h = new StringBuilder("<h2>Triage</h2>");
        if (t.byType().isEmpty()) {
            h.append("<p class=\"muted\">No alerts to triage this week.</p>");
        } else {
            h.append("<table><tr><th>Type</th><th>Alerts</th><th>True positive</th><th>Benign</th><th>False positive</th>")
                    .append("<th>Duplicate</th><th>Precision</th><th>Median time to take</th><th>Suppressed</th></tr>");
            for (WeeklySummary.TypeTriage x : t.byType()) {
                h.append("<tr><td>").append(esc(x.type())).append("</td><td>").append(x.alerts()).append("</td>");
                for (String v : List.of("true_positive", "benign_true_positive", "false_positive", "duplicate")) {
                    h.append("<td>").append(x.verdicts().getOrDefault(v, 0L)).append("</td>");
                }
                h.append("<td>").append(x.precision() == null ? "<span class=\"muted\">–</span>"
                        : String.format(Locale.UK, "%.0f%%", x.precision() * 100)).append("</td><td>")
                        .append(x.medianAckMs() == null ? "<span class=\"muted\">–</span>" : duration(x.medianAckMs()))
                        .append("</td><td>").append(x.suppressed()).append("</td></tr>");
            }
            h.append("</table><p class=\"muted\">Precision is true positives over true plus false positives: how often an "
                    + "alert of the type was worth the look. Time to take is from detection to the first acknowledgement or close.</p>");
        }
        h.append("<h3>Suppressions</h3>");
        if (t.suppressions().isEmpty()) return h.append("<p class=\"muted\">No suppression was in force this week.</p>").toString();
        h.append("<table><tr><th>What it holds back</th><th>Why</th><th>Owner</th><th>Held back this week</th><th>Last</th>")
                .append("<th>Ends</th></tr>");
        for (WeeklySummary.SuppressionUse u : t.suppressions()) {
            h.append("<tr><td>").append(esc(u.scope())).append(" <span class=\"muted\">(").append(esc(u.state()))
                    .append(")</span></td><td>").append(esc(u.reason())).append("</td><td>").append(esc(u.owner()))
                    .append("</td><td>").append(u.hits()).append("</td><td>")
                    .append(u.lastHit() == null ? "<span class=\"muted\">–</span>" : TIME.format(u.lastHit()).replace(" ", "&nbsp;"))
                    .append("</td><td>").append(TIME.format(u.expiresAt()).replace(" ", "&nbsp;"))
                    .append(u.expiresSoon() ? " <b>ends within 7 days: renew or let go</b>" : "").append("</td></tr>");
        }
        return h.append("</table>").toString();
    }

    /** Alerts per day, stacked by severity, with the day's total above each bar. */
    static String dayChart(List<WeeklySummary.Day> days) {
        int w = 700, hgt = 220, left = 40, bottom = 30, top = 20;
        long max = 1;
        for (WeeklySummary.Day d : days) max = Math.max(max, d.bySeverity().values().stream().mapToLong(Long::longValue).sum());
        long step = niceStep(max);
        long axisMax = ((max + step - 1) / step) * step;
        double plotH = hgt - bottom - top;
        double slot = (double) (w - left - 10) / days.size();
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + hgt
                + "\" role=\"img\" aria-label=\"alerts per day by severity\" font-size=\"11\">");
        yAxis(svg, step, axisMax, left, w - 10, top, plotH, Long::toString);
        for (int i = 0; i < days.size(); i++) {
            WeeklySummary.Day d = days.get(i);
            double x = left + i * slot + slot * 0.2, bw = slot * 0.6, y = top + plotH;
            long total = 0;
            for (String sev : List.of("info", "low", "medium", "high", "critical")) {
                long c = d.bySeverity().getOrDefault(sev, 0L);
                if (c == 0) continue;
                double bh = plotH * c / axisMax;
                y -= bh;
                total += c;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                        + "<title>%s: %d %s</title></rect>", x, y, bw, bh, COLOURS.get(sev), d.date(), c, sev));
            }
            if (total > 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>",
                        x + bw / 2, y - 4, total));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#444\">%s %d</text>",
                    x + bw / 2, hgt - 10, d.date().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.UK),
                    d.date().getDayOfMonth()));
        }
        svg.append("</svg>");
        StringBuilder legend = new StringBuilder("<div style=\"font-size:.85em;color:#444\">");
        for (String sev : List.of("critical", "high", "medium", "low", "info")) {
            legend.append("<span style=\"display:inline-block;width:10px;height:10px;background:").append(COLOURS.get(sev))
                    .append(";margin:0 4px 0 12px\"></span>").append(sev);
        }
        return svg + legend.append("</div>").toString();
    }

    /** Alerts by type, as horizontal bars, most first. */
    static String typeChart(Map<String, Long> byType) {
        int w = 700, barH = 20, gap = 6, label = 150;
        long max = byType.values().stream().mapToLong(Long::longValue).max().orElse(1);
        int hgt = byType.size() * (barH + gap) + gap;
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + hgt
                + "\" role=\"img\" aria-label=\"alerts by type\" font-size=\"12\">");
        int i = 0;
        for (Map.Entry<String, Long> e : byType.entrySet()) {
            int y = gap + i++ * (barH + gap);
            double bw = (w - label - 60) * (double) e.getValue() / max;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#444\">%s</text>"
                    + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#5c6bc0\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%d</text>", label - 8, y + 15, esc(e.getKey()), label, y, bw, barH,
                    label + bw + 6, y + 15, e.getValue()));
        }
        return svg.append("</svg>").toString();
    }

    /** Bytes sent and received per hour over the week, as two lines, with the peaks marked. */
    static String trafficChart(WeeklySummary.Traffic t) {
        int w = 700, hgt = 200, left = 60, bottom = 24, top = 12;
        long max = 1;
        for (WeeklySummary.Hour x : t.hours()) max = Math.max(max, Math.max(x.sentBytes(), x.receivedBytes()));
        long step = niceStep(max);
        long axisMax = ((max + step - 1) / step) * step;
        double plotH = hgt - bottom - top, plotW = w - left - 10;
        int n = t.hours().size();
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + hgt
                + "\" role=\"img\" aria-label=\"bytes sent and received per hour\" font-size=\"11\">");
        yAxis(svg, step, axisMax, left, w - 10, top, plotH, ReportHtml::bytes);
        for (int d = 0; d <= n / 24; d++) {
            double x = left + plotW * d * 24 / n;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>",
                    x, x, top, top + plotH));
            if (d < n / 24) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#444\">%s</text>",
                        x + plotW * 12 / n, hgt - 8, DAY_LABEL.format(t.hours().get(d * 24).hour())));
            }
        }
        svg.append(line(t, n, left, top, plotW, plotH, axisMax, true, "#d32f2f"));
        svg.append(line(t, n, left, top, plotW, plotH, axisMax, false, "#1e88e5"));
        for (WeeklySummary.Hour p : t.peaks()) {
            int i = t.hours().indexOf(p);
            double x = left + plotW * (i + 0.5) / n;
            double y = top + plotH - plotH * Math.max(p.sentBytes(), p.receivedBytes()) / axisMax;
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"none\" stroke=\"#222\">"
                    + "<title>peak %s</title></circle>", x, y, TIME.format(p.hour())));
        }
        svg.append("</svg>");
        return svg + "<div style=\"font-size:.85em;color:#444\"><span style=\"display:inline-block;width:14px;height:3px;"
                + "background:#d32f2f;margin:0 4px 3px 12px\"></span>sent to the internet<span style=\"display:inline-block;"
                + "width:14px;height:3px;background:#1e88e5;margin:0 4px 3px 12px\"></span>received</div>";
    }

    private static String line(WeeklySummary.Traffic t, int n, int left, int top, double plotW, double plotH, long axisMax,
                               boolean sent, String colour) {
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < n; i++) {
            WeeklySummary.Hour x = t.hours().get(i);
            double v = sent ? x.sentBytes() : x.receivedBytes();
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + plotW * (i + 0.5) / n, top + plotH - plotH * v / axisMax));
        }
        return "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"1.5\" points=\"" + pts.toString().trim() + "\"/>";
    }

    /** Bytes for people: 1.2 GB, 340 MB, 12 kB (powers of 1000, as network people count). */
    static String bytes(long b) {
        if (b < 1000) return b + " B";
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = b;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    /** Horizontal grid lines every {@code step} up to {@code axisMax}, labelled on the left. */
    private static void yAxis(StringBuilder svg, long step, long axisMax, int left, int right, int top, double plotH,
                              LongFunction<String> label) {
        for (long y = 0; y <= axisMax; y += step) {
            double py = top + plotH - plotH * y / axisMax;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#666\">%s</text>", left, right, py, py, left - 6,
                    py + 4, label.apply(y)));
        }
    }

    /** A round step for an axis up to {@code max}: 1, 2, 5, 10, 20, 50... */
    public static long niceStep(long max) {
        long step = 1;
        while (max / step > 5) {
            if (max / (step * 2) <= 5) return step * 2;
            if (max / (step * 5) <= 5) return step * 5;
            step *= 10;
        }
        return step;
    }

    static String trend(long now, long before) {
        if (before == 0) return now == 0 ? "" : " (none the week before)";
        long pct = Math.round(100.0 * (now - before) / before);
        return pct == 0 ? " (as the week before)" : " (" + (pct > 0 ? "+" : "") + pct + "% on the week before)";
    }

    static String duration(long ms) {
        if (ms < 1000) return ms + " ms";
        if (ms < 120_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        if (ms < 7_200_000) return (ms / 60_000) + " min";
        return String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
    }

    private static void tile(StringBuilder h, String value, String what) {
        h.append("<div class=\"tile\"><b>").append(esc(value)).append("</b><span>").append(esc(what)).append("</span></div>");
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
    }

    private static void cells(StringBuilder h, WeeklySummary.Count c) {
        if (c == null) {
            h.append("<td></td><td></td><td></td>");
            return;
        }
        h.append("<td>").append(esc(c.host())).append("</td><td>").append(c.alerts()).append("</td><td>").append(badge(c.worst()))
                .append("</td>");
    }

    static String badge(String severity) {
        return "<span class=\"sev\" style=\"background:" + COLOURS.getOrDefault(severity, "#999") + "\">" + esc(severity)
                + "</span>";
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
