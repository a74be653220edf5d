package io.vigil.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes flow records as JSON bytes directly, the way {@link FlowRecordSerializer} does
 * through Jackson but without a generator: a flow record is mostly numbers and short ASCII
 * strings, and this writer is several times faster, which is what lets {@code vigil flows}
 * keep pace with the capture reader. Strings are escaped per RFC 8259.
 */
public final class FlowRecordJson {

    private byte[] buf = new byte[1024];
    private int len;

    /** The record as one JSON object, without a newline. */
    public byte[] toBytes(FlowRecord r) {
        len = 0;
        write(r);
        return Arrays.copyOf(buf, len);
    }

    /** Appends the record and a newline to {@code out}. */
    public void writeLine(FlowRecord r, OutputStream out) throws IOException {
        len = 0;
        write(r);
        put('\n');
        out.write(buf, 0, len);
    }

    private void write(FlowRecord r) {
        put('{');
        num("v", r.v(), true);
        str("site", r.site());
        str("collector", r.collector());
        str("flow_id", r.flowId());
        num("seq", r.seq(), false);
        num("start", r.start(), false);
        num("end", r.end(), false);
        str("proto", r.proto());
        str("src_ip", r.srcIp());
        num("src_port", r.srcPort(), false);
        str("dst_ip", r.dstIp());
        num("dst_port", r.dstPort(), false);
        num("packets_out", r.packetsOut(), false);
        num("bytes_out", r.bytesOut(), false);
        num("packets_in", r.packetsIn(), false);
        num("bytes_in", r.bytesIn(), false);
        num("tcp_flags_out", r.tcpFlagsOut(), false);
        num("tcp_flags_in", r.tcpFlagsIn(), false);
        str("tcp_state", r.tcpState());
        str("end_reason", r.endReason());
        str("direction", Direction.wireOf(r.direction()));
        str("app_proto", r.appProto());
        str("tls_version", r.tlsVersion());
        str("server_name", r.serverName());
        str("cleartext_login", r.cleartextLogin());
        FlowRecord.DnsFacts dns = r.dns();
        if (dns != null) {
            ascii(",\"dns\":{\"queries\":[");
            boolean first = true;
            for (FlowRecord.DnsQuery q : dns.queries()) {
                if (!first) put(',');
                first = false;
                put('{');
                boolean any = false;
                if (q.name() != null) { strValue("name", q.name(), true); any = true; }
                if (q.qtype() != null) { strValue("qtype", q.qtype(), !any); any = true; }
                if (q.rcode() != null) strValue("rcode", q.rcode(), !any);
                put('}');
            }
            put(']');
            num("query_count", dns.queryCount(), false);
            num("response_count", dns.responseCount(), false);
            num("distinct_names", dns.distinctNames(), false);
            num("name_bytes", dns.nameBytes(), false);
            num("longest_label", dns.longestLabel(), false);
            ascii(",\"qtypes\":{");
            boolean firstType = true;
            for (Map.Entry<String, Integer> e : dns.qtypes().entrySet()) {
                if (!firstType) put(',');
                firstType = false;
                escaped(e.getKey());
                put(':');
                num(e.getValue());
            }
            put('}');
            num("answer_bytes", dns.answerBytes(), false);
            num("max_answer_bytes", dns.maxAnswerBytes(), false);
            put('}');
        }
        if (r.flowStart() != null) num("flow_start", r.flowStart(), false);
        FlowRecord.Bursts bursts = r.bursts();
        if (bursts != null) {
            ascii(",\"bursts\":{");
            num("count", bursts.count(), true);
            ints("at", bursts.at());
            ints("bytes", bursts.bytes());
            put('}');
        }
        FlowRecord.IcmpFacts icmp = r.icmp();
        if (icmp != null) {
            ascii(",\"icmp\":{");
            num("sizes", icmp.sizes(), true);
            num("unpaired", icmp.unpaired(), false);
            num("mismatched", icmp.mismatched(), false);
            num("changed", icmp.changed(), false);
            put('}');
        }
        str("source", r.source());
        FlowRecord.EndOfInput eoi = r.endOfInput();
        if (eoi != null) {
            ascii(",\"end_of_input\":{");
            boolean any = false;
            if (eoi.run() != null) { strValue("run", eoi.run(), true); any = true; }
            num("partition", eoi.partition(), !any);
            num("partitions", eoi.partitions(), false);
            put('}');
        }
        put('}');
    }

    private void ints(String name, List<Integer> values) {
        put(',');
        put('"');
        ascii(name);
        ascii("\":[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) put(',');
            num(values.get(i));
        }
        put(']');
    }

    private void str(String name, String value) {
        if (value != null) strValue(name, value, false);
    }

    private void strValue(String name, String value, boolean first) {
        if (!first) put(',');
        put('"');
        ascii(name);
        ascii("\":");
        escaped(value);
    }

    /** A JSON string: quoted, escaped per RFC 8259. */
    private void escaped(String value) {
        put('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                put(c);
            } else if (c == '"' || c == '\\') {
                put('\\');
                put(c);
            } else if (c < 0x20) {
                ascii("\\u00");
                put(HEX[c >> 4]);
                put(HEX[c & 0xf]);
            } else {
                int end = i + 1;
                while (end < value.length() && value.charAt(end) >= 0x7f) end++;
                for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) put((char) (b & 0xff));
                i = end - 1;
            }
        }
        put('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private void num(String name, long v, boolean first) {
        if (!first) put(',');
        put('"');
        ascii(name);
        put('"');
        put(':');
        num(v);
    }

    private void num(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                ascii(Long.toString(v));
                return;
            }
            put('-');
            v = -v;
        }
        ensure(20);
        int start = len;
        do {
            buf[len++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v > 0);
        for (int a = start, b = len - 1; a < b; a++, b--) {
            byte t = buf[a];
            buf[a] = buf[b];
            buf[b] = t;
        }
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) buf[len++] = (byte) s.charAt(i);
    }

    private void put(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    private void ensure(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
}
