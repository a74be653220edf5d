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
        FlowRecord.Builder b = FlowRecord.builder().site(site).collector("bench").flowId(Long.toHexString(i))
                .start(t - r.nextInt(2000)).end(t).proto("tcp").tcpState("established").endReason("fin").tcpFlags(0x1b, 0x1b);
        if (kind < 40) {
            String server = host(r.nextInt(servers)); // drawn first: the same sequence as the first benchmarks
            b.src("203.0.113." + (1 + r.nextInt(254)), 1024 + r.nextInt(60000)).dst(server, 443)
                    .out(8, 900).in(10, 12_000).direction(Direction.INBOUND).appProto("tls").tlsVersion("1.3");
        } else if (kind < 80) {
            b.src(host(servers + r.nextInt(hosts - servers)), 1024 + r.nextInt(60000))
                    .dst("198.51.100." + (1 + r.nextInt(254)), 443)
                    .out(10, 2_000).in(20, 40_000).direction(Direction.OUTBOUND).appProto("tls").tlsVersion("1.3");
        } else if (kind < 98) {
            b.proto("udp").tcpState(null).tcpFlags(0, 0).endReason("idle").src(host(servers + r.nextInt(hosts - servers)),
                            1024 + r.nextInt(60000))
                    .dst("10.30.0.53", 53).out(1, 70).in(1, 120).direction(Direction.INTERNAL).appProto("dns")
                    .dns(new FlowRecord.DnsFacts(List.of(new FlowRecord.DnsQuery("host" + r.nextInt(5000) + ".example.org",
                            "A", "NOERROR")), 1, 1));
        } else {
            String server = host(r.nextInt(servers));
            b.src("198.51.100." + (1 + r.nextInt(20)), 40000).dst(server, 1 + r.nextInt(1024))
                    .out(1, 60).in(1, 40).tcpFlags(0x02, 0x14).tcpState("rejected").endReason("rst").direction(Direction.INBOUND);
        }
        return b.build();
    }

    /** The collector's key: site and the internal end. */
    static String key(FlowRecord f) {
        return f.hostKey();
    }

    static String host(int i) {
        return "10." + (30 + (i >> 16)) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
    }
}
