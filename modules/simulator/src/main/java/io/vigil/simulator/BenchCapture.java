package io.vigil.simulator;

import static io.vigil.simulator.Traffic.MS;
import static io.vigil.simulator.Traffic.SECOND;
import static io.vigil.simulator.Traffic.ip;

import io.vigil.simulator.packet.DnsMessages;
import io.vigil.simulator.packet.Framing;
import io.vigil.simulator.packet.TlsMessages;
import io.vigil.runtime.pcap.LinkType;
import io.vigil.runtime.pcap.PcapWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * A large capture for throughput benchmarks, written as it is generated (never all in
 * memory): {@code flows} conversations from random clients in 10.20.0.0-10.39.255.255 to 250
 * servers, in one of two mixes. Frames are snapped at 256 bytes, as gateways often capture;
 * flow tools count the IP length, so byte counts are unaffected.
 */
public final class BenchCapture {

    /** What the conversations are. */
    public enum Mix {
        /**
         * 2 000 conversations a second: 60% short HTTP exchanges, 25% DNS lookups, 10% TLS
         * downloads, 5% refused connections — about 10.5 packets a flow.
         */
        STANDARD(2000),
        /**
         * What a busy edge has most of, many short connections — 6 000 a second: 35% DNS
         * lookups, 20% refused and 10% unanswered connection attempts, 25% TLS sessions that
         * end after the hellos (SNI in each), 10% HTTP requests answered in one segment —
         * about 4.4 packets a flow, so the cost per flow, not per packet, sets the pace.
         */
        FLOW_HEAVY(6000);

        final int perSecond;

        Mix(int perSecond) {
            this.perSecond = perSecond;
        }
    }

    private static final int SNAPLEN = 256;

    private BenchCapture() {}

    /** Writes the standard mix; returns the number of packets. {@code progress} gets flows written. */
    public static long write(Path file, int flows, long seed, LongConsumer progress) throws IOException {
        return write(file, Mix.STANDARD, flows, seed, progress);
    }

    /** Writes the capture in {@code mix}; returns the number of packets. {@code progress} gets flows written. */
    public static long write(Path file, Mix mix, int flows, long seed, LongConsumer progress) throws IOException {
        Random r = new Random(seed);
        long t0 = Scenarios.EPOCH.toEpochMilli() * MS;
        Framing framing = new Framing(LinkType.ETHERNET, 0);
        long packets = 0;
        List<Traffic.Packet> pending = new ArrayList<>();
        try (PcapWriter w = new PcapWriter(file, LinkType.ETHERNET, false, SNAPLEN)) {
            int done = 0;
            for (int second = 0; done < flows; second++) {
                Traffic t = new Traffic(seed * 1_000_003L + second);
                long base = t0 + second * SECOND;
                int n = Math.min(mix.perSecond, flows - done);
                for (int i = 0; i < n; i++) {
                    long at = base + (long) r.nextInt(1000) * MS + r.nextInt(1000) * 1000L;
                    conversation(t, r, at, mix);
                }
                done += n;
                List<Traffic.Packet> batch = new ArrayList<>(pending);
                batch.addAll(t.sorted());
                batch.sort(Comparator.comparingLong(Traffic.Packet::tsNanos));
                pending.clear();
                long horizon = base + SECOND;
                for (Traffic.Packet p : batch) {
                    if (p.tsNanos() < horizon || done >= flows) {
                        w.write(p.tsNanos(), framing.frame(p.ip()));
                        packets++;
                    } else {
                        pending.add(p);
                    }
                }
                if (progress != null) progress.accept(done);
            }
        }
        return packets;
    }

    /** One conversation of {@code mix}: a random client and server, kind and round trip, then its packets. */
    private static void conversation(Traffic t, Random r, long at, Mix mix) {
        InetAddress client = ip("10." + (20 + r.nextInt(20)) + "." + r.nextInt(250) + "." + (1 + r.nextInt(250)));
        InetAddress server = ip("198.51.100." + (1 + r.nextInt(250)));
        int kind = r.nextInt(100);
        long rtt = (5 + r.nextInt(40)) * MS;
        if (mix == Mix.STANDARD) standard(t, r, at, client, server, kind, rtt);
        else shortOne(t, r, at, client, server, kind, rtt);
    }

    private static void standard(Traffic t, Random r, long at, InetAddress client, InetAddress server, int kind, long rtt) {
        if (kind < 60) {
            t.httpSession(at, client, t.ephemeralPort(), server, 80, "/p" + r.nextInt(1000), 500 + r.nextInt(7000), rtt);
        } else if (kind < 85) {
            t.dnsLookup(at, client, ip("10.0.0.53"), "host" + r.nextInt(5000) + ".example.org", DnsMessages.A,
                    DnsMessages.NOERROR, 2 * MS);
        } else if (kind < 95) {
            t.tlsSession(at, client, t.ephemeralPort(), server, 443, "cdn.example.net", TlsMessages.TLS13,
                    10_000 + r.nextInt(30_000), rtt);
        } else {
            t.tcpRejected(at, client, t.ephemeralPort(), server, 8000 + r.nextInt(100), rtt);
        }
    }

    private static void shortOne(Traffic t, Random r, long at, InetAddress client, InetAddress server, int kind, long rtt) {
        if (kind < 35) {
            t.dnsLookup(at, client, ip("10.0.0.53"), "host" + r.nextInt(50_000) + ".example.org",
                    r.nextInt(4) == 0 ? DnsMessages.AAAA : DnsMessages.A, r.nextInt(10) == 0 ? DnsMessages.NXDOMAIN
                            : DnsMessages.NOERROR, 2 * MS);
        } else if (kind < 55) {
            t.tcpRejected(at, client, t.ephemeralPort(), server, 8000 + r.nextInt(100), rtt);
        } else if (kind < 65) {
            t.tcpUnanswered(at, client, t.ephemeralPort(), server, 3389);
        } else if (kind < 90) {
            t.tlsSession(at, client, t.ephemeralPort(), server, 443, "api" + r.nextInt(500) + ".example.net",
                    TlsMessages.TLS13, 0, rtt);
        } else {
            t.httpSession(at, client, t.ephemeralPort(), server, 80, "/p" + r.nextInt(1000), 200 + r.nextInt(1200), rtt);
        }
    }
}
