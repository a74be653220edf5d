package io.vigil.cli.config;

import io.vigil.detector.Thresholds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each threshold key means, said once: the reference table in docs/configuration.md is
 * rendered from this and the defaults ({@link #table}), and a test holds the table, these keys
 * and the keys {@code --check} prints (the keys read) to each other, so none can drift.
 */
public final class ThresholdKeys {

    static final Map<String, String> MEANING = new LinkedHashMap<>();

    static {
        m("port-scan.ports", "distinct ports of one host that fail (unanswered, refused, half-open) within the window");
        m("port-scan.window", "how long a source's failed probes are counted together");
        m("host-sweep.hosts", "distinct hosts probed on one port, failing, within the window");
        m("host-sweep.window", "how long a source's probes of one port are counted together");
        m("brute-force.attempts", "password attempts (short, small sessions) within the window");
        m("brute-force.window", "how long attempts against one service are counted together");
        m("brute-force.max-duration", "a session longer than this is a real session, not an attempt");
        m("brute-force.max-server-bytes", "a session in which the server sent more (bytes) is a real session");
        m("brute-force.ports", "the password services' ports");
        m("brute-force.protocols", "protocols that are password services on any port (by what the bytes speak)");
        m("syn-flood.incomplete", "incomplete connection attempts to one host within the window");
        m("syn-flood.window", "how long attempts to a host are counted together");
        m("syn-flood.ratio", "the share of all attempts that must be incomplete");
        m("syn-flood.max-ports", "more ports than this is a scan, not a flood");
        m("exfiltration.floor", "bytes a host must send in a minute, whatever its baseline");
        m("exfiltration.floor-10m", "bytes a host must send in ten minutes");
        m("exfiltration.floor-1h", "bytes a host must send in an hour");
        m("exfiltration.z", "spreads above the host's own baseline");
        m("exfiltration.novel-peer", "bytes within ten minutes to a destination new to the site (twice within an hour)");
        m("exfiltration.min-ratio", "upload to download, for the ten-minute and hour horizons");
        m("volume.floor", "connections a host must open in a minute");
        m("volume.z", "spreads above the host's baseline of connections opened");
        m("beaconing.min-intervals", "the fewest contacts whatever the period (more for shorter periods)");
        m("beaconing.max-jitter", "the most irregularity: median absolute deviation over median interval");
        m("beaconing.min-period", "the shortest period judged");
        m("beaconing.max-period", "the longest period judged");
        m("beaconing.max-bytes", "a median contact larger than this is not a check-in");
        m("beaconing.min-score", "the score a beacon needs (regularity, symmetry, size, repetitions)");
        m("dns-tunnel.unique-names", "distinct subdomains of one domain (or names asked of one server) within the window");
        m("dns-tunnel.window", "how long a host's names are counted together");
        m("dns-tunnel.min-length", "the mean length of the names, characters");
        m("dns-tunnel.encoded-share", "the share of names that look encoded (base32, base64, hex, bytes)");
        m("dns-tunnel.resolvers", "the site's resolvers (CIDRs): names asked of any other server are judged per server");
        m("dns-tunnel.ignore", "domains never judged (reverse lookups, blocklists, antivirus lookups)");
        m("insecure.plaintext", "protocols that carry content readable across the boundary");
        m("insecure.min-tls", "the oldest TLS version accepted");
        m("site-volume.floor", "bytes the whole site must upload in a minute");
        m("site-volume.floor-connections", "connections the whole site must open in a minute");
        m("site-volume.z", "spreads above the site's own seasonal baseline");
        m("learning.memory-minutes", "how far back a baseline remembers (the EWMA's horizon)");
        m("learning.warmup", "minutes of history before a baseline is trusted");
        m("learning.seasonal-weeks", "weeks of an hour of the week before its own baseline is used");
        m("prevalence.window", "how long the site remembers which hosts used a peer");
        m("prevalence.common-hosts", "a peer this many hosts use is the fleet's");
        m("episodes.quiet", "an alert ends after this long without its activity");
        m("episodes.suppress", "an alert that returns within this is reopened, not raised again");
        m("threat-intel.min-confidence", "indicators whose source is less sure than this (0–100) are not matched");
        m("threat-intel.inbound", "connections in from a listed address that raise an alert: none, established or all");
        m("threat-intel.ignore", "indicator values (addresses, blocks, domains and names below them) never matched here");
    }

    private ThresholdKeys() {}

    private static void m(String key, String meaning) {
        MEANING.put(key, meaning);
    }

    /** Every key {@code --check} prints under thresholds (group.key), in its order. */
    @SuppressWarnings("unchecked")
    static List<String> printed(Thresholds t) {
        List<String> out = new java.util.ArrayList<>();
        DetectorSettings.tree(t).forEach((group, v) -> ((Map<String, Object>) v).keySet().forEach(k -> out.add(group + "." + k)));
        return out;
    }

    /** The reference table: key, default (as --check prints it), meaning. */
    @SuppressWarnings("unchecked")
    static String table(Thresholds defaults) {
        StringBuilder b = new StringBuilder("| key | default | what it is |\n|---|---|---|\n");
        DetectorSettings.tree(defaults).forEach((group, v) -> ((Map<String, Object>) v).forEach((k, value) -> {
            String shown = value instanceof java.util.Collection<?> c ? String.join(", ", c.stream().map(String::valueOf).toList())
                    : String.valueOf(value);
            b.append("| `").append(group).append('.').append(k).append("` | ").append(shown.isEmpty() ? "—" : shown)
                    .append(" | ").append(MEANING.getOrDefault(group + "." + k, "")).append(" |\n");
        }));
        return b.toString();
    }
}
