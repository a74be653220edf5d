package io.vigil.model;

import java.time.Instant;
import java.util.List;

/**
 * One attempt to deliver one alert on one channel, written to
 * {@code vigil.notifications.v1}: the audit trail that proves how fast a breach was
 * notified ({@code latencyMs} = {@code sentAt - detectedAt}). {@code alertVersion} is the
 * alert record the notice carried ({@link #versionOf}). An alert record a suppression held back
 * is one record with outcome {@code suppressed} and {@code suppressedBy} the suppression's id:
 * withheld, never silently.
 */
public record NotificationAttempt(
        int v,
        String alertId,
        String alertType,
        String severity,
        String site,
        String route,
        String channel,
        String event,
        int attempt,
        String outcome,
        String error,
        Instant detectedAt,
        Instant sentAt,
        long latencyMs,
        String alertVersion,
        String suppressedBy) {

    public static final int VERSION = 1;

    /** An attempt that no suppression withheld. */
    public NotificationAttempt(int v, String alertId, String alertType, String severity, String site, String route,
                               String channel, String event, int attempt, String outcome, String error, Instant detectedAt,
                               Instant sentAt, long latencyMs, String alertVersion) {
        this(v, alertId, alertType, severity, site, route, channel, event, attempt, outcome, error, detectedAt, sentAt,
                latencyMs, alertVersion, null);
    }

    /** An attempt without the alert's version (written before it was recorded). */
    public NotificationAttempt(int v, String alertId, String alertType, String severity, String site, String route,
                               String channel, String event, int attempt, String outcome, String error, Instant detectedAt,
                               Instant sentAt, long latencyMs) {
        this(v, alertId, alertType, severity, site, route, channel, event, attempt, outcome, error, detectedAt, sentAt,
                latencyMs, null);
    }

    /**
     * Which record of an alert a notice carried: its status and {@code last_seen}. A restarted
     * notifier re-reads the records it had not committed; one whose version a channel already
     * delivered (the audit trail says so) is not sent to that channel again.
     */
    public static String versionOf(Alert a) {
        return a.status() + "@" + (a.lastSeen() == null ? "" : Long.toString(a.lastSeen().toEpochMilli()));
    }
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    /** Given up after the last attempt: the alert went to the dead-letter topic. */
    public static final String DEAD_LETTERED = "dead_lettered";
    /** Held back by the route's rate limit, to go out in the next digest. */
    public static final String DIGESTED = "digested";
    /** Someone acknowledged the alert (channel is who, event is how). */
    public static final String ACKNOWLEDGED = "acknowledged";
    /** Not sent: a suppression in force matched it ({@code suppressedBy} names which). */
    public static final String SUPPRESSED = "suppressed";

    public List<String> problems() {
        if (alertId == null) return List.of("alert_id is missing");
        if (channel == null) return List.of("channel is missing");
        return List.of();
    }
}
