package io.vigil.reporter;

import io.vigil.model.WeeklySummary;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The report's opening paragraph in plain English, for a manager who reads nothing else: what
 * was raised and what needs a look, whether people were told in time, whether the link was
 * big enough, whether the edge was watched all week, and how much of its traffic was
 * protected by TLS 1.2 or newer.
 */
public final class Lead {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.UK)
            .withZone(ZoneOffset.UTC);

    private Lead() {}

    /** @param trailRead whether the audit trail was read (offline reports have none to judge by) */
    public static String write(WeeklySummary s, boolean trailRead) {
        StringBuilder b = new StringBuilder();
        b.append(alerts(s));
        b.append(indicators(s.indicatorHits()));
        if (trailRead) b.append(notification(s));
        WeeklySummary.Evidence e = s.evidence();
        if (e != null) {
            b.append(link(e));
            b.append(watched(e.collectors()));
            b.append(tls(e.tls()));
        }
        return b.toString().trim();
    }

    private static String alerts(WeeklySummary s) {
        if (s.alerts() == 0) {
            return "Vigil raised no alerts for " + s.site() + " in week " + s.week() + " (" + s.previousWeekAlerts()
                    + " the week before). ";
        }
        long serious = s.bySeverity().getOrDefault("critical", 0L) + s.bySeverity().getOrDefault("high", 0L);
        StringBuilder b = new StringBuilder("Vigil raised " + s.alerts() + " alert" + plural(s.alerts()) + " for " + s.site()
                + " in week " + s.week() + " (" + s.previousWeekAlerts() + " the week before). ");
        if (serious == 0) return b.append("None was high or critical. ").toString();
        b.append(serious).append(serious == 1 ? " was" : " were").append(" high or critical and need").append(serious == 1 ? "s" : "")
                .append(" a look: ");
        List<WeeklySummary.Line> top = s.notable().stream()
                .filter(l -> "high".equals(l.severity()) || "critical".equals(l.severity())).limit(3).toList();
        for (int i = 0; i < top.size(); i++) {
            WeeklySummary.Line l = top.get(i);
            b.append(i == 0 ? "" : i == top.size() - 1 ? " and " : ", ").append(l.type().replace('_', ' '));
            if (l.src() != null) b.append(" from ").append(l.src());
            if (l.dst() != null) b.append(" to ").append(l.dst());
        }
        return b.append(serious > top.size() ? ", among others. " : ". ").toString();
    }

    private static String indicators(List<WeeklySummary.IndicatorHit> hits) {
        if (hits == null || hits.isEmpty()) return "";
        long hosts = hits.stream().flatMap(h -> h.hosts().stream()).distinct().count();
        WeeklySummary.IndicatorHit worst = hits.get(0);
        return hits.size() + " published threat indicator" + plural(hits.size()) + " (" + worst.source()
                + (hits.size() > 1 ? " and others" : "") + ") matched traffic of " + hosts + " host" + plural(hosts)
                + "; see \"Threat indicators seen\". ";
    }

    private static String notification(WeeklySummary s) {
        WeeklySummary.Notification n = s.notification();
        if (n.raised() == 0) return "";
        String speed = n.p50Ms() == null ? "" : ", the median " + ReportHtml.duration(n.p50Ms()) + " after detection";
        String head = n.delivered() == n.raised() ? (n.raised() == 1 ? "It was" : "All were") + " notified" + speed + ". "
                : n.delivered() + " of " + n.raised() + " were notified" + speed + ". ";
        return head + (n.deadLettered() > 0 ? n.deadLettered() + " notification" + plural(n.deadLettered())
                + " could not be delivered and " + (n.deadLettered() == 1 ? "was" : "were") + " given up. " : "");
    }

    private static String link(WeeklySummary.Evidence e) {
        WeeklySummary.Peak up = find(e.busiest(), "hour", "upload"), down = find(e.busiest(), "hour", "download");
        WeeklySummary.Peak upMin = find(e.busiest(), "minute", "upload"), downMin = find(e.busiest(), "minute", "download");
        if (up == null) return "";
        if (up.percentOfCapacity() == null) {
            return "The busiest hour sent " + rate(up.bitsPerSecond()) + " and received " + rate(down.bitsPerSecond())
                    + " on average; set the site's provisioned capacity to compare them with the link. ";
        }
        double worstMinute = Math.max(upMin.percentOfCapacity(), downMin.percentOfCapacity());
        String verdict = worstMinute > 100 ? ", more than the link is recorded to carry: check the site's capacity setting"
                : worstMinute >= 80 ? ", close to the link's limit" : "";
        return String.format(Locale.ROOT, "The busiest hour used %s%% of the upload link and %s%% of the download; the "
                + "busiest minute %s%%%s. ", pct(up.percentOfCapacity()), pct(down.percentOfCapacity()), pct(worstMinute),
                verdict);
    }

    private static String watched(List<WeeklySummary.Collector> collectors) {
        if (collectors == null) return "";
        if (collectors.isEmpty()) return "No collector was heard from this week: the edge was not watched. ";
        StringBuilder b = new StringBuilder();
        for (WeeklySummary.Collector c : collectors) {
            b.append("The collector ").append(c.id()).append(" was heard from ").append(pct(c.uptimePercent()))
                    .append("% of the week");
            if (c.silences().isEmpty()) {
                b.append(" with no silent period. ");
            } else {
                WeeklySummary.Silence longest = c.silences().stream()
                        .max(Comparator.comparingLong(WeeklySummary.Silence::seconds)).orElseThrow();
                b.append(" (").append(c.silences().size()).append(" silent period").append(plural(c.silences().size()))
                        .append(", the longest ").append(ReportHtml.duration(longest.seconds() * 1000)).append(" from ")
                        .append(WHEN.format(longest.from())).append("). ");
            }
        }
        return b.toString();
    }

    private static String tls(WeeklySummary.Scorecard t) {
        if (t == null) return "";
        long total = t.tls13() + t.tls12() + t.older() + t.cleartext();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Of %,d connections across the edge whose protection "
                + "Vigil could see, %s%% used TLS 1.2 or newer", total, pct(t.modernPercent())));
        if (t.older() + t.cleartext() == 0) return b.append(". ").toString();
        b.append("; ").append(t.older()).append(" used an older TLS or SSL and ").append(t.cleartext())
                .append(" carried their content readable (see insecure protocols). ");
        return b.toString();
    }

    private static WeeklySummary.Peak find(List<WeeklySummary.Peak> peaks, String window, String direction) {
        return peaks.stream().filter(p -> p.window().equals(window) && p.direction().equals(direction)).findFirst().orElse(null);
    }

    static String rate(long bps) {
        if (bps >= 1_000_000_000) return String.format(Locale.ROOT, "%.1f Gbit/s", bps / 1e9);
        if (bps >= 1_000_000) return String.format(Locale.ROOT, "%.1f Mbit/s", bps / 1e6);
        if (bps >= 1_000) return String.format(Locale.ROOT, "%.0f kbit/s", bps / 1e3);
        return bps + " bit/s";
    }

    static String pct(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
