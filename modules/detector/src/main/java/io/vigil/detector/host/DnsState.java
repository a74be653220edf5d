package io.vigil.detector.host;

import io.vigil.detector.codec.Codec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names that could carry data (encoded-looking, or asked with a tunnel's types) one host
 * asked in the current DNS window: per registered domain, and per outside DNS server that is
 * not one of the site's resolvers (a tunnel in direct mode has no domain).
 * Stats of a name group whose episode is open carry over into the next window, so the alert
 * shows the episode's totals. Stored in {@code host-dns}, read only by the host's DNS flows.
 */
public final class DnsState {

    /** Domains and servers tracked per window at most; more is an ordinary busy host. */
    static final int MAX_GROUPS = 32;
    /** Distinct names counted exactly per group; beyond, the flows' own counters carry on. */
    static final int MAX_NAMES = 1024;

    public long window;
    public Map<String, NameStats> domains = new HashMap<>();
    public Map<String, NameStats> servers = new HashMap<>();

    /** What was asked of one domain or server. */
    public static final class NameStats {
        public Set<Integer> names = new HashSet<>();
        /** Distinct names beyond the listed ones (the flow said how many; attributed here). */
        public long extra;
        public long queries;
        public long tunnelTypeQueries;
        public double sumLength;
        public long encoded;
        public long nameBytes;
        public long first;
        public List<String> samples = new ArrayList<>();
        /** A server's distinct names when the peer stage was last told of them. */
        public long sent;
        /** Over the whole episode while one is open: queries, name bytes, and distinct names (estimate). */
        public long episodeQueries;
        public long episodeNameBytes;
        public byte[] episodeNames;

        long unique() {
            return names.size() + extra;
        }

        double meanLength() {
            return names.isEmpty() ? 0 : sumLength / names.size();
        }

        double encodedShare() {
            return names.isEmpty() ? 0 : (double) encoded / names.size();
        }

        double tunnelTypeShare() {
            return queries == 0 ? 0 : (double) tunnelTypeQueries / queries;
        }
    }

    /**
     * Its binary form in the store. A state written by an older version is read where its
     * layout allows; otherwise it starts afresh, which costs at most a minute's counters or a window.
     */
    static final Codec<DnsState> CODEC = Codec.of(1, (DnsState s, Codec.Out o) -> {
        o.putLong(s.window);
        o.putMap(s.domains, Codec.Out::putString, DnsState::group);
        o.putMap(s.servers, Codec.Out::putString, DnsState::group);
    }, (in, version) -> {
        DnsState s = new DnsState();
        s.window = in.getLong();
        in.getMap(s.domains, Codec.In::getString, DnsState::group);
        in.getMap(s.servers, Codec.In::getString, DnsState::group);
        return s;
    });

    /** One name group of a host's DNS state (a domain or a server it asked). */
    private static void group(Codec.Out o, DnsState.NameStats g) {
        o.putAll(g.names, Codec.Out::putInt);
        o.putLong(g.extra);
        o.putLong(g.queries);
        o.putLong(g.tunnelTypeQueries);
        o.putDouble(g.sumLength);
        o.putLong(g.encoded);
        o.putLong(g.nameBytes);
        o.putLong(g.first);
        o.putAll(g.samples, Codec.Out::putString);
        o.putLong(g.sent);
        o.putLong(g.episodeQueries);
        o.putLong(g.episodeNameBytes);
        o.putBoolean(g.episodeNames != null);
        if (g.episodeNames != null) o.putBytes(g.episodeNames);
    }

    private static DnsState.NameStats group(Codec.In in) {
        DnsState.NameStats g = new DnsState.NameStats();
        in.getAll(g.names, Codec.In::getInt);
        g.extra = in.getLong();
        g.queries = in.getLong();
        g.tunnelTypeQueries = in.getLong();
        g.sumLength = in.getDouble();
        g.encoded = in.getLong();
        g.nameBytes = in.getLong();
        g.first = in.getLong();
        in.getAll(g.samples, Codec.In::getString);
        g.sent = in.getLong();
        g.episodeQueries = in.getLong();
        g.episodeNameBytes = in.getLong();
        if (in.getBoolean()) g.episodeNames = in.getBytes();
        return g;
    }
}
