package io.vigil.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One anomaly episode, as written to {@code vigil.alerts.v1} keyed by {@link #id()}. The id
 * is deterministic (type, site, source, episode start), so a re-emitted or updated alert is
 * the same record: consumers treat a second record with the same id as an update.
 *
 * <p>{@code firstSeen}/{@code lastSeen} are the attack's extent in event time; {@code raisedAt}
 * is the event time at which the detector first raised it (time to detect is
 * {@code raisedAt - firstSeen}); {@code detectedAt} is the wall clock at that moment.
 * {@code status} is {@code active} while the episode goes on and {@code ended} once it is over.
 * {@code attack} lists the MITRE ATT&CK technique ids the alert indicates (e.g. {@code T1046},
 * {@code T1071.004}), so a SOC's tools can sort and report by technique; empty when the alert
 * is about a weakness or an outage rather than an adversary's technique.
 */
public record Alert(
        int v,
        String id,
        AlertType type,
        Severity severity,
        String status,
        String site,
        String src,
        String dst,
        List<String> targets,
        Instant firstSeen,
        Instant lastSeen,
        Instant raisedAt,
        Instant detectedAt,
        double score,
        double observed,
        Baseline baseline,
        String summary,
        Map<String, Object> evidence,
        List<String> attack) {

    public static final int VERSION = 1;
    public static final String ACTIVE = "active";
    public static final String ENDED = "ended";

    /** What the detector expected: centre, spread and how many samples it rests on. */
    public record Baseline(double mean, double spread, long samples) {}

    /** Never null on the wire or in code: a record written before the field existed has none. */
    public Alert {
        attack = attack == null ? List.of() : attack;
    }

    /**
     * The times an alert may carry: after the epoch (a clock never set) and before 2200. A
     * historical capture (1999) raises alerts like today's.
     */
    static final Instant EARLIEST = Instant.EPOCH.plusMillis(1), LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private static void time(List<String> p, String field, Instant t) {
        if (t != null && (t.isBefore(EARLIEST) || t.isAfter(LATEST))) p.add(field + " " + t + " is not a time a clock gives");
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (v != VERSION) p.add("unsupported version v=" + v);
        if (id == null || id.isBlank()) p.add("id is missing");
        if (type == null) p.add("type is missing");
        if (severity == null) p.add("severity is missing");
        if (site == null) p.add("site is missing");
        if (firstSeen == null || lastSeen == null) p.add("first_seen/last_seen missing");
        if (summary == null || summary.isBlank()) p.add("summary is missing");
        // Times no clock gives would overflow the notifier's arithmetic (a year -1 000 000 000 did).
        time(p, "first_seen", firstSeen);
        time(p, "last_seen", lastSeen);
        time(p, "raised_at", raisedAt);
        time(p, "detected_at", detectedAt);
        if (id != null && id.length() > 200) p.add("id of " + id.length() + " characters");
        if (site != null && site.length() > 128) p.add("site of " + site.length() + " characters");
        if (summary != null && summary.length() > 4000) p.add("summary of " + summary.length() + " characters");
        if (targets != null && targets.size() > 1000) p.add(targets.size() + " targets");
        if (!Double.isFinite(score) || !Double.isFinite(observed)) p.add("score and observed must be numbers");
        return p;
    }
}
