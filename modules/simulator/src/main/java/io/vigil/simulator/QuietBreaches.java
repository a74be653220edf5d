package io.vigil.simulator;

import static io.vigil.simulator.Scenarios.EPOCH;
import static io.vigil.simulator.Scenarios.INTERNAL;
import static io.vigil.simulator.Traffic.MS;
import static io.vigil.simulator.Traffic.SECOND;
import static io.vigil.simulator.Traffic.ip;

import io.vigil.simulator.packet.DnsMessages;
import io.vigil.simulator.packet.IpPackets;
import io.vigil.simulator.packet.TlsMessages;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The quiet signs of a machine already compromised, in the shapes real tools give them: C2
 * beacons with short and long periods and jitter, a new host's large upload to a destination
 * nobody at the site uses, slow theft over an hour, iodine's base32 NULL queries,
 * dnscat2's hex names asked straight of the attacker's server from one socket, and ptunnel
 * carrying TCP in ICMP echo.
 */
final class QuietBreaches {

    private static final long T0 = EPOCH.toEpochMilli() * MS;
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz012345"; // iodine's alphabet
    private static final String HEX = "0123456789abcdef";

    private QuietBreaches() {}

    private static Label label(String type, String attacker, List<String> victims, long from, long to, String note) {
        return new Label(type, attacker, victims, Instant.ofEpochMilli(from / MS), Instant.ofEpochMilli(to / MS), note);
    }

    /** Two implants: HTTPS every 2–3 s (uniform), and every 5 s with ±25% jitter. */
    static Scenario fastBeacons(long seed) {
        Traffic t = new Traffic(seed);
        Random r = t.random();
        Scenarios.background(t, T0, 240, 0.5);
        InetAddress a = ip("10.10.2.45"), c2a = ip("198.51.100.145");
        InetAddress b = ip("10.10.2.46"), c2b = ip("198.51.100.146");
        long start = T0 + 20 * SECOND;
        long endA = start, endB = start;
        for (long at = start; at < start + 150 * SECOND; at += (2000 + r.nextInt(1001)) * MS) {
            endA = t.tlsSession(at, a, t.ephemeralPort(), c2a, 443, "static.example-cdn.net", TlsMessages.TLS13, 900, 30 * MS);
        }
        for (long at = start + 3 * SECOND; at < start + 200 * SECOND; at += (3750 + r.nextInt(2501)) * MS) {
            endB = t.tlsSession(at, b, t.ephemeralPort(), c2b, 443, "api.example-metrics.com", TlsMessages.TLS12, 700, 30 * MS);
        }
        return new Scenario("beaconing-fast", t, List.of(
                label("beaconing", a.getHostAddress(), List.of(c2a.getHostAddress()), start, endA, "HTTPS every 2-3 s"),
                label("beaconing", b.getHostAddress(), List.of(c2b.getHostAddress()), start, endB, "HTTPS every 5 s ±25%")),
                INTERNAL);
    }

    /** An implant that checks in every 10 minutes ±20% for over two hours. */
    static Scenario slowBeacon(long seed) {
        Traffic t = new Traffic(seed);
        Random r = t.random();
        Scenarios.background(t, T0, 140 * 60, 0.05);
        InetAddress ws = ip("10.10.2.47"), c2 = ip("198.51.100.147");
        long start = T0 + 60 * SECOND, end = start;
        for (int i = 0; i < 14; i++) {
            long at = start + i * 600 * SECOND + (r.nextInt(241) - 120) * SECOND;
            end = t.tlsSession(at, ws, t.ephemeralPort(), c2, 443, "telemetry.example-soft.com", TlsMessages.TLS13, 1200, 40 * MS);
        }
        return new Scenario("beaconing-slow", t, List.of(label("beaconing", ws.getHostAddress(),
                List.of(c2.getHostAddress()), start, end, "HTTPS every 10 min ±20%, 14 times")), INTERNAL);
    }

    /**
     * A host first seen ten minutes ago (its baseline still warming up) uploads 100 MB in 50 s
     * to 203.0.113.200, which no host of the site has contacted.
     */
    static Scenario newHostUpload(long seed) {
        Traffic t = new Traffic(seed);
        Scenarios.background(t, T0, 16 * 60, 0.3);
        InetAddress ws = ip("10.10.2.90"), drop = ip("203.0.113.200");
        Scenarios.browsePortal(t, ws, T0 + 60 * SECOND, T0 + 11 * 60 * SECOND, 20, 30, 3_000, 20_000);
        long start = T0 + 12 * 60 * SECOND;
        long stop = t.bulkUpload(start, ws, t.ephemeralPort(), drop, 443, 100L << 20, 2L << 20, 30 * MS);
        return new Scenario("exfiltration-new-host", t, List.of(label("exfiltration", ws.getHostAddress(),
                List.of(drop.getHostAddress()), start, stop, "100 MB in 50 s to a new destination, 11 minutes of history")),
                INTERNAL);
    }

