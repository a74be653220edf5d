package io.vigil.simulator;

import static io.vigil.simulator.Scenarios.EPOCH;
import static io.vigil.simulator.Scenarios.INTERNAL;
import static io.vigil.simulator.Scenarios.WEB;
import static io.vigil.simulator.Traffic.MS;
import static io.vigil.simulator.Traffic.SECOND;
import static io.vigil.simulator.Traffic.ip;

import io.vigil.simulator.packet.DnsMessages;
import io.vigil.simulator.packet.TlsMessages;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One scenario per attack type, each on ordinary background traffic, each with its label.
 * Attackers outside use 198.51.100.0/24; spoofed flood sources 203.0.113.0/24 (both
 * documentation blocks). Times start at {@link Scenarios#EPOCH}.
 */
final class Attacks {

    private static final long T0 = EPOCH.toEpochMilli() * MS;

    private Attacks() {}

    private static Label label(String type, String attacker, List<String> victims, long from, long to, String note) {
        return new Label(type, attacker, victims, Instant.ofEpochMilli(from / MS), Instant.ofEpochMilli(to / MS), note);
    }

    /** 198.51.100.66 looks for SMB on 60 hosts of the site: most silent, some refuse. */
    static Scenario hostSweep(long seed) {
        Traffic t = new Traffic(seed);
        Scenarios.background(t, T0, 180);
        InetAddress attacker = ip("198.51.100.66");
        long start = T0 + 60 * SECOND, at = start;
        List<String> victims = new ArrayList<>();
        for (int h = 1; h <= 60; h++) {
            InetAddress v = ip("10.10.3." + h);
            victims.add(v.getHostAddress());
            if (h % 4 == 0) t.tcpRejected(at, attacker, t.ephemeralPort(), v, 445, MS);
            else t.tcpUnanswered(at, attacker, t.ephemeralPort(), v, 445);
            at += 50 * MS;
        }
        return new Scenario("host-sweep", t, List.of(label("host_sweep", attacker.getHostAddress(), victims, start, at,
                "SYN to port 445 on 60 hosts, 50 ms apart")), INTERNAL);
    }

    /** 3 000 SYNs in 6 s to the web server from spoofed sources; it answers some, none complete. */
    static Scenario synFlood(long seed) {
        Traffic t = new Traffic(seed);
        Scenarios.background(t, T0, 120);
        Random r = t.random();
        long start = T0 + 60 * SECOND, at = start;
        for (int i = 0; i < 3000; i++) {
            InetAddress spoofed = ip("203.0.113." + (1 + r.nextInt(254)));
            if (i % 3 == 0) t.tcpHalfOpenNoReset(at, spoofed, 1024 + r.nextInt(60000), WEB, 443, MS);
            else t.tcpUnanswered(at, spoofed, 1024 + r.nextInt(60000), WEB, 443);
            at += 2 * MS;
        }
        return new Scenario("syn-flood", t, List.of(label("syn_flood", null, List.of(WEB.getHostAddress()), start, at,
                "3000 spoofed SYNs to 443 in 6 s")), INTERNAL);
    }

    /** 198.51.100.77 tries SSH logins on 10.10.1.22: 80 short sessions in 40 s. */
    static Scenario bruteForce(long seed) {
        Traffic t = new Traffic(seed);
        Scenarios.background(t, T0, 180);
        InetAddress attacker = ip("198.51.100.77"), server = ip("10.10.1.22");
        long start = T0 + 60 * SECOND, at = start;
        for (int i = 0; i < 80; i++) {
            t.tcpSession(at, attacker, t.ephemeralPort(), server, 22, "SSH-2.0-libssh_0.9.6\r\n".getBytes(),
                    "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(), 2500, 20 * MS);
            at += 500 * MS;
        }
        return new Scenario("brute-force", t, List.of(label("brute_force", attacker.getHostAddress(),
                List.of(server.getHostAddress()), start, at, "80 SSH sessions of ~2.5 KB, two a second")), INTERNAL);
    }

    /**
     * A workstation that makes small HTTPS requests for 90 minutes (its baseline), then uploads
     * 600 MB to an unknown peer over two minutes.
     */
    static Scenario exfiltration(long seed) {
        Traffic t = new Traffic(seed);
        InetAddress ws = ip("10.10.2.15"), peer = ip("198.51.100.200");
        long end = T0 + 90 * 60 * SECOND;
        Scenarios.browsePortal(t, ws, T0, end, 10, 20, 2_000, 30_000);
        long start = end + 10 * SECOND;
        long stop = t.bulkUpload(start, ws, t.ephemeralPort(), peer, 443, 600L << 20, 5L << 20, 30 * MS);
        return new Scenario("exfiltration", t, List.of(label("exfiltration", ws.getHostAddress(),
                List.of(peer.getHostAddress()), start, stop, "600 MB at 5 MB/s after 90 quiet minutes")), INTERNAL);
    }

    /** A workstation calls 198.51.100.144:443 every 60 s (±2 s) for 20 minutes, 1 KB each time. */
    static Scenario beaconing(long seed) {
        Traffic t = new Traffic(seed);
        Random r = t.random();
        Scenarios.background(t, T0, 1260, 0.2);
        InetAddress ws = ip("10.10.2.44"), c2 = ip("198.51.100.144");
        long start = T0 + 30 * SECOND, at = start;
        for (int i = 0; i < 20; i++) {
            t.tlsSession(at, ws, t.ephemeralPort(), c2, 443, "cdn-update.example.com", TlsMessages.TLS12, 600, 40 * MS);
            at += (58_000 + r.nextInt(4000)) * MS;
        }
        return new Scenario("beaconing", t, List.of(label("beaconing", ws.getHostAddress(), List.of(c2.getHostAddress()),
                start, at, "TLS every 60 s ± 2 s, 20 times")), INTERNAL);
    }

    /** A workstation sends data as 300 base32 names under exfil-tunnel.net through the resolver. */
    static Scenario dnsTunnel(long seed) {
        Traffic t = new Traffic(seed);
        Random r = t.random();
        Scenarios.background(t, T0, 180);
        InetAddress ws = ip("10.10.2.55");
        long start = T0 + 60 * SECOND, at = start;
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        for (int i = 0; i < 300; i++) {
            StringBuilder label = new StringBuilder();
            for (int c = 0; c < 48; c++) label.append(alphabet.charAt(r.nextInt(32)));
            String name = label.substring(0, 24) + "." + label.substring(24) + ".d" + i + ".exfil-tunnel.net";
            t.dnsLookup(at, ws, Scenarios.RESOLVER, name, DnsMessages.TXT, DnsMessages.NOERROR, 3 * MS);
            at += 300 * MS;
        }
        return new Scenario("dns-tunnel", t, List.of(label("dns_tunnel", ws.getHostAddress(), List.of("exfil-tunnel.net"),
                start, at, "300 TXT queries with 48-character base32 labels")), INTERNAL);
    }

    /** A telnet service exposed to the internet, FTP to the outside, and a TLS 1.0 web service. */
    static Scenario insecureProtocol(long seed) {
        Traffic t = new Traffic(seed);
        Scenarios.background(t, T0, 180);
        InetAddress telnetBox = ip("10.10.1.30"), legacyWeb = ip("10.10.1.31"), ws = ip("10.10.2.20");
        long start = T0 + 30 * SECOND;
        t.tcpSession(start, ip("203.0.113.50"), t.ephemeralPort(), telnetBox, 23, new byte[] {(byte) 0xff, (byte) 0xfd, 0x18},
                new byte[] {(byte) 0xff, (byte) 0xfb, 0x01}, 800, 30 * MS);
        t.tcpSession(start + 10 * SECOND, ws, t.ephemeralPort(), ip("198.51.100.21"), 21, "USER nurse\r\n".getBytes(),
                "220 FTP server ready\r\n".getBytes(), 300, 30 * MS);
        long end = t.tlsSession(start + 20 * SECOND, ip("203.0.113.60"), t.ephemeralPort(), legacyWeb, 443, "old.example-care.org",
                TlsMessages.TLS10, 5000, 30 * MS);
        return new Scenario("insecure-protocol", t, List.of(
                label("insecure_protocol", "203.0.113.50", List.of(telnetBox.getHostAddress()), start, start + SECOND, "telnet exposed"),
                label("insecure_protocol", ws.getHostAddress(), List.of("198.51.100.21"), start + 10 * SECOND, start + 11 * SECOND, "FTP out"),
                label("insecure_protocol", "203.0.113.60", List.of(legacyWeb.getHostAddress()), start + 20 * SECOND, end, "TLS 1.0 served")),
                INTERNAL);
    }

    /**
     * A workstation that opens a connection every ~20 s for 70 minutes, then 2 000 in one
     * minute to many outside hosts (malware spreading, a misbehaving updater).
     */
    static Scenario volumeAnomaly(long seed) {
        Traffic t = new Traffic(seed);
        Random r = t.random();
        InetAddress ws = ip("10.10.2.66");
        long end = T0 + 70 * 60 * SECOND;
        Scenarios.browsePortal(t, ws, T0, end, 10, 20, 2_000, 10_000);
        long start = end + 5 * SECOND, at = start;
        for (int i = 0; i < 2000; i++) {
            t.tcpSession(at, ws, t.ephemeralPort(), ip("198.51.100." + (1 + r.nextInt(250))), 8080,
                    "GET / HTTP/1.1\r\n\r\n".getBytes(), "HTTP/1.1 404\r\n".getBytes(), 200, 5 * MS);
            at += 25 * MS;
        }
        return new Scenario("volume-anomaly", t, List.of(label("volume_anomaly", ws.getHostAddress(), List.of(), start, at,
                "2000 connections in 50 s after 70 quiet minutes")), INTERNAL);
    }
}
