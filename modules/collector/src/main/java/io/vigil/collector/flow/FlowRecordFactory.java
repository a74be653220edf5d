package io.vigil.collector.flow;

import io.vigil.collector.app.AppClassifier;
import io.vigil.collector.app.TlsParser;
import io.vigil.model.CidrSet;
import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Builds the exported record of a flow piece: formats addresses once per export (never per
 * packet), decides the direction from the site's internal networks, and applies the
 * address mapper before anything leaves the agent.
 */
public final class FlowRecordFactory {

    private final String site;
    private final String collector;
    private final CidrSet internal;
    private final AddressMapper mapper;

    public FlowRecordFactory(String site, String collector, CidrSet internal, AddressMapper mapper) {
        this.site = site;
        this.collector = collector;
        this.internal = internal;
        this.mapper = mapper;
    }

    FlowRecord make(Flow f, String endReason) {
        FlowKey k = f.key;
        long iHi = f.initiatorIsA ? k.aHi : k.bHi, iLo = f.initiatorIsA ? k.aLo : k.bLo;
        long rHi = f.initiatorIsA ? k.bHi : k.aHi, rLo = f.initiatorIsA ? k.bLo : k.aLo;
        int iPort = f.initiatorIsA ? k.aPort : k.bPort, rPort = f.initiatorIsA ? k.bPort : k.aPort;
        boolean v4 = k.ipVersion == 4;
        boolean srcInternal = v4 ? internal.containsV4((int) iLo) : internal.containsV6(iHi, iLo);
        boolean dstInternal = v4 ? internal.containsV4((int) rLo) : internal.containsV6(rHi, rLo);
        boolean bytes = mapper.needsBytes();
        byte[] src = bytes ? Addresses.bytes(k.ipVersion, iHi, iLo) : null;
        byte[] dst = bytes ? Addresses.bytes(k.ipVersion, rHi, rLo) : null;
        Direction direction = Direction.of(srcInternal, dstInternal);
        String proto = protoName(k.proto, k.ipVersion);
        boolean tcp = k.proto == 6;
        if (k.proto == 1 || k.proto == 58) {
            iPort = 0;
            rPort = Math.max(0, f.icmpTypeCode);
        }
        String app = f.appProto;
        if (app == null && (tcp ? (f.tcpBits & Flow.HANDSHAKE_DONE) != 0 : f.totalIn > 0)) {
            app = AppClassifier.byPort(rPort, tcp);
        }
        int tls = f.tlsServerVersion != 0 ? f.tlsServerVersion : f.tlsClientVersion;
        FlowRecord.DnsFacts dns = null;
        if (f.dnsQueries != null) {
            // The record takes the piece's list and map: a flow that goes on starts new ones (Flow.resetPiece).
            dns = new FlowRecord.DnsFacts(names(f.dnsQueries), f.dnsQueryCount,
                    f.dnsResponseCount, f.dnsDistinct(), f.dnsNameBytes, f.dnsLongestLabel,
                    f.dnsTypes == null ? Map.of() : Collections.unmodifiableMap(f.dnsTypes),
                    f.dnsAnswerBytes, f.dnsMaxAnswer);
        }
        return FlowRecord.builder()
                .site(site).collector(collector).flowId(flowId(f)).seq(f.seq)
                .start(f.pieceStartNs / 1_000_000).end(f.pieceLastNs / 1_000_000)
                .proto(proto)
                .src(mapper.map(src, Addresses.format(k.ipVersion, iHi, iLo), srcInternal), iPort)
                .dst(mapper.map(dst, Addresses.format(k.ipVersion, rHi, rLo), dstInternal), rPort)
                .out(f.packetsOut, f.bytesOut).in(f.packetsIn, f.bytesIn)
                .tcpFlags(f.flagsOut, f.flagsIn)
                .tcpState(tcp ? f.tcpState() : null)
                .endReason(endReason)
                .direction(direction)
                .appProto(app)
                .tlsVersion(tls == 0 ? null : TlsParser.name(tls))
                .serverName(name(f.serverName))
                .cleartextLogin(f.cleartextLogin)
                .dns(dns)
                .icmp(f.echo == null ? null : f.echo.facts())
                .flowStart(f.seq > 0 ? f.firstNs / 1_000_000 : null)
                .bursts(f.bursts == null ? null : f.bursts.facts())
                .build();
    }

    private List<FlowRecord.DnsQuery> names(List<FlowRecord.DnsQuery> queries) {
        if (!mapper.needsBytes()) return Collections.unmodifiableList(queries);
        List<FlowRecord.DnsQuery> out = new ArrayList<>(queries.size());
        for (FlowRecord.DnsQuery q : queries) out.add(new FlowRecord.DnsQuery(name(q.name()), q.qtype(), q.rcode()));
        return Collections.unmodifiableList(out);
    }

    /**
     * A name as it leaves the agent: a reverse lookup of an internal address carries that
     * address's pseudonym ({@code ip-HMAC.in-addr.arpa}), a name in an internal zone the
     * mapper's; any other name is the peer an analyst must see, and stays.
     */
    String name(String n) {
        if (n == null || !mapper.needsBytes()) return n;
        byte[] a = ReverseName.address(n);
        if (a == null) return mapper.mapName(n);
        boolean in;
        if (a.length == 4) {
            in = internal.containsV4(((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff));
        } else {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(a);
            in = internal.containsV6(b.getLong(), b.getLong());
        }
        return in ? mapper.map(a, n, true) + ReverseName.suffix(a) : n;
    }

    /** Stable across the pieces of a flow and across replays of the same capture. */
    private String flowId(Flow f) {
        FlowKey k = f.key;
        long h = 0xcbf29ce484222325L;
        h = mix(h, collector.hashCode());
        h = mix(h, k.aHi);
        h = mix(h, k.aLo);
        h = mix(h, k.bHi);
        h = mix(h, k.bLo);
        h = mix(h, ((long) k.aPort << 32) | ((long) k.bPort << 8) | k.proto);
        h = mix(h, f.firstNs);
        return hex16(h);
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Sixteen lowercase hex digits; String.format would parse its pattern for every flow. */
    static String hex16(long v) {
        byte[] c = new byte[16];
        for (int i = 15; i >= 0; i--) {
            c[i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
        return new String(c, StandardCharsets.ISO_8859_1);
    }

    private static long mix(long h, long v) {
        h ^= v;
        h *= 0x100000001b3L;
        h ^= h >>> 31;
        h *= 0x9e3779b97f4a7c15L;
        return h;
    }

    static String protoName(int proto, int ipVersion) {
        switch (proto) {
            case 6: return "tcp";
            case 17: return "udp";
            case 1: return "icmp";
            case 58: return "icmp6";
            default: return "other";
        }
    }
}
