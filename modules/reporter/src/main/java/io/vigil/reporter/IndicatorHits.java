package io.vigil.reporter;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Direction;
import io.vigil.model.Severity;
import io.vigil.model.WeeklySummary;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The week's threat indicator hits: {@code threat_intel} alerts grouped by the indicator they
 * matched, worst first, for the summary and its page. A manager reads "which published threats
 * reached us, and which machines were involved" without reading every alert.
 */
final class IndicatorHits {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.UK)
            .withZone(ZoneOffset.UTC);

    private IndicatorHits() {}

    static List<WeeklySummary.IndicatorHit> build(List<Alert> weekAlerts) {
        Map<String, List<Alert>> byIndicator = new LinkedHashMap<>();
        for (Alert a : weekAlerts) {
            if (a.type() != AlertType.THREAT_INTEL || a.evidence() == null) continue;
            Object key = a.evidence().get("indicator");
            if (key != null) byIndicator.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(a);
        }
        List<WeeklySummary.IndicatorHit> out = new ArrayList<>();
        byIndicator.forEach((key, alerts) -> {
            Alert first = alerts.get(0);
            Map<String, Object> e = first.evidence();
            TreeSet<String> hosts = new TreeSet<>(), how = new TreeSet<>();
            Severity worst = Severity.INFO;
            Instant from = first.firstSeen(), to = first.lastSeen();
            for (Alert a : alerts) {
                boolean inbound = Direction.INBOUND.wire().equals(a.evidence().get("direction"));
                hosts.add(inbound ? a.dst() : a.src());
                String ways = String.valueOf(a.evidence().get("how"));
                if (inbound) how.add("reached from it");
                else {
                    if (ways.contains("connection")) how.add("connected");
                    if (ways.contains("lookup")) how.add("looked up");
                }
                if (a.severity().compareTo(worst) > 0) worst = a.severity();
                if (a.firstSeen().isBefore(from)) from = a.firstSeen();
                if (a.lastSeen().isAfter(to)) to = a.lastSeen();
            }
            out.add(new WeeklySummary.IndicatorHit(key, text(e.get("source")), e.get("confidence") instanceof Number n
                    ? n.intValue() : 0, text(e.get("reference")), text(e.get("description")), List.copyOf(hosts),
                    alerts.size(), worst.wire(), from, to, List.copyOf(how)));
        });
        out.sort(Comparator.comparing((WeeklySummary.IndicatorHit h) -> Severity.parse(h.worst())).reversed()
                .thenComparing(h -> -h.hosts().size()).thenComparing(WeeklySummary.IndicatorHit::indicator));
        return out;
    }

    /** The page's section; nothing at all in a week without hits (most weeks). */
    static String html(List<WeeklySummary.IndicatorHit> hits) {
        if (hits == null || hits.isEmpty()) return "";
        StringBuilder h = new StringBuilder("<h2>Threat indicators seen</h2><table><tr><th>Worst</th><th>Indicator</th>")
                .append("<th>Listed by</th><th>Site hosts</th><th>How</th><th>When</th></tr>");
        for (WeeklySummary.IndicatorHit x : hits) {
            String listed = ReportHtml.esc(x.source()) + " (confidence " + x.confidence() + ")"
                    + (x.description().isEmpty() ? "" : "<br><span class=\"muted\">" + ReportHtml.esc(x.description()) + "</span>");
            String ref = x.reference().startsWith("https://")
                    ? " <a href=\"" + ReportHtml.esc(x.reference()) + "\">bulletin</a>" : "";
            h.append("<tr><td>").append(ReportHtml.badge(x.worst())).append("</td><td><code>").append(ReportHtml.esc(x.indicator()))
                    .append("</code></td><td>").append(listed).append(ref).append("</td><td>")
                    .append(ReportHtml.esc(String.join(", ", x.hosts()))).append("</td><td>")
                    .append(ReportHtml.esc(String.join(", ", x.how()))).append("</td><td>")
                    .append(TIME.format(x.firstSeen()).replace(" ", "&nbsp;")).append(" to ")
                    .append(TIME.format(x.lastSeen()).replace(" ", "&nbsp;")).append("</td></tr>");
        }
        return h.append("</table>").toString();
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }
}
