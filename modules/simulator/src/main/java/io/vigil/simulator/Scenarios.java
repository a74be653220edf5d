package io.vigil.simulator;

import static io.vigil.simulator.Traffic.MS;
import static io.vigil.simulator.Traffic.SECOND;
import static io.vigil.simulator.Traffic.ip;

import io.vigil.simulator.packet.DnsMessages;
import io.vigil.simulator.packet.IpPackets;
import io.vigil.simulator.packet.TlsMessages;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Named scenarios. Addresses: the site is 10.10.0.0/16; the outside world uses the
 * documentation blocks 198.51.100.0/24 and 203.0.113.0/24, which are never routed, so a
 * capture replayed by mistake onto a network reaches nobody.
 */
public final class Scenarios {

    public static final List<String> INTERNAL = List.of("10.10.0.0/16");
    /** Monday 2 November 2026, 09:00 UTC: a working morning. */
    public static final Instant EPOCH = Instant.parse("2026-11-02T09:00:00Z");

    static final InetAddress WEB = ip("10.10.1.10");
    static final InetAddress RESOLVER = ip("10.10.0.53");

    private Scenarios() {}

    public static List<String> names() {
        return List.of("demo", "benign", "benign-day", "port-scan", "host-sweep", "syn-flood", "brute-force",
                "exfiltration", "beaconing", "dns-tunnel", "insecure-protocol", "volume-anomaly", "flow-quirks",
                "beaconing-fast", "beaconing-slow", "exfiltration-new-host", "exfiltration-slow", "dns-tunnel-iodine",
                "dns-tunnel-direct", "icmp-tunnel");
    }

