package io.vigil.detector.peer;

import io.vigil.detector.episode.Episodes;
import io.vigil.detector.episode.Text;
import io.vigil.detector.host.BeaconCandidates;
import io.vigil.detector.message.PeerEvent;
import io.vigil.detector.spi.Thresholds;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code beaconing}: an internal host contacts one outside peer on a timer (the host stage
 * measured the rhythm; see {@code BeaconCandidates}). Weighed by the peer's prevalence: a peer
 * is {@code medium}, {@code high} when no other host of the site uses it and the score is
 * strong (0.8); a peer new to the site (see {@link Prevalence.Use#novel}) is judged on fewer
 * repetitions ({@code beaconing.rare-share}); check-ins inside one kept-open connection to a
 * network two other hosts use too are a service's keep-alive more likely, and {@code low}; one that
 * {@code prevalence.common-hosts} hosts use is fleet software more likely than a controller,
 * and is reported {@code low}.
 */
record BeaconingDetector(Episodes episodes) {

    void candidate(PeerEvent e, Prevalence.Use use, Thresholds t) {
        PeerEvent.Beacon b = e.beacon();
        int commonHosts = t.get(Prevalence.THRESHOLDS).commonHosts();
        // Fewer repetitions are enough to a peer new to the site; any other waits for the full count.
        boolean novel = use.novel(commonHosts);
        BeaconCandidates.Config cfg = t.get(BeaconCandidates.THRESHOLDS);
        int needed = novel ? cfg.requiredRare(b.periodMs()) : cfg.required(b.periodMs());
        if (b.intervals() < needed) return;
        boolean common = use.users() >= commonHosts;
        // Check-ins inside one kept-open connection: most contacts were its bursts, not new connections.
        boolean inside = b.inFlow() * 2 > b.connections();
        // A connection kept alive by pings to a network two or more other hosts use is a service's (chat,
        // meetings, push); one other host in a cloud provider's /24 says little.
        boolean sharedService = inside && use.otherHostsOfNetwork() >= 2;
        Severity sev = common || sharedService ? Severity.LOW
                : use.rare() && b.score() >= 0.8 ? Severity.HIGH : Severity.MEDIUM;
        double period = b.periodMs() / 1000;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("period_seconds", Math.round(period * 10) / 10.0);
        ev.put("jitter_seconds", Math.round(b.madMs() / 100) / 10.0);
        ev.put("jitter_share", Math.round(b.madMs() / b.periodMs() * 100) / 100.0);
        ev.put("bowley_skew", Math.round(b.bowley() * 100) / 100.0);
        ev.put("intervals", b.intervals());
        ev.put("intervals_needed", needed);
        ev.put("connections", b.connections());
        if (b.inFlow() > 0) ev.put("checkins_inside_a_connection", b.inFlow());
        ev.put("bytes_per_contact", Math.round(b.medianBytes()));
        ev.put("bytes_spread", Math.round(b.bytesMad()));
        ev.put("beacon_score", Math.round(b.score() * 100) / 100.0);
        ev.put("service", b.service());
        if (b.app() != null) ev.put("app", b.app());
        ev.put("recent_intervals_seconds", b.recentSeconds());
        ev.put("site_hosts_using_peer", use.users());
        ev.put("site_hosts_using_network", use.otherHostsOfNetwork() + 1);
        ev.put("peer_first_seen_at_site", Instant.ofEpochMilli(use.firstSeen()).toString());
        String who = common ? String.format("; %d hosts of the site use this peer, so fleet software (updates, "
                + "telemetry) is likelier than a controller", use.users())
                : sharedService ? String.format("; %d other hosts of the site use its network, so a service keeping "
                + "its connection alive (chat, meetings, push) is likelier than a controller", use.otherHostsOfNetwork())
                : use.rare() ? "; no other host of the site uses this peer" : "";
        String summary = String.format("%s contacts %s (%s%s) every %s (±%s, %d times so far, about %s each%s)%s: the "
                        + "rhythm of malware calling its controller. Find the process making the connections.", e.host(),
                e.peer(), b.service(), b.app() == null ? "" : ", " + b.app(), Text.period(period),
                Text.period(b.madMs() / 1000), b.connections(), Text.mb(Math.round(b.medianBytes())),
                inside ? ", inside one connection it keeps open" : "", who);
        episodes.observe(e.host() + "|" + e.peer(), e.time(), new Episodes.Draft(AlertType.BEACONING, e.site(),
                e.host(), e.peer(), List.of(e.peer()), b.firstSeen(), b.score() / t.get(BeaconCandidates.THRESHOLDS).minScore(), period,
                new Alert.Baseline(t.get(BeaconCandidates.THRESHOLDS).minScore(), b.madMs() / 1000, b.intervals()), sev, summary, ev,
                techniques(b)));
    }

    /** Web protocols (and an encrypted channel over TLS), DNS, or a protocol of its own. */
    static List<String> techniques(PeerEvent.Beacon b) {
        String app = b.app() == null ? "" : b.app();
        if (app.equals("tls") || b.service().endsWith("/443")) return List.of(Attack.WEB_PROTOCOLS, Attack.ENCRYPTED_CHANNEL);
        if (app.equals("http") || b.service().endsWith("/80")) return List.of(Attack.WEB_PROTOCOLS);
        if (app.equals("dns")) return List.of(Attack.DNS);
        if (app.isEmpty()) return List.of(Attack.NON_APPLICATION_LAYER_PROTOCOL);
        return List.of(Attack.APPLICATION_LAYER_PROTOCOL);
    }
}
