package io.vigil.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The weekly anomaly summary of one site, as the reporter writes it (JSON beside the HTML):
 * what was raised in the ISO week {@code week} ({@code from} inclusive, {@code to} exclusive,
 * UTC, by the alerts' {@code raised_at}), how that compares with the week before, and how
 * fast people were told. {@code byTechnique} counts the alerts naming each MITRE ATT&CK
 * technique (an alert may name several), so a SOC can report the week by technique.
 */
public record WeeklySummary(
        int v,
        String site,
        String week,
        Instant from,
        Instant to,
        long alerts,
        long previousWeekAlerts,
        Map<String, Long> bySeverity,
        Map<String, Long> byType,
        Map<String, Long> byTechnique,
        List<Day> days,
        List<Count> topSources,
        List<Count> topTargets,
        List<Line> notable,
        Notification notification,
        Traffic traffic) {

    public static final int VERSION = 1;

    /** Alerts raised on one day, by severity. */
    public record Day(LocalDate date, Map<String, Long> bySeverity) {}

    /** A host and how many alerts named it, with the worst severity among them. */
    public record Count(String host, long alerts, String worst) {}

    /** One alert worth a manager's eye (high, critical, and insecure protocols). */
    public record Line(String id, String type, String severity, String src, String dst, Instant firstSeen,
                       Instant lastSeen, String status, String summary, String acknowledgedBy) {}

    /**
     * What crossed the site's internet edge, by hour (from the detector's minute figures):
     * totals, every hour of the week, and the busiest hours. Null when no figures were found.
     */
    public record Traffic(long sentBytes, long receivedBytes, List<Hour> hours, List<Hour> peaks) {}

    /** One hour at the edge. */
    public record Hour(Instant hour, long sentBytes, long receivedBytes, long connections) {}

    /**
     * How the week's alerts were notified: how many reached a channel, detection to first
     * delivery (p50, p99, max), how many were acknowledged and how soon, what was given up.
     */
    public record Notification(long raised, long delivered, Long p50Ms, Long p99Ms, Long maxMs, long acknowledged,
                               Long medianAckMs, long deadLettered) {}
}