    public static Scenario byName(String name, long seed) {
        switch (name) {
            case "demo":
                return demo(seed);
            case "benign":
                return benign(seed, 180);
            case "port-scan": {
                Scenario s = demo(seed);
                return new Scenario("port-scan", s.traffic(), s.labels(), s.internal());
            }
            case "flow-quirks":
                return flowQuirks(seed);
            case "host-sweep":
                return Attacks.hostSweep(seed);
            case "syn-flood":
                return Attacks.synFlood(seed);
            case "brute-force":
                return Attacks.bruteForce(seed);
            case "exfiltration":
                return Attacks.exfiltration(seed);
            case "beaconing":
                return Attacks.beaconing(seed);
            case "dns-tunnel":
                return Attacks.dnsTunnel(seed);
            case "insecure-protocol":
                return Attacks.insecureProtocol(seed);
            case "volume-anomaly":
                return Attacks.volumeAnomaly(seed);
            case "beaconing-fast":
                return QuietBreaches.fastBeacons(seed);
            case "beaconing-slow":
                return QuietBreaches.slowBeacon(seed);
            case "exfiltration-new-host":
                return QuietBreaches.newHostUpload(seed);
            case "exfiltration-slow":
                return QuietBreaches.slowUpload(seed);
            case "dns-tunnel-iodine":
                return QuietBreaches.iodine(seed);
            case "dns-tunnel-direct":
                return QuietBreaches.directDns(seed);
            case "icmp-tunnel":
                return QuietBreaches.icmpTunnel(seed);
            case "benign-day":
                throw new IllegalArgumentException("benign-day is written hour by hour: use BenignDay.write");
            default:
                throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + String.join(", ", names()));
        }
    }

    /**
     * Three minutes of an ordinary morning (web visitors, staff browsing, DNS) with a SYN
     * scan of the web server from 198.51.100.23 starting at minute 1:30.
     */
    public static Scenario demo(long seed) {
        Traffic t = new Traffic(seed);
        long t0 = EPOCH.toEpochMilli() * MS;
        background(t, t0, 180);
        long scanStart = t0 + 90 * SECOND;
        long scanEnd = synScan(t, scanStart, ip("198.51.100.23"), WEB, 200, List.of(80, 443), 20 * MS);
        Label label = new Label("port_scan", "198.51.100.23", List.of(WEB.getHostAddress()),
                Instant.ofEpochMilli(scanStart / MS), Instant.ofEpochMilli(scanEnd / MS),
                "SYN scan of 200 ports, 20 ms apart; 80 and 443 open");
        return new Scenario("demo", t, List.of(label), INTERNAL);
    }

    /**
     * The cases where flow tools legitimately disagree, for comparing Vigil with argus and
     * tshark: a TCP 5-tuple reused after a clean close, a UDP 5-tuple silent for two minutes
     * between two exchanges, a 150-second transfer longer than the active timeout, and a
     * connection attempt nobody answers.
     */
    public static Scenario flowQuirks(long seed) {
        Traffic t = new Traffic(seed);
        long t0 = EPOCH.toEpochMilli() * MS;
        InetAddress c = ip("10.10.2.20"), s = ip("198.51.100.80");
        long end = t.httpSession(t0, c, 40000, s, 80, "/first", 3000, 10 * MS);
        t.httpSession(end + SECOND, c, 40000, s, 80, "/again", 3000, 10 * MS);
        t.udpExchange(t0, c, 5353, s, 5353, new byte[40], new byte[40], 5 * MS);
        t.udpExchange(t0 + 120 * SECOND, c, 5353, s, 5353, new byte[40], new byte[40], 5 * MS);
        for (int i = 0; i < 150; i++) {
            t.add(t0 + i * SECOND, IpPackets.udp(c, 7000, s, 7001, new byte[500]));
        }
        t.tcpUnanswered(t0 + 5 * SECOND, c, 40001, s, 8080);
        return new Scenario("flow-quirks", t, List.of(), INTERNAL);
    }

    /** Benign background only, {@code seconds} long. */
    public static Scenario benign(long seed, int seconds) {
        Traffic t = new Traffic(seed);
        background(t, EPOCH.toEpochMilli() * MS, seconds);
        return new Scenario("benign", t, List.of(), INTERNAL);
    }

    /**
     * A member of staff at {@code ws} using the outside portal (portal.example.net, on ten
     * addresses) over TLS 1.3 from {@code from} to {@code to}: a page every {@code gapMin} to
     * {@code gapMin + gapSpread} seconds, of {@code bytesMin} to {@code bytesMin + bytesSpread}
     * bytes. The quiet habit a breach then stands out from.
     */
    static void browsePortal(Traffic t, InetAddress ws, long from, long to, int gapMin, int gapSpread, int bytesMin,
            int bytesSpread) {
        Random r = t.random();
        for (long at = from; at < to; at += (gapMin + r.nextInt(gapSpread)) * SECOND) {
            t.tlsSession(at, ws, t.ephemeralPort(), ip("198.51.100." + (80 + r.nextInt(10))), 443, "portal.example.net",
                    TlsMessages.TLS13, bytesMin + r.nextInt(bytesSpread), 20 * MS);
        }
    }

    /**
     * Ordinary traffic: outside visitors fetch pages from the web server over TLS 1.3, staff
     * resolve names and browse out, a monitoring probe pings the gateway.
     */
    static void background(Traffic t, long t0, int seconds) {
        background(t, t0, seconds, 1.0);
    }

    /**
     * Ordinary traffic at {@code intensity} times the demo's rate (1.0: a visit every ~2 s,
     * a staff lookup every ~3 s).
     */
    static void background(Traffic t, long t0, int seconds, double intensity) {
        Random r = t.random();
        long end = t0 + seconds * SECOND;
        double k = 1 / Math.max(intensity, 1e-6);
        // Outside visitors: a new visit every ~2 s, each two or three page loads.
        for (long at = t0; at < end; at += (long) ((1000 + r.nextInt(2000)) * k) * MS) {
            InetAddress visitor = ip("203.0.113." + (5 + r.nextInt(190)));
            long v = at;
            for (int page = 0; page < 2 + r.nextInt(2); page++) {
                v = t.tlsSession(v, visitor, t.ephemeralPort(), WEB, 443, "www.example-care.org",
                        TlsMessages.TLS13, 4_000 + r.nextInt(60_000), (20 + r.nextInt(60)) * MS);
                v += (500 + r.nextInt(3000)) * MS;
            }
        }
        // Staff workstations: look a name up, then browse out.
        String[] sites = {"nhs.example.net", "mail.example.com", "updates.example.org", "portal.example.net"};
        for (long at = t0 + 300 * MS; at < end; at += (long) ((1500 + r.nextInt(3000)) * k) * MS) {
            InetAddress ws = ip("10.10.2." + (11 + r.nextInt(20)));
            String name = sites[r.nextInt(sites.length)];
            long v = t.dnsLookup(at, ws, RESOLVER, name, DnsMessages.A, DnsMessages.NOERROR, 2 * MS);
            t.tlsSession(v + MS, ws, t.ephemeralPort(), ip("198.51.100." + (80 + r.nextInt(10))), 443, name,
                    TlsMessages.TLS13, 2_000 + r.nextInt(200_000), (10 + r.nextInt(30)) * MS);
        }
        // The resolver forwards upstream.
        for (long at = t0 + 500 * MS; at < end; at += (5000 + r.nextInt(5000)) * MS) {
            t.dnsLookup(at, RESOLVER, ip("198.51.100.53"), "example.net", DnsMessages.A, DnsMessages.NOERROR, 15 * MS);
        }
        // A monitoring probe pings the web server every 10 s.
        int seq = 1;
        for (long at = t0 + 1000 * MS; at < end; at += 10 * SECOND) {
            t.ping(at, ip("10.10.0.5"), WEB, seq++, MS);
        }
    }

    /**
     * A SYN scan of {@code ports} distinct ports (from 1-1024, shuffled), one probe every
     * {@code gap}: open ports answer SYN+ACK and get a RST, closed ones answer RST+ACK.
     * Returns the time of the last packet.
     */
    static long synScan(Traffic t, long start, InetAddress attacker, InetAddress victim, int ports,
                        List<Integer> open, long gap) {
        List<Integer> all = new ArrayList<>();
        for (int p = 1; p <= 1024; p++) all.add(p);
        Collections.shuffle(all, t.random());
        List<Integer> chosen = new ArrayList<>(all.subList(0, ports));
        for (int o : open) {
            if (!chosen.contains(o)) chosen.set(chosen.size() - 1 - open.indexOf(o), o);
        }
        int sport = t.ephemeralPort();
        long at = start;
        long last = start;
        for (int port : chosen) {
            last = open.contains(port)
                    ? t.tcpHalfOpen(at, attacker, sport, victim, port, 2 * MS)
                    : t.tcpRejected(at, attacker, sport, victim, port, MS);
            at += gap;
        }
        return last;
    }
}
