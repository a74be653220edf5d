package io.vigil.simulator;

import io.vigil.simulator.packet.DnsMessages;
import io.vigil.simulator.packet.Framing;
import io.vigil.simulator.packet.IpPackets;
import io.vigil.simulator.packet.TlsMessages;
import io.vigil.runtime.pcap.CaptureWriter;
import io.vigil.runtime.pcap.LinkType;
import io.vigil.runtime.pcap.PcapWriter;
import io.vigil.runtime.pcap.PcapngWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A timeline of IP packets built conversation by conversation. Times are epoch nanoseconds;
 * every builder returns the time of its last packet so conversations can be chained.
 * Packets are kept in memory and sorted when written, so builders may interleave freely.
 */
public final class Traffic {

    /** TCP header flag bits. */
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;
    private static final int MSS = 1448;
    public static final long MS = 1_000_000L;
    public static final long SECOND = 1_000_000_000L;

    /**
     * One packet of the timeline. {@code wireExtra} bytes were on the wire beyond {@code ip}
     * (the payload of a bulk transfer, not kept: the capture records it as snapped).
     */
    public record Packet(long tsNanos, byte[] ip, int wireExtra) {
        public Packet(long tsNanos, byte[] ip) {
            this(tsNanos, ip, 0);
        }
    }

    private final List<Packet> packets = new ArrayList<>();
    private final Random random;

