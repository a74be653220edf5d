package io.vigil.model;

import java.time.Instant;
import java.util.List;

/**
 * One attempt to deliver one alert on one channel, written to
 * {@code vigil.notifications.v1}: the audit trail that proves how fast a breach was
 * notified ({@code latencyMs} = {@code sentAt - detectedAt}).
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
        long latencyMs) {

    public static final int VERSION = 1;
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    /** Given up after the last attempt: the alert went to the dead-letter topic. */
    public static final String DEAD_LETTERED = "dead_lettered";
    /** Held back by the route's rate limit, to go out in the next digest. */
    public static final String DIGESTED = "digested";
    /** Someone acknowledged the alert (channel is who, event is how). */
    public static final String ACKNOWLEDGED = "acknowledged";

    public List<String> problems() {
        if (alertId == null) return List.of("alert_id is missing");
        if (channel == null) return List.of("channel is missing");
        return List.of();
    }
}
