package io.vigil.notifier;

import io.vigil.model.JsonSerde;
import io.vigil.model.Lifecycle;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Topics;
import io.vigil.runtime.Percentiles;
import io.vigil.runtime.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the audit trail ({@code vigil.notifications.v1}) back, and renders it for people: the
 * attempts as a table, and per channel how many notices went out and how fast.
 */
public final class AuditTrail {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private AuditTrail() {}

    /**
     * Every attempt written at or after {@code since} (the broker's append time), oldest first.
     * Reads no group offsets and commits none: reading the trail never disturbs anyone.
     */
    public static List<NotificationAttempt> read(Map<String, Object> clientProps, Topics topics, Instant since,
                                                 Predicate<NotificationAttempt> filter, Duration timeout) {
        TopicReader.Result<NotificationAttempt> r = TopicReader.readSince(clientProps, topics.notificationRecords(), since,
                timeout);
        if (r.skipped() > 0) log.warn("skipped invalid audit records topic={} count={}", topics.notifications(), r.skipped());
        List<NotificationAttempt> out = new ArrayList<>(r.values().stream().filter(filter).toList());
        out.sort(Comparator.comparing(NotificationAttempt::sentAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    /**
     * Reads audit records, turning one that is not valid into null (skipped by readers) with
     * a warning: a damaged record in the evidence must not hide the rest of it.
     */
    static Deserializer<NotificationAttempt> lenient() {
        return (topic, data) -> {
            try {
                return JsonSerde.notifications().deserialize(topic, data);
            } catch (SerializationException e) {
                log.warn("skipping an invalid audit record topic={} error={}", topic, e.getMessage());
                return null;
            }
        };
    }

    /** The attempts as a fixed-width table, one line each. */
    public static String table(List<NotificationAttempt> attempts) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SENT (UTC)", "ALERT", "TYPE", "SEV", "SITE", "ROUTE", "CHANNEL", "EVENT", "TRY", "OUTCOME",
                "LATENCY", "ERROR"});
        for (NotificationAttempt a : attempts) {
            rows.add(new String[] {a.sentAt() == null ? "-" : TIME.format(a.sentAt()), shortId(a.alertId()), dash(a.alertType()),
                    dash(a.severity()), dash(a.site()), dash(a.route()), dash(a.channel()), dash(a.event()),
                    a.attempt() == 0 ? "-" : Integer.toString(a.attempt()), dash(a.outcome()),
                    a.detectedAt() == null ? "-" : millis(a.latencyMs()), a.error() == null ? "" : clip(a.error(), 60)});
        }
        return render(rows);
    }

    /** Per channel: notices delivered, failed attempts, dead letters, and detection-to-delivery latency. */
    public static String summary(List<NotificationAttempt> attempts) {
        Map<String, List<NotificationAttempt>> byChannel = new LinkedHashMap<>();
        for (NotificationAttempt a : attempts) {
            if (NotificationAttempt.ACKNOWLEDGED.equals(a.outcome()) || "digest".equals(a.channel())) continue;
            byChannel.computeIfAbsent(a.channel(), k -> new ArrayList<>()).add(a);
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CHANNEL", "DELIVERED", "FAILED", "DEAD", "RAISED→SENT p50", "p99", "max"});
        for (var e : byChannel.entrySet()) {
            long delivered = e.getValue().stream().filter(a -> NotificationAttempt.DELIVERED.equals(a.outcome())).count();
            long failed = e.getValue().stream().filter(a -> NotificationAttempt.FAILED.equals(a.outcome())).count();
            long dead = e.getValue().stream().filter(a -> NotificationAttempt.DEAD_LETTERED.equals(a.outcome())).count();
            // Latency is for the first notice of an alert: updates and ends are measured from the
            // same detection, so they would only say how long the episode lasted.
            long[] lat = e.getValue().stream().filter(a -> NotificationAttempt.DELIVERED.equals(a.outcome())
                    && Lifecycle.RAISED.is(a.event()) && a.detectedAt() != null)
                    .mapToLong(NotificationAttempt::latencyMs).sorted().toArray();
            rows.add(new String[] {e.getKey(), Long.toString(delivered), Long.toString(failed), Long.toString(dead),
                    lat.length == 0 ? "-" : millis(Percentiles.nearestRank(lat, 0.50)), lat.length == 0 ? "-" : millis(Percentiles.nearestRank(lat, 0.99)),
                    lat.length == 0 ? "-" : millis(lat[lat.length - 1])});
        }
        long acks = attempts.stream().filter(a -> NotificationAttempt.ACKNOWLEDGED.equals(a.outcome())).count();
        return render(rows) + (acks == 0 ? "" : acks + " acknowledgement(s)\n");
    }

    static String millis(long ms) {
        if (ms < 10_000) return ms + " ms";
        if (ms < 600_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        return String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
    }

    private static String shortId(String id) {
        return id == null ? "-" : id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    private static String clip(String s, int n) {
        String one = s.replace('\n', ' ');
        return one.length() <= n ? one : one.substring(0, n - 1) + "…";
    }

    private static String render(List<String[]> rows) {
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) line.append(" ".repeat(w[i] - r[i].length() + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
