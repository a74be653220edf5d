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
        List<IndicatorHit> indicatorHits,
        Notification notification,
        Traffic traffic,
        Evidence evidence,
        String lead,
        Triage triage) {

    public static final int VERSION = 1;

    /** This summary with its plain-English lead paragraph. */
    public WeeklySummary withLead(String text) {
        return new WeeklySummary(v, site, week, from, to, alerts, previousWeekAlerts, bySeverity, byType, byTechnique, days,
                topSources, topTargets, notable, indicatorHits, notification, traffic, evidence, text, triage);
    }

    /**
     * What people did with the week's alerts and how the site's suppressions fared, from the
     * triage and suppression topics; null when those were not read (a report from a file).
     */
    public record Triage(List<TypeTriage> byType, List<SuppressionUse> suppressions) {}

    /**
     * One alert type's week: alerts, how many were closed with each verdict, precision (true
     * positives over true plus false positives; null when none of either), the median from
     * detection to someone taking it, and how many a suppression held back.
     */
    public record TypeTriage(String type, long alerts, Map<String, Long> verdicts, Double precision, Long medianAckMs,
                             long suppressed) {}

    /**
     * A suppression of the site in force at some time in the week: its scope in words, why, whose,
     * until when, the alerts it held back in the week and the last of them, and whether it ends
     * in the seven days after the report (someone should decide whether to renew it).
     */
    public record SuppressionUse(String id, String scope, String reason, String owner, Instant expiresAt, String state,
                                 long hits, Instant lastHit, boolean expiresSoon) {}

    /**
     * What an auditor asks of the Internet First standards, for the week: the busiest minute
     * and hour against the site's provisioned link (connectivity: sized for the traffic), the
     * collectors' uptime and silent periods (resilience: the edge was watched), and how the
     * connections crossing the edge were protected (TLS 1.2+). Parts without figures are null
     * or empty.
     */
    public record Evidence(Capacity capacity, List<Peak> busiest, List<Collector> collectors, Scorecard tls) {}

    /** The site's provisioned internet link, bits per second each way. */
    public record Capacity(long uploadBps, long downloadBps) {}

    /**
     * The busiest {@code window} ("minute" or "hour") in one {@code direction} ("upload" or
     * "download"): when, its mean rate, and that rate as a percentage of the provisioned link.
     */
    public record Peak(String window, String direction, Instant at, long bitsPerSecond, Double percentOfCapacity) {}

    /**
     * One collector's week: the share of the time it was heard from (heartbeats no further
     * apart than the silence limit), its heartbeats, and each silent period.
     */
    public record Collector(String id, double uptimePercent, long heartbeats, List<Silence> silences) {}

    /** A period in which a collector sent no heartbeat. */
    public record Silence(Instant from, Instant to, long seconds) {}

    /**
     * Connections that crossed the edge, by protection: TLS 1.3, TLS 1.2, older TLS or SSL,
     * and readable protocols; {@code modernPercent} is the TLS 1.2+ share of them.
     */
    public record Scorecard(long tls13, long tls12, long older, long cleartext, Double modernPercent) {}

    /** Alerts raised on one day, by severity. */
    public record Day(LocalDate date, Map<String, Long> bySeverity) {}

    /** A host and how many alerts named it, with the worst severity among them. */
    public record Count(String host, long alerts, String worst) {}

    /**
     * One threat indicator the site's traffic touched in the week ({@code threat_intel} alerts
     * grouped by indicator): who lists it and how sure they are, the site's hosts involved, the
     * worst severity, and whether hosts connected, looked it up, or were reached from it.
     */
    public record IndicatorHit(String indicator, String source, int confidence, String reference, String description,
                               List<String> hosts, long alerts, String worst, Instant firstSeen, Instant lastSeen,
                               List<String> how) {}

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
