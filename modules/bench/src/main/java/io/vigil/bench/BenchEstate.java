package io.vigil.bench;

import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import java.util.List;
import java.util.Random;

/**
 * The benchmarks' estate: {@code hosts} internal hosts (2.5% of them servers) whose flows are
 * web visits inbound (40%), browsing outbound (40%), DNS to the site's resolver (18%) and
 * refused probes from outside (2%), so every stage of the detector works.
 */
final class BenchEstate {

    private final int hosts;
    private final int servers;
    private final String site;

    BenchEstate(int hosts, String site) {
        this.hosts = hosts;
        this.servers = Math.max(1, hosts / 40);
        this.site = site;
    }

    /** The {@code i}-th flow, ending at {@code t}. */
    FlowRecord flow(Random r, long t, long i) {
        int kind = r.nextInt(100);
        FlowRecord.Builder b = base(site, "bench", Long.toHexString(i), t - r.nextInt(2000), t);
        if (kind < 40) {
            String server = host(r.nextInt(servers)); // drawn first: the same sequence as the first benchmarks
            visit(b, "203.0.113." + (1 + r.nextInt(254)), 1024 + r.nextInt(60000), server);
        } else if (kind < 80) {
            browse(b, host(servers + r.nextInt(hosts - servers)), 1024 + r.nextInt(60000), "198.51.100." + (1 + r.nextInt(254)));
        } else if (kind < 98) {
            lookup(b, host(servers + r.nextInt(hosts - servers)), 1024 + r.nextInt(60000), r.nextInt(5000));
        } else {
            String server = host(r.nextInt(servers));
            refused(b, "198.51.100." + (1 + r.nextInt(20)), server, 1 + r.nextInt(1024));
        }
        return b.build();
    }

    /** What every simulated flow starts as: TCP, established, closed with FIN; the shapes below change what they must. */
    static FlowRecord.Builder base(String site, String collector, String id, long start, long end) {
        return FlowRecord.builder().site(site).collector(collector).flowId(id).start(start).end(end).proto("tcp")
                .tcpState("established").endReason("fin").tcpFlags(0x1b, 0x1b);
    }

    /** An outside visitor's TLS session with one of the site's servers. */
    static FlowRecord.Builder visit(FlowRecord.Builder b, String visitor, int port, String server) {
        return b.src(visitor, port).dst(server, 443).out(8, 900).in(10, 12_000).direction(Direction.INBOUND)
                .appProto("tls").tlsVersion("1.3");
    }

    /** A host browsing an outside peer over TLS. */
    static FlowRecord.Builder browse(FlowRecord.Builder b, String host, int port, String peer) {
        return b.src(host, port).dst(peer, 443).out(10, 2_000).in(20, 40_000).direction(Direction.OUTBOUND)
                .appProto("tls").tlsVersion("1.3");
    }

    /** A host asking the site's resolver for {@code host<name>.example.org}. */
    static FlowRecord.Builder lookup(FlowRecord.Builder b, String host, int port, int name) {
        return b.proto("udp").tcpState(null).tcpFlags(0, 0).endReason("idle").src(host, port).dst("10.30.0.53", 53)
                .out(1, 70).in(1, 120).direction(Direction.INTERNAL).appProto("dns")
                .dns(new FlowRecord.DnsFacts(List.of(new FlowRecord.DnsQuery("host" + name + ".example.org", "A",
                        "NOERROR")), 1, 1));
    }

    /** A probe from outside that {@code target} refused (SYN answered by RST): a scan is many of them. */
    static FlowRecord.Builder refused(FlowRecord.Builder b, String prober, String target, int port) {
        return b.src(prober, 40000).dst(target, port).out(1, 60).in(1, 40).tcpFlags(0x02, 0x14).tcpState("rejected")
                .endReason("rst").direction(Direction.INBOUND);
    }

    /** The collector's key: site and the internal end. */
    static String key(FlowRecord f) {
        return f.hostKey();
    }

    static String host(int i) {
        return "10." + (30 + (i >> 16)) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
    }
}
