package io.vigil.detector.peer;

import io.vigil.detector.episode.Episodes;
import io.vigil.detector.episode.Text;
import io.vigil.detector.message.PeerEvent;
import io.vigil.detector.spi.Thresholds;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code exfiltration}: data leaving a host, one alert per host and destination. Two ways in:
 * the host's upload crossed its baseline's limit on a horizon (a minute, ten minutes, an hour),
 * or much went to one destination that no other host of the site has used in the prevalence
 * window, which is reported while the host's own baseline still warms up. A destination the
 * site's hosts commonly use (cloud storage everyone uses) lowers a baseline crossing to
 * {@code medium}; the same host beaconing to the destination makes it exfiltration over the
 * command channel (T1041).
 */
record ExfiltrationDetector(Episodes episodes) {

    void candidate(PeerEvent e, Prevalence.Use use, Thresholds t) {
        PeerEvent.Upload u = e.upload();
        boolean novel = use.novel(t.get(Prevalence.THRESHOLDS).commonHosts());
        if ("novel".equals(u.reason()) && !novel) return; // a destination others use: the baseline judges it
        boolean common = use.users() >= t.get(Prevalence.THRESHOLDS).commonHosts();
        boolean beacon = episodes.isOpen(AlertType.BEACONING, e.site(), e.host() + "|" + e.peer());
        double score = "novel".equals(u.reason()) ? (double) u.peerBytes() / u.limit() : (double) u.hostBytes() / u.limit();
        Severity sev = score >= 10 ? Severity.CRITICAL : common ? Severity.MEDIUM : Severity.HIGH;
        String window = u.horizonMinutes() == 1 ? "one minute" : u.horizonMinutes() + " minutes";
        String usual = !u.warm()
                ? "its baseline is still warming up (" + Text.minutes(u.historyMinutes()) + " of history)"
                : String.format("its usual is %s a minute%s (spread %s, %s of history)", Text.mb((long) u.baselineMean()),
                        u.seasonal() ? " at this hour of the week" : "", Text.mb((long) u.baselineSpread()),
                        Text.minutes(u.historyMinutes()));
        String where = novel ? String.format("%s, a destination no other host of the site has used in the last %d days",
                e.peer(), t.get(Prevalence.THRESHOLDS).window().toDays())
                : common ? String.format("%s, which %d hosts of the site use", e.peer(), use.users()) : e.peer();
        String summary = "novel".equals(u.reason())
                ? String.format("%s sent %s in %s (and received %s) to %s; %s. If no upload was planned, isolate "
                        + "the host and find out what it sent.", e.host(), Text.mb(u.peerBytes()), window,
                        Text.mb(u.peerDownload()), where, usual)
                : String.format("%s sent %s to the internet in %s, mostly to %s; %s. If no backup or upload was "
                        + "planned, isolate the host and find out what it sent.", e.host(), Text.mb(u.hostBytes()), window,
                        where, usual);
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("reason", u.reason());
        ev.put("horizon_minutes", u.horizonMinutes());
        ev.put("bytes_to_peer", u.peerBytes());
        if ("novel".equals(u.reason())) ev.put("bytes_from_peer", u.peerDownload());
        ev.put("host_bytes_sent", u.hostBytes());
        ev.put("host_bytes_received", u.hostDownload());
        ev.put("limit_bytes", u.limit());
        ev.put("baseline_mean_bytes", Math.round(u.baselineMean()));
        ev.put("baseline_spread_bytes", Math.round(u.baselineSpread()));
        ev.put("history_minutes", u.historyMinutes());
        ev.put("seasonal", u.seasonal());
        ev.put("site_hosts_using_peer", use.users());
        ev.put("peer_new_to_site", novel);
        ev.put("top_peers", u.topPeers().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue())
                .collect(Collectors.toList()));
        List<String> attack = beacon ? List.of(Attack.EXFIL_OVER_C2) : List.of(Attack.EXFIL_OVER_ALTERNATIVE_PROTOCOL);
        episodes.observe(e.host() + "|" + e.peer(), e.time(), new Episodes.Draft(AlertType.EXFILTRATION, e.site(),
                e.host(), e.peer(), List.copyOf(u.topPeers().isEmpty() ? List.of(e.peer()) : u.topPeers().keySet()),
                u.firstSeen(), score, "novel".equals(u.reason()) ? u.peerBytes() : u.hostBytes(),
                new Alert.Baseline(u.baselineMean() * u.horizonMinutes(), u.baselineSpread(), u.historyMinutes()), sev,
                summary, ev, attack));
    }
}