    public Traffic(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    public static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + literal);
        }
    }

    public int ephemeralPort() {
        return 32768 + random.nextInt(28000);
    }

    public Traffic add(long tsNanos, byte[] ip) {
        packets.add(new Packet(tsNanos, ip));
        return this;
    }

    public int size() {
        return packets.size();
    }

    /**
     * A complete TCP conversation: handshake, {@code request} from the client, a response of
     * {@code responseBytes} in MSS-sized segments (acknowledged every second segment), then a
     * FIN exchange started by the client.
     */
    public long tcpSession(long t, InetAddress client, int cport, InetAddress server, int sport,
                           byte[] request, byte[] responseHead, int responseBytes, long rtt) {
        long cs = random.nextInt() & 0xffffffffL;
        long ss = random.nextInt() & 0xffffffffL;
        add(t, IpPackets.tcp(client, cport, server, sport, cs, 0, SYN, new byte[0]));
        t += rtt / 2;
        add(t, IpPackets.tcp(server, sport, client, cport, ss, cs + 1, SYN | ACK, new byte[0]));
        t += rtt / 2;
        cs++;
        ss++;
        add(t, IpPackets.tcp(client, cport, server, sport, cs, ss, ACK, new byte[0]));
        if (request.length > 0) {
            t += 100_000;
            add(t, IpPackets.tcp(client, cport, server, sport, cs, ss, PSH | ACK, request));
            cs += request.length;
        }
        t += rtt / 2;
        int sent = 0;
        int segment = 0;
        byte[] head = responseHead == null ? new byte[0] : responseHead;
        while (sent < responseBytes) {
            int n = Math.min(MSS, responseBytes - sent);
            byte[] payload = new byte[n];
            if (sent == 0) System.arraycopy(head, 0, payload, 0, Math.min(head.length, n));
            add(t, IpPackets.tcp(server, sport, client, cport, ss, cs, ACK | (sent + n == responseBytes ? PSH : 0), payload));
            ss += n;
            sent += n;
            if (++segment % 2 == 0 || sent == responseBytes) {
                add(t + rtt / 2, IpPackets.tcp(client, cport, server, sport, cs, ss, ACK, new byte[0]));
            }
            t += 50_000; // 50 µs between segments
        }
        t += rtt;
        add(t, IpPackets.tcp(client, cport, server, sport, cs, ss, FIN | ACK, new byte[0]));
        t += rtt / 2;
        add(t, IpPackets.tcp(server, sport, client, cport, ss, cs + 1, FIN | ACK, new byte[0]));
        t += rtt / 2;
        add(t, IpPackets.tcp(client, cport, server, sport, cs + 1, ss + 1, ACK, new byte[0]));
        return t;
    }

    /** A TLS session: the hellos, then {@code responseBytes} of encrypted data. */
    public long tlsSession(long t, InetAddress client, int cport, InetAddress server, int sport,
                           String serverName, int version, int responseBytes, long rtt) {
        return tcpSession(t, client, cport, server, sport, TlsMessages.clientHello(serverName, version),
                TlsMessages.serverHello(version), Math.max(responseBytes, TlsMessages.serverHello(version).length), rtt);
    }

    /** A plain HTTP GET answered with {@code responseBytes}. */
    public long httpSession(long t, InetAddress client, int cport, InetAddress server, int sport,
                            String path, int responseBytes, long rtt) {
        byte[] req = ("GET " + path + " HTTP/1.1\r\nHost: " + server.getHostAddress() + "\r\n\r\n").getBytes();
        return tcpSession(t, client, cport, server, sport, req, "HTTP/1.1 200 OK\r\n".getBytes(), responseBytes, rtt);
    }

    /** A connection attempt to a closed port: SYN answered by RST+ACK. */
    public long tcpRejected(long t, InetAddress client, int cport, InetAddress server, int sport, long rtt) {
        long cs = random.nextInt() & 0xffffffffL;
        add(t, IpPackets.tcp(client, cport, server, sport, cs, 0, SYN, new byte[0]));
        add(t + rtt, IpPackets.tcp(server, sport, client, cport, 0, cs + 1, RST | ACK, new byte[0]));
        return t + rtt;
    }

    /** A SYN nobody answers (filtered port or absent host). */
    public long tcpUnanswered(long t, InetAddress client, int cport, InetAddress server, int sport) {
        add(t, IpPackets.tcp(client, cport, server, sport, random.nextInt() & 0xffffffffL, 0, SYN, new byte[0]));
        return t;
    }

    /** A half-open probe of an open port, as a SYN scan does: SYN, SYN+ACK, RST from the prober. */
    public long tcpHalfOpen(long t, InetAddress client, int cport, InetAddress server, int sport, long rtt) {
        long cs = random.nextInt() & 0xffffffffL;
        long ss = random.nextInt() & 0xffffffffL;
        add(t, IpPackets.tcp(client, cport, server, sport, cs, 0, SYN, new byte[0]));
        add(t + rtt / 2, IpPackets.tcp(server, sport, client, cport, ss, cs + 1, SYN | ACK, new byte[0]));
        add(t + rtt, IpPackets.tcp(client, cport, server, sport, cs + 1, 0, RST, new byte[0]));
        return t + rtt;
    }

    /** A flood packet: SYN answered by SYN+ACK, and nothing more (a spoofed source never replies). */
    public long tcpHalfOpenNoReset(long t, InetAddress client, int cport, InetAddress server, int sport, long rtt) {
        long cs = random.nextInt() & 0xffffffffL;
        add(t, IpPackets.tcp(client, cport, server, sport, cs, 0, SYN, new byte[0]));
        add(t + rtt / 2, IpPackets.tcp(server, sport, client, cport, random.nextInt() & 0xffffffffL, cs + 1, SYN | ACK,
                new byte[0]));
        return t + rtt / 2;
    }

    /** One UDP request and, when {@code response} is not null, its answer. */
    public long udpExchange(long t, InetAddress client, int cport, InetAddress server, int sport,
                            byte[] request, byte[] response, long rtt) {
        add(t, IpPackets.udp(client, cport, server, sport, request));
        if (response == null) return t;
        add(t + rtt, IpPackets.udp(server, sport, client, cport, response));
        return t + rtt;
    }

    /** A DNS lookup over UDP; an A answer carries a documentation address. */
    public long dnsLookup(long t, InetAddress client, InetAddress resolver, String name, int qtype, int rcode, long rtt) {
        int id = random.nextInt(65536);
        byte[] answer = qtype == DnsMessages.AAAA ? ip("2001:db8::1").getAddress() : new byte[] {(byte) 192, 0, 2, 1};
        return udpExchange(t, client, ephemeralPort(), resolver, 53, DnsMessages.query(id, name, qtype),
                DnsMessages.response(id, name, qtype, rcode, answer), rtt);
    }

    /** An ICMP echo request and reply. */
    public long ping(long t, InetAddress from, InetAddress to, int seq, long rtt) {
        int id = 0x4242;
        byte[] payload = new byte[56];
        add(t, IpPackets.echo(from, to, false, id, seq, payload));
        add(t + rtt, IpPackets.echo(to, from, true, id, seq, payload));
        return t + rtt;
    }

    /**
     * A large upload from {@code client} to {@code server}: a handshake, then {@code bytes} in
     * full-size segments at {@code bytesPerSecond}, acknowledged every other segment, then a
     * FIN exchange. The segments' payload is not kept (the capture shows them snapped after the
     * TCP header, as a short snaplen would), so gigabytes cost megabytes. Returns the end time.
     */
    public long bulkUpload(long t, InetAddress client, int cport, InetAddress server, int sport, long bytes,
                           long bytesPerSecond, long rtt) {
        long cs = random.nextInt() & 0xffffffffL;
        long ss = random.nextInt() & 0xffffffffL;
        add(t, IpPackets.tcp(client, cport, server, sport, cs, 0, SYN, new byte[0]));
        add(t + rtt / 2, IpPackets.tcp(server, sport, client, cport, ss, cs + 1, SYN | ACK, new byte[0]));
        t += rtt;
        cs++;
        ss++;
        add(t, IpPackets.tcp(client, cport, server, sport, cs, ss, ACK, new byte[0]));
        long gap = Math.max(1, MSS * 1_000_000_000L / bytesPerSecond);
        long sent = 0;
        int segment = 0;
        while (sent < bytes) {
            int n = (int) Math.min(MSS, bytes - sent);
            byte[] header = IpPackets.tcpHeaderOnly(client, cport, server, sport, cs, ss, ACK | PSH, n);
            packets.add(new Packet(t, header, n));
            cs += n;
            sent += n;
            if (++segment % 2 == 0) add(t + rtt / 2, IpPackets.tcp(server, sport, client, cport, ss, cs, ACK, new byte[0]));
            t += gap;
        }
        add(t, IpPackets.tcp(client, cport, server, sport, cs, ss, FIN | ACK, new byte[0]));
        add(t + rtt / 2, IpPackets.tcp(server, sport, client, cport, ss, cs + 1, FIN | ACK, new byte[0]));
        add(t + rtt, IpPackets.tcp(client, cport, server, sport, cs + 1, ss + 1, ACK, new byte[0]));
        return t + rtt;
    }

    /** The packets in time order (stable for equal times). */
    public List<Packet> sorted() {
        List<Packet> copy = new ArrayList<>(packets);
        copy.sort(Comparator.comparingLong(Packet::tsNanos));
        return copy;
    }

    /** Writes the timeline as a capture of the framing's link type. */
    public void write(Path file, Framing framing, boolean nanos, boolean pcapng) throws IOException {
        try (CaptureWriter w = pcapng ? new PcapngWriter(file, framing.linkType(), nanos, 65535)
                : new PcapWriter(file, framing.linkType(), nanos, 65535)) {
            for (Packet p : sorted()) {
                byte[] frame = framing.frame(p.ip());
                w.write(p.tsNanos(), frame, frame.length + p.wireExtra());
            }
        }
    }

    /** Writes an untagged Ethernet pcap with microsecond timestamps, the commonest capture; returns the file. */
    public Path write(Path file) throws IOException {
        write(file, new Framing(LinkType.ETHERNET, 0), false, false);
        return file;
    }
}
