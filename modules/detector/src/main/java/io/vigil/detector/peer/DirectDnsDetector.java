package io.vigil.detector.peer;

import io.vigil.detector.episode.Episodes;
import io.vigil.detector.episode.Text;
import io.vigil.detector.host.DnsTunnelDetector;
import io.vigil.detector.message.PeerEvent;
import io.vigil.detector.spi.Thresholds;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dns_tunnel} in direct mode: a host asks many encoded names straight of an outside
 * DNS server that is not a resolver of the site (dnscat2 without a domain). A server
 * {@code prevalence.common-hosts} of the site's hosts ask is a resolver the site uses, and the
 * names asked through it are the host stage's to judge, per domain.
 */
record DirectDnsDetector(Episodes episodes) {

    void candidate(PeerEvent e, Prevalence.Use use, Thresholds t) {
        if (use.otherDnsClients() + 1 >= t.get(Prevalence.THRESHOLDS).commonHosts()) return;
        PeerEvent.DnsServer d = e.dnsServer();
        DnsTunnelDetector.Config c = t.get(DnsTunnelDetector.THRESHOLDS);
        double score = (double) d.uniqueNames() / c.uniqueNames();
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("server", e.peer());
        ev.put("mode", "direct");
        ev.put("unique_names", d.uniqueNames());
        ev.put("queries", d.queries());
        ev.put("mean_name_length", Math.round(d.meanLength() * 10) / 10.0);
        ev.put("encoded_share", Math.round(d.encodedShare() * 100) / 100.0);
        ev.put("tunnel_type_share", Math.round(d.unusualTypeShare() * 100) / 100.0);
        ev.put("name_bytes", d.nameBytes());
        ev.put("sample_names", d.samples());
        ev.put("site_hosts_asking_server", use.otherDnsClients() + 1);
        String summary = String.format("%s asked %d different names (mean %.0f characters, %.0f%% encoded-looking, "
                        + "%s of names) straight of %s, a DNS server no resolver of the site is: a DNS tunnel in direct "
                        + "mode, such as dnscat2's. Block outbound DNS except from the site's resolvers, and examine the "
                        + "host.", e.host(), d.uniqueNames(), d.meanLength(), 100 * d.encodedShare(), Text.mb(d.nameBytes()),
                e.peer());
        episodes.observe(e.host() + "|" + e.peer(), e.time(), new Episodes.Draft(AlertType.DNS_TUNNEL, e.site(), e.host(),
                e.peer(), List.of(e.peer()), d.firstSeen(), score, d.uniqueNames(),
                new Alert.Baseline(c.uniqueNames(), 0, 0), score >= 10 ? Severity.CRITICAL : Severity.HIGH, summary, ev,
                List.of(Attack.DNS, Attack.PROTOCOL_TUNNELING)));
    }
}
