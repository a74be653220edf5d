package io.vigil.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One flow, or one piece of a long flow, as the collector exports it to
 * {@code vigil.flows.v1}. Times are event time in epoch milliseconds; {@code src} is the
 * initiator (the SYN sender for TCP, the first sender otherwise); "out" counts go from
 * src to dst. Bytes are IP-layer bytes (the IP total length), whatever the snap length.
 *
 * <p>{@code serverName} is the name a TLS ClientHello asked for (SNI), lower case; null when
 * none was seen.
 *
 * <p>{@code cleartextLogin} names a login the collector saw cross the wire readable (an FTP or
 * POP3 {@code PASS}, an IMAP {@code LOGIN}, SMTP {@code AUTH PLAIN}/{@code LOGIN}, HTTP Basic
 * authorisation, a telnet session); null when none was seen.
 *
 * <p>{@code flowStart} is when the whole flow began, on its pieces after the first; null on the
 * first piece (where it is {@code start}) and on records from older collectors.
 *
 * <p>{@code bursts} is the rhythm inside a long connection: the bursts of packets that began
 * in this piece after a second or more of silence; null when none did.
 *
 * <p>{@code icmp} holds what ping does not do, for an ICMP echo flow seen with its payloads;
 * null for any other flow.
 *
 * <p>A record whose {@link #endOfInput()} is set is not a flow but a marker: the collector
 * publishes one to every partition when a file source is exhausted so that the detector
 * can close what the last packets opened.
 */
@JsonSerialize(using = FlowRecordSerializer.class)
public record FlowRecord(
        int v,
        String site,
        String collector,
        String flowId,
        int seq,
        long start,
        long end,
        String proto,
        String srcIp,
        int srcPort,
        String dstIp,
        int dstPort,
        long packetsOut,
        long bytesOut,
        long packetsIn,
        long bytesIn,
        int tcpFlagsOut,
        int tcpFlagsIn,
        String tcpState,
        String endReason,
        Direction direction,
        String appProto,
        String tlsVersion,
        String cleartextLogin,
        DnsFacts dns,
        EndOfInput endOfInput,
        String source,
        String serverName,
        IcmpFacts icmp,
        Long flowStart,
        Bursts bursts) {

    public static final int VERSION = 1;

    public static final Set<String> PROTOS = Set.of("tcp", "udp", "icmp", "icmp6", "other");
    public static final Set<String> TCP_STATES = Set.of("established", "rejected", "unanswered", "partial");
    public static final Set<String> END_REASONS =
            Set.of("fin", "rst", "idle", "active", "evicted", "end_of_input");
    /** Where a record came from: null is the collector's own capture; {@code netflow} an exporter's flows, without payload facts. */
    public static final Set<String> SOURCES = Set.of("capture", "netflow");

    /** TCP flag bits as they appear in the TCP header, for {@link #tcpFlagsOut()}/{@link #tcpFlagsIn()}. */
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20;

    /**
     * DNS facts of one flow piece that carries DNS, counted afresh for each piece: every
     * distinct question up to {@link #MAX_DNS_NAMES} (with its type and the answer code), and
     * counters over all of them, so a tunnel that asks thousands of names on one socket is
     * measured whole even where the list stops: questions and answers, distinct names, the
     * bytes of all names asked, the longest label, questions per type, and answer sizes.
     */
    public record DnsFacts(List<DnsQuery> queries, int queryCount, int responseCount, int distinctNames,
                           long nameBytes, int longestLabel, Map<String, Integer> qtypes, long answerBytes,
                           int maxAnswerBytes) {

        /** Only the first three facts (records written before the counters existed). */
        public DnsFacts(List<DnsQuery> queries, int queryCount, int responseCount) {
            this(queries, queryCount, responseCount, queries.size(), 0, 0, Map.of(), 0, 0);
        }
    }

    /**
     * What an echo flow piece did that ping does not, counted by the collector from the payloads:
     * how many distinct packet sizes it had ({@code sizes}, counted up to {@link #MAX_ICMP_SIZES});
     * replies that answer no request seen ({@code unpaired}); replies whose payload is not the
     * request's ({@code mismatched}: an echo reply returns the request's data unchanged, RFC 792);
     * and messages whose data, past the first 16 bytes (where ping puts its clock), differs from
     * the one before in the same direction ({@code changed}: ping repeats one pattern).
     */
    public record IcmpFacts(int sizes, int unpaired, int mismatched, int changed) {}

    /**
     * The bursts of packets that began in a flow piece after a second or more of silence on the
     * flow (a connection's opening is not one): {@code count} in all, and for up to
     * {@link #MAX_BURSTS} of them when each began ({@code at}, milliseconds after the piece's
     * start) and the bytes it carried, both ways.
     */
    public record Bursts(int count, List<Integer> at, List<Integer> bytes) {}

    /** Bursts a flow piece lists; the count goes on past it. */
    public static final int MAX_BURSTS = 32;

    /** Distinct sizes an echo flow piece counts before it stops counting. */
    public static final int MAX_ICMP_SIZES = 64;

    /** How many distinct questions a flow piece lists; the counters go on past it. */
    public static final int MAX_DNS_NAMES = 128;

    /** One DNS question; {@code rcode} is null when no answer was seen. */
    public record DnsQuery(String name, String qtype, String rcode) {}

    /**
     * End-of-input marker: the collector's run, the partition it was sent to and how many
     * partitions the topic has, so a consumer knows when it has seen all of them.
     */
    public record EndOfInput(String run, int partition, int partitions) {}

    @JsonIgnore
    public boolean isMarker() {
        return endOfInput != null;
    }

    /**
     * The record's key on the flows topic, {@code site/host}: the internal host it is about,
     * which is the destination of an inbound flow and the source of any other. Every flow of a
     * host lands on one partition, where the detector's host stage keeps its state.
     */
    @JsonIgnore
    public String hostKey() {
        return site + "/" + (direction == Direction.INBOUND ? dstIp : srcIp);
    }

    /** When the whole flow began: {@code flowStart} on later pieces, else this piece's start. */
    @JsonIgnore
    public long began() {
        return flowStart != null ? flowStart : start;
    }

    @JsonIgnore
    public boolean isTcp() {
        return "tcp".equals(proto);
    }

    @JsonIgnore
    public long bytes() {
        return bytesOut + bytesIn;
    }

    @JsonIgnore
    public long packets() {
        return packetsOut + packetsIn;
    }

    /** A marker for one partition, stamped {@code ts} (past every open window). */
    public static FlowRecord endOfInput(String site, String collector, long ts, EndOfInput eoi) {
        return new FlowRecord(VERSION, site, collector, null, 0, ts, ts, null, null, 0, null, 0,
                0, 0, 0, 0, 0, 0, null, null, null, null, null, null, null, eoi, null, null, null, null, null);
    }

    /** Every problem with this record, empty when it is valid. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (v != VERSION) p.add("unsupported version v=" + v);
        if (site == null || site.isBlank()) p.add("site is missing");
        if (end < start) p.add("end " + end + " is before start " + start);
        if (source != null && !SOURCES.contains(source)) p.add("source " + source + " is unknown");
        if (serverName != null && (serverName.isEmpty() || serverName.length() > 253)) {
            p.add("server_name of " + serverName.length() + " characters");
        }
        if (bursts != null && (bursts.count() < bursts.at().size() || bursts.at().size() != bursts.bytes().size())) {
            p.add("bursts: " + bursts.at().size() + " times and " + bursts.bytes().size() + " sizes for " + bursts.count());
        }
        if (icmp != null && (icmp.sizes() < 0 || icmp.unpaired() < 0 || icmp.mismatched() < 0 || icmp.changed() < 0)) {
            p.add("icmp: negative counter");
        }
        if (start <= 0) p.add("start is missing");
        if (flowStart != null && (flowStart <= 0 || flowStart > start)) {
            p.add("flow_start " + flowStart + " is not before start " + start);
        }
        if (isMarker()) {
            if (endOfInput.partitions() <= 0) p.add("end_of_input.partitions must be positive");
            return p;
        }
        if (proto == null || !PROTOS.contains(proto)) p.add("proto " + proto + " is not one of " + PROTOS);
        if (srcIp == null) p.add("src_ip is missing");
        if (dstIp == null) p.add("dst_ip is missing");
        if (srcPort < 0 || srcPort > 65535) p.add("src_port out of range: " + srcPort);
        if (dstPort < 0 || dstPort > 65535) p.add("dst_port out of range: " + dstPort);
        if (packetsOut < 0 || packetsIn < 0 || bytesOut < 0 || bytesIn < 0) p.add("negative counter");
        if (tcpState != null && !TCP_STATES.contains(tcpState)) p.add("tcp_state " + tcpState + " is unknown");
        if (endReason != null && !END_REASONS.contains(endReason)) p.add("end_reason " + endReason + " is unknown");
        return p;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.site = site; b.collector = collector; b.flowId = flowId; b.seq = seq; b.start = start; b.end = end;
        b.proto = proto; b.srcIp = srcIp; b.srcPort = srcPort; b.dstIp = dstIp; b.dstPort = dstPort;
        b.packetsOut = packetsOut; b.bytesOut = bytesOut; b.packetsIn = packetsIn; b.bytesIn = bytesIn;
        b.tcpFlagsOut = tcpFlagsOut; b.tcpFlagsIn = tcpFlagsIn; b.tcpState = tcpState; b.endReason = endReason;
        b.direction = direction; b.appProto = appProto; b.tlsVersion = tlsVersion; b.cleartextLogin = cleartextLogin;
        b.dns = dns; b.source = source; b.serverName = serverName; b.icmp = icmp; b.flowStart = flowStart; b.bursts = bursts;
        return b;
    }

    /** Builder for the many fields of a flow; unset counters are zero. */
    public static final class Builder {
        private String site, collector, flowId, proto, srcIp, dstIp, tcpState, endReason,
                appProto, tlsVersion, cleartextLogin, source, serverName;
        private int seq, srcPort, dstPort, tcpFlagsOut, tcpFlagsIn;
        private long start, end, packetsOut, bytesOut, packetsIn, bytesIn;
        private Long flowStart;
        private Bursts bursts;
        private Direction direction;
        private DnsFacts dns;
        private IcmpFacts icmp;

        public Builder site(String v) { site = v; return this; }
        public Builder collector(String v) { collector = v; return this; }
        public Builder flowId(String v) { flowId = v; return this; }
        public Builder seq(int v) { seq = v; return this; }
        public Builder start(long v) { start = v; return this; }
        public Builder end(long v) { end = v; return this; }
        public Builder proto(String v) { proto = v; return this; }
        public Builder src(String ip, int port) { srcIp = ip; srcPort = port; return this; }
        public Builder dst(String ip, int port) { dstIp = ip; dstPort = port; return this; }
        public Builder out(long packets, long bytes) { packetsOut = packets; bytesOut = bytes; return this; }
        public Builder in(long packets, long bytes) { packetsIn = packets; bytesIn = bytes; return this; }
        public Builder tcpFlags(int out, int in) { tcpFlagsOut = out; tcpFlagsIn = in; return this; }
        public Builder tcpState(String v) { tcpState = v; return this; }
        public Builder endReason(String v) { endReason = v; return this; }
        public Builder direction(Direction v) { direction = v; return this; }
        public Builder appProto(String v) { appProto = v; return this; }
        public Builder tlsVersion(String v) { tlsVersion = v; return this; }
        public Builder cleartextLogin(String v) { cleartextLogin = v; return this; }
        public Builder dns(DnsFacts v) { dns = v; return this; }
        public Builder source(String v) { source = v; return this; }
        public Builder serverName(String v) { serverName = v; return this; }
        public Builder icmp(IcmpFacts v) { icmp = v; return this; }
        public Builder flowStart(Long v) { flowStart = v; return this; }
        public Builder bursts(Bursts v) { bursts = v; return this; }

        public FlowRecord build() {
            return new FlowRecord(VERSION, site, collector, flowId, seq, start, end, proto, srcIp, srcPort,
                    dstIp, dstPort, packetsOut, bytesOut, packetsIn, bytesIn, tcpFlagsOut, tcpFlagsIn,
                    tcpState, endReason, direction, appProto, tlsVersion, cleartextLogin, dns, null, source, serverName, icmp, flowStart, bursts);
        }
    }
}
