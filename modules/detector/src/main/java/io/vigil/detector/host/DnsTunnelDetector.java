package io.vigil.detector.host;

import io.vigil.detector.episode.Episodes;
import io.vigil.detector.episode.Text;
import io.vigil.detector.message.PeerEvent;
import io.vigil.detector.spi.Thresholds;
import io.vigil.detector.stage.Store;
import io.vigil.detector.stats.DistinctCount;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.Cidr;
import io.vigil.model.CidrSet;
import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import io.vigil.model.Severity;
import io.vigil.runtime.config.Checks;
import io.vigil.runtime.config.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@code dns_tunnel}: data hidden in DNS names. Per registered domain, in each window, the
 * distinct subdomains a host asks, how long they are, how many look encoded (base32, base64,
 * hex), and how many questions use the types tunnels use (TXT, NULL, CNAME, MX); not entropy
 * alone, because base32 carries less of it per character than base64 and iodine hides under
 * an entropy threshold. The flow's own counters carry the names past the list a flow piece
 * holds. Names asked straight of an outside server that is not a resolver of the site are
 * also judged per server, without a domain (dnscat2's direct mode); whether that server is
 * one the site's hosts use as a resolver only the peer stage knows, so those go there.
 */
public final class DnsTunnelDetector {

    /**
     * Names that carry data. Per registered domain, in {@code window} (5 min): at least
     * {@code uniqueNames} (40) distinct subdomains that are long (mean ≥ {@code minLength}, 18)
     * and mostly encoded-looking (a {@code encodedShare} of 0.5: base32, base64, hex or bytes
     * DNS names never hold), or asked mostly with the types tunnels use (TXT, NULL, CNAME, MX,
     * SRV, ANY). Per DNS server that is not one of the site's {@code resolvers}: the same
     * numbers over every name asked of it (dnscat2's direct mode has no domain). Resolvers are
     * the given CIDRs, the site's own addresses, and servers that {@code prevalence.common-hosts}
     * hosts use. Names under {@code ignore} (reverse lookups by default) are not judged.
     */
    public record Config(int uniqueNames, Duration window, double minLength, double encodedShare, List<String> resolvers,
                         Set<String> ignore) {}

    static final Thresholds.Key<Config, Integer> UNIQUE_NAMES = Thresholds.key(Setting.number("unique-names", 40,
            "distinct subdomains of one domain (or names asked of one server) within the window")
            .check(Checks.atLeast(2)), Config::uniqueNames);
    static final Thresholds.Key<Config, Duration> WINDOW = Thresholds.key(Setting.duration("window",
            Duration.ofMinutes(5), "how long a host's names are counted together").check(Checks.longerThanZero()),
            Config::window);
    static final Thresholds.Key<Config, Double> MIN_LENGTH = Thresholds.key(Setting.decimal("min-length", 18,
            "the mean length of the names, characters").check(Checks.notNegative()), Config::minLength);
    static final Thresholds.Key<Config, Double> ENCODED_SHARE = Thresholds.key(Setting.decimal("encoded-share", 0.5,
            "the share of names that look encoded (base32, base64, hex, bytes)").check(Checks.fraction()),
            Config::encodedShare);
    static final Thresholds.Key<Config, List<String>> RESOLVERS = Thresholds.key(Setting.list("resolvers", List.of(),
            "the site's resolvers (CIDRs): names asked of any other server are judged per server")
            .check(Checks.each(DnsTunnelDetector::notCidr)), Config::resolvers);
    static final Thresholds.Key<Config, Set<String>> IGNORE = Thresholds.key(Setting.set("ignore",
            Set.of("in-addr.arpa", "ip6.arpa"), "domains never judged (reverse lookups, blocklists, antivirus lookups)"),
            Config::ignore);
    public static final Thresholds.Group<Config> THRESHOLDS = Thresholds.Group.of("dns-tunnel",
            v -> new Config(v.get(UNIQUE_NAMES), v.get(WINDOW), v.get(MIN_LENGTH), v.get(ENCODED_SHARE),
                    List.copyOf(v.get(RESOLVERS)), v.get(IGNORE)), UNIQUE_NAMES, WINDOW, MIN_LENGTH, ENCODED_SHARE, RESOLVERS,
            IGNORE);

    /** What it keeps per host. */
    static final Store<DnsState> STORE = Store.of("host-dns", DnsState.CODEC);

    private static String notCidr(String s) {
        try {
            Cidr.parse(s);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private final KeyValueStore<String, DnsState> store;
    private final Episodes episodes;
    private final Consumer<PeerEvent> peers;
    private final Map<Thresholds, CidrSet> resolvers = new IdentityHashMap<>();

    DnsTunnelDetector(KeyValueStore<String, DnsState> store, Episodes episodes, Consumer<PeerEvent> peers) {
        this.store = store;
        this.episodes = episodes;
        this.peers = peers;
    }

    void flow(String key, HostState hs, FlowRecord f, Thresholds t, String host) {
        Config c = t.get(THRESHOLDS);
        FlowRecord.DnsFacts dns = f.dns();
        if (dns.queries().isEmpty()) return;
        boolean external = f.direction() == Direction.OUTBOUND && !configuredResolver(t, f.dstIp());
        if (external) reportServer(hs, f);
        // Only names that could carry data are counted: encoded-looking ones, or asked with a tunnel's
        // types. Ordinary lookups (nearly all) never touch the store.
        List<FlowRecord.DnsQuery> carriers = null;
        int tunnelTypes = 0;
        for (FlowRecord.DnsQuery q : dns.queries()) {
            if (q.name() == null) continue;
            boolean tunnelType = DomainNames.tunnelType(q.qtype());
            if (tunnelType) tunnelTypes++;
            if (!tunnelType && !DomainNames.looksEncoded(q.name())) continue;
            if (carriers == null) carriers = new ArrayList<>();
            carriers.add(q);
        }
        if (carriers == null) return;
        DnsState s = store.get(key);
        if (s == null) s = new DnsState();
        long window = Math.floorDiv(f.end(), c.window().toMillis()) * c.window().toMillis();
        if (window > s.window) roll(s, f.site(), host, window);
        DnsState.NameStats byServer = external ? group(s.servers, f.dstIp(), f.start()) : null;
        Map<DnsState.NameStats, Integer> listed = new LinkedHashMap<>();
        for (FlowRecord.DnsQuery q : carriers) {
            boolean tunnelType = DomainNames.tunnelType(q.qtype());
            String reg = DomainNames.registered(q.name());
            if (ignored(reg, c)) continue;
            String sub = DomainNames.subdomain(q.name(), reg);
            DnsState.NameStats d = null;
            if (!sub.isEmpty() && !DomainNames.reversedAddress(sub)) {
                d = group(s.domains, reg, f.start());
                if (d != null) {
                    add(d, sub, tunnelType);
                    listed.merge(d, 1, Integer::sum);
                }
            }
            // A name whose domain repeats is the domain's to judge; the server counts the rest.
            if (byServer != null && (d == null || d.unique() <= 2)) {
                add(byServer, q.name(), tunnelType);
                listed.merge(byServer, 1, Integer::sum);
            }
        }
        // The flow's counters go past its list only when the list was full of carriers.
        if (carriers.size() == dns.queries().size()) extra(dns, listed, tunnelTypes);
        for (Map.Entry<String, DnsState.NameStats> e : s.domains.entrySet()) {
            if (listed.containsKey(e.getValue())) judgeDomain(f, t, host, e.getKey(), e.getValue());
        }
        if (byServer != null && listed.containsKey(byServer)) judgeServer(f, t, host, byServer);
        store.put(key, s);
    }

    /** The host's first question today to an outside DNS server goes to the peer stage (which servers are resolvers). */
    private static void reportServer(HostState hs, FlowRecord f) {
        int day = (int) Math.floorDiv(f.start(), 86_400_000L);
        Integer reported = hs.dnsServers.get(f.dstIp());
        if ((reported != null && reported == day) || hs.newDnsServers.size() >= HostState.MAX_NEW_PEERS) return;
        if (hs.dnsServers.size() >= 8) hs.dnsServers.clear();
        hs.dnsServers.put(f.dstIp(), day);
        hs.newDnsServers.add(f.dstIp());
    }

    /** Names and questions the flow counted past its list go to the group that holds nearly all the listed ones. */
    private static void extra(FlowRecord.DnsFacts dns, Map<DnsState.NameStats, Integer> listed, int tunnelTypes) {
        long extraNames = dns.distinctNames() - dns.queries().size();
        long extraQueries = dns.queryCount() - dns.queries().size();
        if (extraNames <= 0 && extraQueries <= 0) return;
        int total = dns.queries().size();
        double typeShare = total == 0 ? 0 : (double) tunnelTypes / total;
        for (Map.Entry<DnsState.NameStats, Integer> e : listed.entrySet()) {
            if (e.getValue() < 0.9 * total) continue;
            DnsState.NameStats g = e.getKey();
            if (extraNames > 0) {
                g.extra += extraNames;
                g.nameBytes += Math.round(extraNames * g.sumLength / Math.max(1, g.names.size()));
            }
            if (extraQueries > 0) {
                g.queries += extraQueries;
                g.tunnelTypeQueries += Math.round(extraQueries * typeShare);
                g.episodeQueries += g.episodeNames == null ? 0 : extraQueries;
            }
        }
    }

    private static DnsState.NameStats group(Map<String, DnsState.NameStats> groups, String name, long at) {
        DnsState.NameStats g = groups.get(name);
        if (g == null) {
            if (groups.size() >= DnsState.MAX_GROUPS) return null;
            g = new DnsState.NameStats();
            g.first = at;
            groups.put(name, g);
        }
        return g;
    }

    private static void add(DnsState.NameStats g, String part, boolean tunnelType) {
        g.queries++;
        g.nameBytes += part.length();
        if (tunnelType) g.tunnelTypeQueries++;
        if (g.episodeNames != null) {
            DistinctCount all = DistinctCount.fromBytes(g.episodeNames);
            all.add(part);
            g.episodeNames = all.toBytes();
            g.episodeQueries++;
            g.episodeNameBytes += part.length();
        }
        if (g.names.size() < DnsState.MAX_NAMES && g.names.add(part.hashCode())) {
            g.sumLength += part.length();
            if (DomainNames.looksEncoded(part)) g.encoded++;
            if (g.samples.size() < 3) g.samples.add(part);
        }
    }

    /** Whether the group's names look like a tunnel's. */
    private static boolean tunnelShaped(DnsState.NameStats g, Config c) {
        if (g.unique() < c.uniqueNames()) return false;
        boolean encoded = g.meanLength() >= c.minLength() && g.encodedShare() >= c.encodedShare();
        return encoded || g.tunnelTypeShare() >= 0.5;
    }

    private void judgeDomain(FlowRecord f, Thresholds t, String host, String reg, DnsState.NameStats d) {
        Config c = t.get(THRESHOLDS);
        if (!tunnelShaped(d, c)) return;
        if (d.episodeNames == null) {
            // The episode starts: from now on its totals are kept across windows.
            DistinctCount all = new DistinctCount();
            d.names.forEach(h -> all.add((long) h));
            d.episodeNames = all.toBytes();
            d.episodeQueries = d.queries;
            d.episodeNameBytes = d.nameBytes;
        }
        long unique = d.unique();
        double score = (double) unique / c.uniqueNames();
        long episodeNames = Math.max(unique, DistinctCount.fromBytes(d.episodeNames).estimate());
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("domain", reg);
        ev.put("unique_subdomains", unique);
        ev.put("queries", d.queries);
        ev.put("mean_subdomain_length", round1(d.meanLength()));
        ev.put("encoded_share", round2(d.encodedShare()));
        ev.put("tunnel_type_share", round2(d.tunnelTypeShare()));
        ev.put("sample_names", new ArrayList<>(d.samples));
        ev.put("window_seconds", c.window().toSeconds());
        ev.put("episode_queries", d.episodeQueries);
        ev.put("episode_distinct_names_estimate", episodeNames);
        ev.put("episode_name_bytes", d.episodeNameBytes);
        String how = d.encodedShare() >= c.encodedShare()
                ? String.format("mean %.0f characters, %.0f%% encoded-looking", d.meanLength(), 100 * d.encodedShare())
                : String.format("%.0f%% of them TXT, NULL, CNAME or MX questions", 100 * d.tunnelTypeShare());
        String summary = String.format("%s asked for %d different names under %s in %d minutes (%s), about %s of "
                + "names in all so far: data hidden in DNS, a tunnel such as iodine or dnscat2. Block the domain at the "
                + "resolver and examine the host.", host, unique, reg, c.window().toMinutes(), how,
                Text.mb(d.episodeNameBytes));
        episodes.observe(host + "|" + reg, f.end(), new Episodes.Draft(AlertType.DNS_TUNNEL, f.site(), host, reg,
                List.of(reg), d.first, score, unique, new Alert.Baseline(c.uniqueNames(), 0, 0),
                score >= 10 ? Severity.CRITICAL : Severity.HIGH, summary, ev,
                List.of(Attack.DNS, Attack.PROTOCOL_TUNNELING)));
    }

    private void judgeServer(FlowRecord f, Thresholds t, String host, DnsState.NameStats g) {
        if (!tunnelShaped(g, t.get(THRESHOLDS))) return;
        long unique = g.unique();
        // Tell the peer stage at the crossing and whenever the count has doubled since.
        if (g.sent > 0 && unique < 2 * g.sent) return;
        g.sent = unique;
        peers.accept(PeerEvent.dnsServer(f.site(), host, f.dstIp(), f.end(), new PeerEvent.DnsServer(g.first,
                (int) unique, g.queries, g.meanLength(), g.encodedShare(), g.tunnelTypeShare(), g.nameBytes,
                new ArrayList<>(g.samples))));
    }

    /** A new window: domains whose episode is open keep their episode totals, everything else starts afresh. */
    private void roll(DnsState s, String site, String host, long window) {
        s.window = window;
        s.servers.clear();
        for (Iterator<Map.Entry<String, DnsState.NameStats>> it = s.domains.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, DnsState.NameStats> e = it.next();
            DnsState.NameStats old = e.getValue();
            if (old.episodeNames == null || !episodes.isOpen(AlertType.DNS_TUNNEL, site, host + "|" + e.getKey())) {
                it.remove();
                continue;
            }
            DnsState.NameStats kept = new DnsState.NameStats();
            kept.first = old.first;
            kept.episodeNames = old.episodeNames;
            kept.episodeQueries = old.episodeQueries;
            kept.episodeNameBytes = old.episodeNameBytes;
            e.setValue(kept);
        }
    }

    private static boolean ignored(String reg, Config c) {
        for (String i : c.ignore()) {
            if (reg.equals(i) || reg.endsWith("." + i)) return true;
        }
        return false;
    }

    private boolean configuredResolver(Thresholds t, String server) {
        if (t.get(THRESHOLDS).resolvers().isEmpty()) return false;
        CidrSet set = resolvers.computeIfAbsent(t, x -> CidrSet.of(x.get(THRESHOLDS).resolvers()));
        try {
            return set.contains(Cidr.parse(server).network());
        } catch (IllegalArgumentException e) {
            return false; // not an address (a pseudonym)
        }
    }

    private static double round1(double x) {
        return Math.round(x * 10) / 10.0;
    }

    private static double round2(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
