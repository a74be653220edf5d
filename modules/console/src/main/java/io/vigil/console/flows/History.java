package io.vigil.console.flows;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.FlowRecord;
import io.vigil.model.Suppression;
import java.util.HashSet;
import java.util.Set;

/**
 * The measure an alert was judged on, for its host, ten minutes a bar over the hours before
 * it and through it, counted from the host's flows as they stream past: distinct ports for a
 * scan, distinct hosts for a sweep, half-open attempts for a flood, sessions to the attacked
 * service for password guessing, bytes sent for data leaving or unusual volume, contacts with
 * the peer for beaconing, DNS names asked for a tunnel, and flows for the rest.
 */
public final class History {

    private final AlertType type;
    private final String entity;
    private final String peer;
    private final Integer port;
    private final long from, to;
    private final double[] values;
    private final Set<String>[] distinct;

    @SuppressWarnings("unchecked")
    History(Alert a, long from, long to) {
        this.type = a.type();
        this.entity = a.src() != null ? a.src() : a.dst();
        this.peer = a.src() != null ? a.dst() : null;
        this.port = Suppression.portOf(a);
        this.from = from;
        this.to = to;
        int n = (int) Math.max(1, (to - from + FlowFinder.BUCKET.toMillis() - 1) / FlowFinder.BUCKET.toMillis());
        this.values = new double[n];
        this.distinct = new Set[n];
    }

    void add(FlowRecord f) {
        if (f.start() < from || f.start() > to) return;
        boolean out = entity.equals(f.srcIp()), in = entity.equals(f.dstIp());
        if (!out && !in) return;
        int b = (int) ((f.start() - from) / FlowFinder.BUCKET.toMillis());
        if (b >= values.length) return;
        switch (type) {
            case PORT_SCAN -> {
                if (out) distinct(b).add(f.dstIp() + ":" + f.dstPort());
            }
            case HOST_SWEEP -> {
                if (out) distinct(b).add(f.dstIp());
            }
            case SYN_FLOOD -> {
                if (in && !"established".equals(f.tcpState())) values[b]++;
            }
            case BRUTE_FORCE -> {
                if (out && (port == null || f.dstPort() == port)) values[b]++;
            }
            case EXFILTRATION, VOLUME_ANOMALY -> values[b] += out ? f.bytesOut() : f.bytesIn();
            case BEACONING -> {
                if (out && (peer == null || peer.equals(f.dstIp()))) values[b]++;
            }
            case DNS_TUNNEL -> {
                if (out && f.dns() != null && f.dns().queries() != null) f.dns().queries().forEach(q -> distinct(b).add(q.name()));
            }
            default -> values[b]++;
        }
    }

    private Set<String> distinct(int b) {
        if (distinct[b] == null) distinct[b] = new HashSet<>();
        return distinct[b];
    }

    /** The measure of each bar, oldest first. */
    public double[] values() {
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) if (distinct[i] != null) v[i] = distinct[i].size();
        return v;
    }

    /** When the first bar starts (epoch ms). */
    public long from() {
        return from;
    }

    /** What a bar counts, in words. */
    public String measure() {
        return switch (type) {
            case PORT_SCAN -> "distinct ports probed";
            case HOST_SWEEP -> "hosts probed";
            case SYN_FLOOD -> "half-open connection attempts";
            case BRUTE_FORCE -> "sessions to the service";
            case EXFILTRATION, VOLUME_ANOMALY -> "bytes";
            case BEACONING -> "contacts with the peer";
            case DNS_TUNNEL -> "DNS names asked";
            default -> "flows";
        };
    }

    public boolean bytes() {
        return type == AlertType.EXFILTRATION || type == AlertType.VOLUME_ANOMALY;
    }

    /** Whose measure it is. */
    public String entity() {
        return entity;
    }
}
