package io.vigil.detector.message;

import io.vigil.model.FlowRecord;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * What the host stage tells the peer stage about one host and one outside peer, keyed by the
 * peer's network ({@link #prefix}) so that everything about a peer meets in one task. One of:
 * <ul>
 * <li>{@code contacts}: the host first contacted these peers of the network today (DNS
 *     servers when {@code dns}), for the site's prevalence;</li>
 * <li>{@code beacon}: the host contacts the peer on a timer, with the statistics;</li>
 * <li>{@code upload}: the host sends the peer much, with the horizon and its limits;</li>
 * <li>{@code dnsServer}: the host asks the peer, a DNS server, many encoded names;</li>
 * <li>{@code endOfInput}: the host task's end-of-input marker.</li>
 * </ul>
 */
public record PeerEvent(String site, String host, String peer, long time, List<String> contacts, boolean dns,
                        Beacon beacon, Upload upload, DnsServer dnsServer, FlowRecord.EndOfInput endOfInput) {

    /** A regular contact: its period and spread, sizes, repetitions and the combined score (0–1). */
    public record Beacon(String service, String app, long firstSeen, double periodMs, double madMs, double bowley,
                         int intervals, long connections, double medianBytes, double bytesMad, double score,
                         List<Double> recentSeconds, long inFlow) {}

    /**
     * Data to one peer: {@code reason} is {@code baseline} (the host's upload crossed its limit
     * on {@code horizonMinutes}) or {@code novel} (much to one peer, for the novelty check).
     */
    public record Upload(String reason, int horizonMinutes, long firstSeen, long hostBytes, long hostDownload,
                         long limit, long peerBytes, long peerDownload, double baselineMean, double baselineSpread,
                         long baselineSamples, long historyMinutes, boolean seasonal, boolean warm,
                         Map<String, Long> topPeers) {}

    /** Names asked of one DNS server that is not a resolver the host stage knows. */
    public record DnsServer(long firstSeen, int uniqueNames, long queries, double meanLength, double encodedShare,
                            double unusualTypeShare, long nameBytes, List<String> samples) {}

    public boolean isMarker() {
        return endOfInput != null;
    }

    public static PeerEvent contacts(String site, String host, List<String> peers, boolean dns, long time) {
        return new PeerEvent(site, host, peers.get(0), time, peers, dns, null, null, null, null);
    }

    public static PeerEvent beacon(String site, String host, String peer, long time, Beacon b) {
        return new PeerEvent(site, host, peer, time, null, false, b, null, null, null);
    }

    public static PeerEvent upload(String site, String host, String peer, long time, Upload u) {
        return new PeerEvent(site, host, peer, time, null, false, null, u, null, null);
    }

    public static PeerEvent dnsServer(String site, String host, String server, long time, DnsServer d) {
        return new PeerEvent(site, host, server, time, null, true, null, null, d, null);
    }

    public static PeerEvent marker(String site, long time, FlowRecord.EndOfInput eoi) {
        return new PeerEvent(site, null, null, time, null, false, null, null, null, eoi);
    }

    /** The peer's network: a /24 for IPv4, a /48 for IPv6, the name itself otherwise. */
    public static String prefix(String peer) {
        if (peer == null) return "";
        int colon = peer.indexOf(':');
        if (colon >= 0) {
            String[] g = peer.split(":", -1);
            if (peer.contains("::") || g.length < 3) {
                try {
                    byte[] b = InetAddress.getByName(peer).getAddress();
                    return String.format("%x:%x:%x::/48", ((b[0] & 0xff) << 8) | (b[1] & 0xff),
                            ((b[2] & 0xff) << 8) | (b[3] & 0xff), ((b[4] & 0xff) << 8) | (b[5] & 0xff));
                } catch (UnknownHostException | ArrayIndexOutOfBoundsException e) {
                    return peer;
                }
            }
            return g[0] + ":" + g[1] + ":" + g[2] + "::/48";
        }
        int last = peer.lastIndexOf('.');
        if (last < 0 || !Character.isDigit(peer.charAt(0))) return peer;
        return peer.substring(0, last) + ".0/24";
    }

    /** The key the peer stage is partitioned by. */
    public String key() {
        return site + "|" + prefix(peer);
    }
}
