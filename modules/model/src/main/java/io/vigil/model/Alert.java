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

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (v != VERSION) p.add("unsupported version v=" + v);
        if (id == null || id.isBlank()) p.add("id is missing");
        if (type == null) p.add("type is missing");
        if (severity == null) p.add("severity is missing");
        if (site == null) p.add("site is missing");
        if (firstSeen == null || lastSeen == null) p.add("first_seen/last_seen missing");
        if (summary == null || summary.isBlank()) p.add("summary is missing");
        return p;
    }
}
