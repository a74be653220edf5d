package io.vigil.collector.evidence;

import io.vigil.model.Alert;
import io.vigil.model.EvidenceRequest;
import java.time.Instant;
import java.util.Set;

/**
 * Which packets an alert stands on: those of its hosts (its source, destination and targets
 * that are addresses) from {@code first_seen − margin} to {@code last_seen + margin}
 * ({@link EvidenceRequest#about}). When the alert names two hosts or more, both ends of a packet
 * must be among them — the scanner's probes of its targets, the beacon's check-ins to its peer —
 * so that no packet of a host the alert does not name is handed over; with one host, all of
 * that host's packets.
 *
 * @param hosts addresses as flows and alerts write them (pseudonyms where the collector makes them)
 */
public record EvidenceScope(String alertId, Set<String> hosts, long fromNanos, long toNanos) {

    /** The scope of {@code a}: what the detector's cut request for it would ask. */
    public static EvidenceScope of(Alert a) {
        return of(EvidenceRequest.about(a, a.id(), EvidenceRequest.CUT, "analyze", Instant.EPOCH, "cli"));
    }

    /** The scope a request asks for. */
    public static EvidenceScope of(EvidenceRequest r) {
        return new EvidenceScope(r.alertId(), Set.copyOf(r.hosts()), nanos(r.from()), nanos(r.to()));
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /** Whether a packet between {@code src} and {@code dst} at {@code tsNanos} is this alert's. */
    public boolean takes(long tsNanos, String src, String dst) {
        if (tsNanos < fromNanos || tsNanos > toNanos) return false;
        boolean s = hosts.contains(src), d = hosts.contains(dst);
        return hosts.size() >= 2 ? s && d : s || d;
    }

    /** An alert that names no address (a silent collector) has no packets. */
    public boolean empty() {
        return hosts.isEmpty();
    }
}
