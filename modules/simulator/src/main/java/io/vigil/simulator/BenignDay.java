package io.vigil.simulator;

import static io.vigil.simulator.Scenarios.EPOCH;
import static io.vigil.simulator.Scenarios.RESOLVER;
import static io.vigil.simulator.Scenarios.WEB;
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
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Whole days of a small care provider's ordinary traffic, generated hour by hour and
 * streamed (never all in memory): outside visitors on the website with a weekday-office
 * rhythm, staff browsing and resolving names in office hours, mail arriving over SMTP and
 * read over IMAPS from home, an uptime monitor polling the site every minute, an admin's
 * SSH sessions, update checks every few hours with random delay, ICMP monitoring, and the
 * nightly offsite backup at 02:00 (1 GB at 10 MB/s from 10.10.1.50 to 198.51.100.250:443 — a site
 * would allowlist it).
 */
public final class BenignDay {

    public static final String BACKUP_SERVER = "10.10.1.50";
    public static final String BACKUP_TARGET = "198.51.100.250";
    private static final InetAddress MAIL = ip("10.10.1.25");

    private BenignDay() {}

    /** Streams {@code hours} hours of packets, in time order, to {@code sink}. */
    public static long stream(long seed, int hours, Consumer<Traffic.Packet> sink) {
        return stream(seed, 0, hours, sink);
    }

    /** Streams hours {@code from} to {@code from + hours} of the day (hour 0 is 09:00 on a Monday). */
    public static long stream(long seed, int from, int hours, Consumer<Traffic.Packet> sink) {
        long t0 = EPOCH.toEpochMilli() * MS + from * 3600L * SECOND;
        List<Traffic.Packet> pending = new ArrayList<>();
        long count = 0;
        Random updates = new Random(seed ^ 0x5eed);
        long[] nextUpdate = new long[20];
        for (int i = 0; i < nextUpdate.length; i++) nextUpdate[i] = t0 + (long) updates.nextInt(4 * 3600) * SECOND;
        for (int h = 0; h < hours; h++) {
            long start = t0 + h * 3600 * SECOND;
            Traffic t = new Traffic(seed * 7919 + h);
            hour(t, start, nextUpdate, updates);
            List<Traffic.Packet> batch = new ArrayList<>(pending);
            batch.addAll(t.sorted());
            batch.sort(Comparator.comparingLong(Traffic.Packet::tsNanos));
            pending.clear();
            long horizon = start + 3600 * SECOND;
            for (Traffic.Packet p : batch) {
                if (p.tsNanos() < horizon || h == hours - 1) {
                    sink.accept(p);
                    count++;
                } else {
                    pending.add(p);
                }
            }
        }
        return count;
    }

    /** Writes {@code hours} hours as an Ethernet pcap snapped at 256 bytes; returns the packets. */
    public static long write(Path file, long seed, int hours) throws IOException {
        Framing framing = new Framing(LinkType.ETHERNET, 0);
        try (PcapWriter w = new PcapWriter(file, LinkType.ETHERNET, false, 256)) {
            IOException[] failed = new IOException[1];
            long n = stream(seed, hours, p -> {
                if (failed[0] != null) return;
                try {
                    byte[] frame = framing.frame(p.ip());
                    w.write(p.tsNanos(), frame, frame.length + p.wireExtra());
                } catch (IOException e) {
                    failed[0] = e;
                }
            });
            if (failed[0] != null) throw failed[0];
            return n;
        }
    }

    /** How busy an hour is, 0..1: office hours on weekdays, quiet nights and weekends. */
    static double activity(long startNanos) {
        ZonedDateTime z = Instant.ofEpochMilli(startNanos / MS).atZone(ZoneOffset.UTC);
        boolean weekend = z.getDayOfWeek() == DayOfWeek.SATURDAY || z.getDayOfWeek() == DayOfWeek.SUNDAY;
        int hour = z.getHour();
        double a = hour >= 8 && hour < 18 ? 1.0 : hour >= 6 && hour < 22 ? 0.35 : 0.08;
        return weekend ? a * 0.4 : a;
    }

    private static void hour(Traffic t, long start, long[] nextUpdate, Random updates) {
        Random r = t.random();
        long end = start + 3600 * SECOND;
        double a = activity(start);
        // Visitors and staff: the demo's background at a small site's rate.
        Scenarios.background(t, start, 3600, 0.12 * a + 0.01);
        // Mail: an outside MTA delivers every few minutes; staff read mail from home over IMAPS.
        for (long at = start + r.nextInt(300) * SECOND; at < end; at += (60 + r.nextInt(400)) * SECOND) {
            t.tcpSession(at, ip("198.51.100." + (30 + r.nextInt(5))), t.ephemeralPort(), MAIL, 25,
                    "EHLO mx.example.org\r\n".getBytes(), "220 mail.example-care.org ESMTP\r\n".getBytes(),
                    400 + r.nextInt(800), 30 * MS);
        }
        for (long at = start + r.nextInt(600) * SECOND; at < end; at += (long) ((600 + r.nextInt(1200)) / Math.max(a, 0.2)) * SECOND) {
            t.tlsSession(at, ip("203.0.113." + (100 + r.nextInt(50))), t.ephemeralPort(), MAIL, 993, "mail.example-care.org",
                    TlsMessages.TLS13, 20_000 + r.nextInt(200_000), 40 * MS);
        }
        // An uptime monitor checks the website every minute (inbound, regular, benign).
        for (long at = start + 7 * SECOND; at < end; at += 60 * SECOND) {
            t.tlsSession(at, ip("198.51.100.99"), t.ephemeralPort(), WEB, 443, "www.example-care.org", TlsMessages.TLS13,
                    3000, 25 * MS);
        }
        // The admin's SSH sessions to servers, in office hours.
        if (a >= 1.0 && r.nextInt(3) == 0) {
            t.tcpSession(start + r.nextInt(3000) * SECOND, ip("10.10.2.5"), t.ephemeralPort(), ip("10.10.1.22"), 22,
                    "SSH-2.0-OpenSSH_9.2\r\n".getBytes(), "SSH-2.0-OpenSSH_9.2p1\r\n".getBytes(), 200_000, 5 * MS);
        }
        // Update checks: each workstation every 4 h, give or take an hour.
        for (int i = 0; i < nextUpdate.length; i++) {
            while (nextUpdate[i] < end) {
                if (nextUpdate[i] >= start) {
                    InetAddress ws = ip("10.10.2." + (11 + i));
                    long v = t.dnsLookup(nextUpdate[i], ws, RESOLVER, "updates.example.org", DnsMessages.A, DnsMessages.NOERROR, 2 * MS);
                    t.tlsSession(v + MS, ws, t.ephemeralPort(), ip("198.51.100.88"), 443, "updates.example.org",
                            TlsMessages.TLS13, 5_000 + r.nextInt(50_000), 30 * MS);
                }
                nextUpdate[i] += (3 * 3600 + updates.nextInt(2 * 3600)) * SECOND;
            }
        }
        // The nightly offsite backup at 02:00.
        ZonedDateTime z = Instant.ofEpochMilli(start / MS).atZone(ZoneOffset.UTC);
        if (z.getHour() == 2) {
            t.bulkUpload(start + 60 * SECOND, ip(BACKUP_SERVER), t.ephemeralPort(), ip(BACKUP_TARGET), 443, 1L << 30,
                    10L << 20, 15 * MS);
        }
    }
}