    /**
     * Slow theft: after 90 quiet minutes a workstation sends 420 MB over an hour (7 MB a minute,
     * under every one-minute limit) to a storage service five other hosts use too.
     */
    static Scenario slowUpload(long seed) {
        Traffic t = new Traffic(seed);
        Random r = t.random();
        InetAddress ws = ip("10.10.2.91"), storage = ip("198.51.100.201");
        long quietEnd = T0 + 90 * 60 * SECOND, end = quietEnd + 62 * 60 * SECOND;
        Scenarios.background(t, T0, (int) ((end - T0) / SECOND), 0.05);
        Scenarios.browsePortal(t, ws, T0, quietEnd, 10, 20, 2_000, 30_000);
        for (int h = 1; h <= 5; h++) {
            for (long at = T0 + h * 97 * SECOND; at < end; at += (300 + r.nextInt(600)) * SECOND) {
                t.tlsSession(at, ip("10.10.2." + (100 + h)), t.ephemeralPort(), storage, 443, "files.example-cloud.com",
                        TlsMessages.TLS13, 5_000 + r.nextInt(50_000), 20 * MS);
            }
        }
        long start = quietEnd + 10 * SECOND;
        long stop = t.bulkUpload(start, ws, t.ephemeralPort(), storage, 443, 420L << 20, 117L << 10, 30 * MS);
        return new Scenario("exfiltration-slow", t, List.of(label("exfiltration", ws.getHostAddress(),
                List.of(storage.getHostAddress()), start, stop, "420 MB over an hour, 7 MB a minute")), INTERNAL);
    }

    /** iodine through the site's resolver: NULL queries, base32 data names and short pings. */
    static Scenario iodine(long seed) {
        Traffic t = new Traffic(seed);
        Random r = t.random();
        Scenarios.background(t, T0, 200);
        InetAddress ws = ip("10.10.2.56");
        long start = T0 + 40 * SECOND, at = start;
        for (int i = 0; i < 600; i++) {
            String name;
            if (i % 5 < 2) {
                name = "p" + random(r, BASE32, 6) + ".t.tun-example.org";
            } else {
                String data = random(r, BASE32, 110 + r.nextInt(80));
                name = split(data, 60) + ".t.tun-example.org";
            }
            t.dnsLookup(at, ws, Scenarios.RESOLVER, name, DnsMessages.NULL, DnsMessages.NOERROR, 3 * MS);
            at += 200 * MS;
        }
        return new Scenario("dns-tunnel-iodine", t, List.of(label("dns_tunnel", ws.getHostAddress(),
                List.of("tun-example.org"), start, at, "600 NULL queries, base32 labels and pings, through the resolver")),
                INTERNAL);
    }

    /** dnscat2 in direct mode: hex names with no domain, asked of 203.0.113.53 from one UDP socket. */
    static Scenario directDns(long seed) {
        Traffic t = new Traffic(seed);
        Random r = t.random();
        Scenarios.background(t, T0, 200);
        InetAddress ws = ip("10.10.2.57"), server = ip("203.0.113.53");
        int port = t.ephemeralPort();
        String[] types = {"TXT", "CNAME", "MX"};
        long start = T0 + 40 * SECOND, at = start;
        for (int i = 0; i < 480; i++) {
            String name = "dnscat." + split(random(r, HEX, 60 + r.nextInt(60)), 63);
            int qtype = switch (types[r.nextInt(3)]) {
                case "TXT" -> DnsMessages.TXT;
                case "CNAME" -> DnsMessages.CNAME;
                default -> DnsMessages.MX;
            };
            int id = r.nextInt(65536);
            t.udpExchange(at, ws, port, server, 53, DnsMessages.query(id, name, qtype),
                    DnsMessages.response(id, name, qtype, DnsMessages.NOERROR, new byte[] {8, 'o', 'k', 'o', 'k', 'o', 'k', 'o', 'k'}),
                    20 * MS);
            at += 250 * MS;
        }
        return new Scenario("dns-tunnel-direct", t, List.of(label("dns_tunnel", ws.getHostAddress(),
                List.of(server.getHostAddress()), start, at, "480 hex names straight to an outside server, one socket")),
                INTERNAL);
    }

    /**
     * ptunnel: a workstation fetches through an ICMP proxy at 203.0.113.58 every 5 s for two
     * minutes, one echo id per tunnelled connection. Each request carries the client's data and
     * is echoed by the proxy's kernel; the proxy's own replies carry the server's answer under
     * sequence numbers of its own. A monitoring host pings the same proxy all along, as ping does.
     */
    static Scenario icmpTunnel(long seed) {
        Traffic t = new Traffic(seed);
        Random r = t.random();
        Scenarios.background(t, T0, 200);
        InetAddress ws = ip("10.10.2.58"), proxy = ip("203.0.113.58"), monitor = ip("10.10.0.5");
        for (int i = 0; i < 190; i++) t.ping(T0 + i * SECOND, monitor, proxy, i, 20 * MS);
        long start = T0 + 40 * SECOND, at = start, end = start;
        for (int session = 0; session < 24; session++, at += 5 * SECOND) {
            int id = r.nextInt(65536);
            byte[] ask = new byte[60 + r.nextInt(120)];
            r.nextBytes(ask);
            t.add(at, IpPackets.echo(ws, proxy, false, id, 0, ask));
            t.add(at + 20 * MS, IpPackets.echo(proxy, ws, true, id, 0, ask));
            for (int k = 1; k <= 6; k++) {
                byte[] answer = new byte[k < 6 ? 1024 : 100 + r.nextInt(900)];
                r.nextBytes(answer);
                end = at + (40 + k) * MS;
                t.add(end, IpPackets.echo(proxy, ws, true, id, k, answer));
            }
        }
        return new Scenario("icmp-tunnel", t, List.of(label("icmp_tunnel", ws.getHostAddress(),
                List.of(proxy.getHostAddress()), start, end, "ptunnel: 24 fetches through an ICMP proxy, 5 s apart")),
                INTERNAL);
    }

    private static String random(Random r, String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return b.toString();
    }

    /** Dots every {@code label} characters, as tunnels split data into DNS labels. */
    private static String split(String data, int label) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < data.length(); i += label) parts.add(data.substring(i, Math.min(data.length(), i + label)));
        return String.join(".", parts);
    }
}
