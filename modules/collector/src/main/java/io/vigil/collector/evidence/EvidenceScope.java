package io.vigil.collector.evidence;

import io.vigil.model.Alert;
import java.util.regex.Pattern;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which packets an alert stands on: those of its hosts (its source, destination and targets
 * that are addresses) from {@code first_seen − margin} to {@code last_seen + margin}. When the
 * alert names two hosts or more, both ends of a packet must be among them — the scanner's
 * probes of its targets, the beacon's check-ins to its peer — so that no packet of a host the
 * alert does not name is handed over; with one host, all of that host's packets.
 *
 * @param hosts addresses as flows and alerts write them
 */
public record EvidenceScope(String alertId, Set<String> hosts, long fromNanos, long toNanos) {

    /** A minute either side: the start of a scan before its first counted probe, the end after its last. */
    public static final Duration MARGIN = Duration.ofSeconds(60);

    // what flows write: dotted IPv4 or IPv6 text; a pseudonym or a domain name is not an address
    private static final Pattern ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*");

    public static EvidenceScope of(Alert a, Duration margin) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String h : a.targets()) addIfAddress(hosts, h);
        addIfAddress(hosts, a.src());
        addIfAddress(hosts, a.dst());
        long from = nanos(a.firstSeen().minus(margin).getEpochSecond(), a.firstSeen().getNano());
        long to = nanos(a.lastSeen().plus(margin).getEpochSecond(), a.lastSeen().getNano());
        return new EvidenceScope(a.id(), Set.copyOf(hosts), from, to);
    }

    private static long nanos(long seconds, int nano) {
        return Math.multiplyExact(seconds, 1_000_000_000L) + nano;
    }

    private static void addIfAddress(Set<String> hosts, String s) {
        if (s != null && ADDRESS.matcher(s).matches()) hosts.add(s);
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
