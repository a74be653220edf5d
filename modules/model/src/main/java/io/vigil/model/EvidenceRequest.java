package io.vigil.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request for the packets behind one alert, on {@code vigil.evidence-requests.v1} keyed by the
 * alert id. The detector writes a {@code cut} for each alert it emits, so the collector of the
 * alert's site keeps the packets before its ring wraps; a person writes a {@code fetch} (console
 * or {@code vigil evidence get}) and that collector answers on {@code vigil.evidence.v1}. The
 * request carries what the cut needs (site, hosts, window), so a collector reads no alerts.
 * Append-only and kept as long as the alerts: who asked for which alert's packets, and when.
 *
 * @param id          unique per request; an answer names it
 * @param kind        {@code cut} (keep them) or {@code fetch} (keep them and send them)
 * @param alertStatus the alert's status when the request was made: a collector cuts an alert once
 *                    while it is active and again when it has ended (its window is then whole)
 * @param hosts       the addresses (or pseudonyms) the alert names; both ends of a packet must be
 *                    among them when there are two or more
 * @param from        the window's start: the alert's first_seen less a minute
 * @param to          the window's end: its last_seen plus a minute
 * @param by          who asked: a console user, an operating-system user, or {@code detector}
 * @param via         {@code detector}, {@code console} or {@code cli}
 */
public record EvidenceRequest(int v, String id, String kind, String alertId, String alertStatus, String site,
                              List<String> hosts, Instant from, Instant to, String by, Instant at, String via) {

    public static final int VERSION = 1;
    public static final String CUT = "cut", FETCH = "fetch";
    /** Each collector reads the requests in a consumer group of its own: this and its id. */
    public static final String GROUP_PREFIX = "vigil-evidence-";
    /** A minute either side: the start of a scan before its first counted probe, the end after its last. */
    public static final Duration MARGIN = Duration.ofSeconds(60);

    // what flows write: dotted IPv4, IPv6 text, or the pseudonym of an internal address
    private static final Pattern HOST = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*|ip-[0-9a-f]{16}");

    public EvidenceRequest {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    /** A request about {@code a}: its hosts that are addresses, its window widened by {@link #MARGIN}. */
    public static EvidenceRequest about(Alert a, String id, String kind, String by, Instant at, String via) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String h : a.targets() == null ? List.<String>of() : a.targets()) addIfHost(hosts, h);
        addIfHost(hosts, a.src());
        addIfHost(hosts, a.dst());
        return new EvidenceRequest(VERSION, id, kind, a.id(), a.status(), a.site(), List.copyOf(hosts),
                a.firstSeen().minus(MARGIN), a.lastSeen().plus(MARGIN), by, at, via);
    }

    /** Whether {@code s} names a host a packet can be cut by (not a domain name, not a site). */
    public static boolean isHost(String s) {
        return s != null && HOST.matcher(s).matches();
    }

    private static void addIfHost(Set<String> hosts, String s) {
        if (isHost(s)) hosts.add(s);
    }

    /** An alert that names no host (a silent collector) has no packets to cut. */
    public boolean empty() {
        return hosts.isEmpty();
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (v != VERSION) p.add("unsupported version v=" + v);
        if (id == null || id.isBlank()) p.add("id is missing");
        if (!CUT.equals(kind) && !FETCH.equals(kind)) p.add("kind '" + kind + "' is not cut or fetch");
        if (alertId == null || alertId.isBlank()) p.add("alert_id is missing");
        if (site == null || site.isBlank()) p.add("site is missing");
        if (from == null || to == null) p.add("from/to missing");
        else if (to.isBefore(from)) p.add("to " + to + " is before from " + from);
        if (at == null) p.add("at is missing");
        if (hosts.size() > 1000) p.add(hosts.size() + " hosts");
        for (String h : hosts) {
            if (!isHost(h)) {
                p.add("host '" + (h == null ? "null" : h.length() > 60 ? h.substring(0, 60) + "…" : h) + "' is not an address");
                break;
            }
        }
        return p;
    }
}
