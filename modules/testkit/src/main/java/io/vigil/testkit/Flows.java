package io.vigil.testkit;

import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builders for flow records as the collector would export them, for detector tests. */
public final class Flows {

    public static final String SITE = "test-site";
    /** When the tests' traffic starts: a Monday, 09:00 UTC (a working hour, for seasonal baselines). */
    public static final long T0 = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();

    private Flows() {}

    /** A SYN to a closed port, answered by RST. */
    public static FlowRecord rejected(String src, String dst, int port, long atMs) {
        return tcp(src, dst, port, atMs, atMs + 1, "rejected", FlowRecord.SYN, FlowRecord.RST | FlowRecord.ACK, 1, 1);
    }

    /** A SYN nobody answered. */
    public static FlowRecord unanswered(String src, String dst, int port, long atMs) {
        return tcp(src, dst, port, atMs, atMs, "unanswered", FlowRecord.SYN, 0, 1, 0);
    }

    /** A SYN scan probe of an open port: SYN, SYN+ACK, RST. */
    public static FlowRecord halfOpen(String src, String dst, int port, long atMs) {
        return tcp(src, dst, port, atMs, atMs + 2, "partial", FlowRecord.SYN | FlowRecord.RST,
                FlowRecord.SYN | FlowRecord.ACK, 2, 1);
    }

    /** An ordinary established session of {@code seconds}. */
    public static FlowRecord established(String src, String dst, int port, long atMs, long seconds) {
        int all = FlowRecord.SYN | FlowRecord.ACK | FlowRecord.PSH | FlowRecord.FIN;
        return tcp(src, dst, port, atMs, atMs + seconds * 1000, "established", all, all, 12, 10);
    }

    public static FlowRecord tcp(String src, String dst, int port, long startMs, long endMs, String state,
                                 int flagsOut, int flagsIn, long packetsOut, long packetsIn) {
        return FlowRecord.builder().site(SITE).collector("test-collector")
                .flowId(Long.toHexString((src + dst + port + startMs).hashCode()))
                .start(startMs).end(endMs).proto("tcp")
                .src(src, 40000 + Math.floorMod((src + port).hashCode(), 20000)).dst(dst, port)
                .out(packetsOut, packetsOut * 60).in(packetsIn, packetsIn * 60)
                .tcpFlags(flagsOut, flagsIn).tcpState(state)
                .endReason(state.equals("established") ? "fin" : state.equals("unanswered") ? "idle" : "rst")
                .direction(direction(src, dst))
                .build();
    }

    /**
     * A connection {@code src} opened, as its first (and only) piece: {@code sent} bytes out,
     * {@code received} back, over {@code ms}.
     */
    public static FlowRecord session(String src, String dst, int port, long atMs, long ms, long sent, long received,
                                     String app, String tls) {
        int all = FlowRecord.SYN | FlowRecord.ACK | FlowRecord.PSH | FlowRecord.FIN;
        return FlowRecord.builder().site(SITE).collector("test-collector")
                .flowId(Long.toHexString((src + dst + port + atMs).hashCode()))
                .start(atMs).end(atMs + ms).proto("tcp")
                .src(src, 40000 + Math.floorMod((src + port + atMs).hashCode(), 20000)).dst(dst, port)
                .out(Math.max(3, sent / 1400), sent).in(Math.max(2, received / 1400), received)
                .tcpFlags(all, all).tcpState("established").endReason("fin").direction(direction(src, dst))
                .appProto(app).tlsVersion(tls).build();
    }

    /**
     * One DNS flow piece from {@code src} to {@code server}: every name listed (as the collector
     * lists up to its bound), and {@code distinct} names counted in all (more than listed when
     * the piece asked past the bound).
     */
    public static FlowRecord dns(String src, String server, long atMs, String qtype, List<String> names,
                                 int distinct) {
        List<FlowRecord.DnsQuery> q = new ArrayList<>();
        long bytes = 0;
        int longest = 0;
        for (String n : names) {
            q.add(new FlowRecord.DnsQuery(n, qtype, "NOERROR"));
            bytes += n.length();
            for (String label : n.split("\\.")) longest = Math.max(longest, label.length());
        }
        return FlowRecord.builder().site(SITE).collector("test-collector")
                .flowId(Long.toHexString((src + server + atMs).hashCode()))
                .start(atMs).end(atMs + Math.max(1, names.size())).proto("udp")
                .src(src, 30000 + Math.floorMod((src + atMs).hashCode(), 30000)).dst(server, 53)
                .out(distinct, distinct * 90L).in(distinct, distinct * 140L).endReason("idle")
                .direction(direction(src, server)).appProto("dns")
                .dns(new FlowRecord.DnsFacts(q, distinct, distinct, distinct, bytes * distinct / Math.max(1, names.size()),
                        longest, Map.of(qtype, distinct), distinct * 140L, 140))
                .build();
    }

    /**
     * One ICMP echo flow piece from {@code src} to {@code dst} of {@code ms}: {@code requests}
     * and {@code replies} of {@code requestBytes} and {@code replyBytes} in all, with the echo
     * facts the collector counts ({@code sizes}, {@code unpaired}, {@code mismatched}, {@code changed}).
     */
    public static FlowRecord echo(String src, String dst, long atMs, long ms, long requests, long requestBytes,
                                  long replies, long replyBytes, FlowRecord.IcmpFacts facts) {
        return FlowRecord.builder().site(SITE).collector("test-collector")
                .flowId(Long.toHexString((src + dst + "icmp" + atMs).hashCode()))
                .start(atMs).end(atMs + ms).proto("icmp").src(src, 0).dst(dst, 8 << 8)
                .out(requests, requestBytes).in(replies, replyBytes).endReason("idle")
                .direction(direction(src, dst)).icmp(facts).build();
    }

    /** The collector's key: site and the internal end of the flow. */
    public static String key(FlowRecord f) {
        return f.hostKey();
    }

    static Direction direction(String src, String dst) {
        return Direction.of(src.startsWith("10."), dst.startsWith("10."));
    }
}
