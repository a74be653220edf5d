package io.vigil.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact binary encoding of a flow record: the same fields as the JSON contract, in a fixed
 * order, numbers as variable-length integers. A collector may publish it instead of JSON
 * ({@code kafka.flow-encoding: binary}); every reader of the flows topic tells the two apart by
 * the first byte, so JSON from older collectors and exporters is still read beside it.
 *
 * <p>Why: decoding JSON was a fifth of the detector's time (issue 25's profile) — field names
 * looked up for every record, text turned into numbers. Layout (docs/contracts.md):
 * <pre>
 * 0x00 (no JSON text starts with it) · format 0x01 · v · site · collector · flow_id · seq · start ·
 * end − start · proto · src_ip · src_port · dst_ip · dst_port · packets_out · bytes_out ·
 * packets_in · bytes_in · tcp_flags_out · tcp_flags_in · tcp_state · end_reason · direction ·
 * app_proto · tls_version · cleartext_login · source · server_name · flow_start? · dns? · icmp? ·
 * bursts? · end_of_input?
 * </pre>
 * Numbers are zig-zag varints (as in Protocol Buffers' {@code sint64}); a string is its UTF-8
 * length plus one as a varint, then the bytes (0 is null); a list or map its size, then its
 * items; {@code x?} is a byte 0 (absent) or 1 followed by the part. Nothing may follow the last part.
 */
public final class FlowRecordBinary {

    /** The first byte of a binary record. */
    public static final byte MAGIC = 0;
    /** The layout above; a reader refuses a format it does not know. */
    public static final byte FORMAT = 1;

    private FlowRecordBinary() {}

    /** A binary record that cannot be read: what is wrong and at which byte. */
    public static final class Malformed extends IOException {
        Malformed(String what, int at) {
            super("binary flow record: " + what + " at byte " + at);
        }
    }

    /** True for bytes in this encoding (rather than JSON). */
    public static boolean isBinary(byte[] data) {
        return data.length > 0 && data[0] == MAGIC;
    }

    public static byte[] write(FlowRecord f) {
        Out o = new Out();
        o.buf[o.n++] = MAGIC;
        o.buf[o.n++] = FORMAT;
        o.num(f.v());
        o.str(f.site());
        o.str(f.collector());
        o.str(f.flowId());
        o.num(f.seq());
        o.num(f.start());
        o.num(f.end() - f.start());
        o.str(f.proto());
        o.str(f.srcIp());
        o.num(f.srcPort());
        o.str(f.dstIp());
        o.num(f.dstPort());
        o.num(f.packetsOut());
        o.num(f.bytesOut());
        o.num(f.packetsIn());
        o.num(f.bytesIn());
        o.num(f.tcpFlagsOut());
        o.num(f.tcpFlagsIn());
        o.str(f.tcpState());
        o.str(f.endReason());
        o.str(Direction.wireOf(f.direction()));
        o.str(f.appProto());
        o.str(f.tlsVersion());
        o.str(f.cleartextLogin());
        o.str(f.source());
        o.str(f.serverName());
        if (o.has(f.flowStart())) o.num(f.flowStart());
        if (o.has(f.dns())) dns(o, f.dns());
        if (o.has(f.icmp())) {
            o.num(f.icmp().sizes());
            o.num(f.icmp().unpaired());
            o.num(f.icmp().mismatched());
            o.num(f.icmp().changed());
        }
        if (o.has(f.bursts())) {
            o.num(f.bursts().count());
            o.ints(f.bursts().at());
            o.ints(f.bursts().bytes());
        }
        if (o.has(f.endOfInput())) {
            o.str(f.endOfInput().run());
            o.num(f.endOfInput().partition());
            o.num(f.endOfInput().partitions());
        }
        return Arrays.copyOf(o.buf, o.n);
    }

    private static void dns(Out o, FlowRecord.DnsFacts d) {
        List<FlowRecord.DnsQuery> queries = d.queries() == null ? List.of() : d.queries();
        o.num(queries.size());
        for (FlowRecord.DnsQuery q : queries) {
            o.str(q.name());
            o.str(q.qtype());
            o.str(q.rcode());
        }
        o.num(d.queryCount());
        o.num(d.responseCount());
        o.num(d.distinctNames());
        o.num(d.nameBytes());
        o.num(d.longestLabel());
        Map<String, Integer> qtypes = d.qtypes() == null ? Map.of() : d.qtypes();
        o.num(qtypes.size());
        qtypes.forEach((type, n) -> {
            o.str(type);
            o.num(n);
        });
        o.num(d.answerBytes());
        o.num(d.maxAnswerBytes());
    }

    public static FlowRecord read(byte[] data) throws Malformed {
        In in = new In(data);
        if (in.data.length < 2 || in.data[0] != MAGIC) throw new Malformed("no binary header", 0);
        if (in.data[1] != FORMAT) throw new Malformed("format " + in.data[1] + " unknown (this reader knows " + FORMAT + ")", 1);
        in.at = 2;
        int v = in.integer("v");
        String site = in.str(), collector = in.str(), flowId = in.str();
        int seq = in.integer("seq");
        long start = in.num(), end = start + in.num();
        String proto = in.str(), srcIp = in.str();
        int srcPort = in.integer("src_port");
        String dstIp = in.str();
        int dstPort = in.integer("dst_port");
        long packetsOut = in.num(), bytesOut = in.num(), packetsIn = in.num(), bytesIn = in.num();
        int flagsOut = in.integer("tcp_flags_out"), flagsIn = in.integer("tcp_flags_in");
        String tcpState = in.str(), endReason = in.str(), direction = in.str(), appProto = in.str(), tlsVersion = in.str(),
                login = in.str(), source = in.str(), serverName = in.str();
        Long flowStart = in.has() ? in.num() : null;
        FlowRecord.DnsFacts dns = in.has() ? dns(in) : null;
        FlowRecord.IcmpFacts icmp = in.has() ? new FlowRecord.IcmpFacts(in.integer("icmp.sizes"),
                in.integer("icmp.unpaired"), in.integer("icmp.mismatched"), in.integer("icmp.changed")) : null;
        FlowRecord.Bursts bursts = in.has() ? new FlowRecord.Bursts(in.integer("bursts.count"), in.ints("bursts.at"),
                in.ints("bursts.bytes")) : null;
        FlowRecord.EndOfInput eoi = in.has() ? new FlowRecord.EndOfInput(in.str(), in.integer("end_of_input.partition"),
                in.integer("end_of_input.partitions")) : null;
        if (in.at != data.length) throw new Malformed((data.length - in.at) + " bytes after the record", in.at);
        Direction d;
        try {
            d = direction == null ? null : Direction.parse(direction);
        } catch (IllegalArgumentException e) {
            throw new Malformed(e.getMessage(), 0);
        }
        return new FlowRecord(v, site, collector, flowId, seq, start, end, proto, srcIp, srcPort, dstIp, dstPort,
                packetsOut, bytesOut, packetsIn, bytesIn, flagsOut, flagsIn, tcpState, endReason, d, appProto,
                tlsVersion, login, dns, eoi, source, serverName, icmp, flowStart, bursts);
    }

    private static FlowRecord.DnsFacts dns(In in) throws Malformed {
        int n = in.size("dns.queries");
        List<FlowRecord.DnsQuery> queries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) queries.add(new FlowRecord.DnsQuery(in.str(), in.str(), in.str()));
        int queryCount = in.integer("dns.query_count"), responseCount = in.integer("dns.response_count"),
                distinct = in.integer("dns.distinct_names");
        long nameBytes = in.num();
        int longestLabel = in.integer("dns.longest_label");
        int types = in.size("dns.qtypes");
        Map<String, Integer> qtypes = new LinkedHashMap<>();
        for (int i = 0; i < types; i++) qtypes.put(in.str(), in.integer("dns.qtypes"));
        long answerBytes = in.num();
        int maxAnswer = in.integer("dns.max_answer_bytes");
        return new FlowRecord.DnsFacts(queries, queryCount, responseCount, distinct, nameBytes, longestLabel, qtypes,
                answerBytes, maxAnswer);
    }

    /** A growing buffer; records are small (a DNS flow with 128 names is the largest, a few KB). */
    private static final class Out {
        byte[] buf = new byte[128];
        int n;

        void num(long x) {
            long z = (x << 1) ^ (x >> 63);
            room(10);
            while ((z & ~0x7FL) != 0) {
                buf[n++] = (byte) ((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            buf[n++] = (byte) z;
        }

        void str(String s) {
            if (s == null) {
                num(0);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            num(b.length + 1L);
            room(b.length);
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
        }

        void ints(List<Integer> xs) {
            num(xs == null ? 0 : xs.size());
            if (xs != null) for (Integer x : xs) num(x == null ? 0 : x);
        }

        boolean has(Object part) {
            room(1);
            buf[n++] = (byte) (part == null ? 0 : 1);
            return part != null;
        }

        private void room(int more) {
            if (n + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
        }
    }

    private static final class In {
        final byte[] data;
        int at;

        In(byte[] data) {
            this.data = data;
        }

        long num() throws Malformed {
            long z = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= data.length) throw new Malformed("truncated", at);
                byte b = data[at++];
                z |= (long) (b & 0x7F) << shift;
                if (b >= 0) return (z >>> 1) ^ -(z & 1);
            }
            throw new Malformed("number longer than ten bytes", at);
        }

        int integer(String field) throws Malformed {
            int from = at;
            long x = num();
            if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) throw new Malformed(field + " out of range", from);
            return (int) x;
        }

        int size(String field) throws Malformed {
            int from = at;
            long x = num();
            // each item takes at least a byte
            if (x < 0 || x > data.length - at) throw new Malformed(field + ": " + x + " items cannot fit", from);
            return (int) x;
        }

        String str() throws Malformed {
            int from = at;
            long len = num() - 1;
            if (len < 0) {
                if (len == -1) return null;
                throw new Malformed("negative string length", from);
            }
            if (len > data.length - at) throw new Malformed("string of " + len + " bytes runs past the end", from);
            String s = new String(data, at, (int) len, StandardCharsets.UTF_8);
            at += (int) len;
            return s;
        }

        List<Integer> ints(String field) throws Malformed {
            int n = size(field);
            List<Integer> xs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) xs.add(integer(field));
            return xs;
        }

        boolean has() throws Malformed {
            if (at >= data.length) throw new Malformed("truncated", at);
            byte b = data[at++];
            if (b == 0 || b == 1) return b == 1;
            throw new Malformed("presence byte " + b + " is neither 0 nor 1", at - 1);
        }
    }
}
