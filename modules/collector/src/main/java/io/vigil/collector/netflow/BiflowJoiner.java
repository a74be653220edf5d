package io.vigil.collector.netflow;

import io.vigil.collector.flow.AddressMapper;
import io.vigil.model.CidrSet;
import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Joins the two directions of a conversation, which most exporters report as two flows, into
 * one of Vigil's bidirectional records. A flow waits up to {@code holdMs} for its reverse;
 * an IPFIX biflow (RFC 5103) needs no partner. The initiator is the side whose TCP flags show a
 * SYN the other's do not, else the one seen first, else the side on the higher port.
 */
public final class BiflowJoiner {

    private final String site;
    private final String collector;
    private final CidrSet internal;
    private final AddressMapper mapper;
    private final Consumer<FlowRecord> sink;
    private final long holdMs;
    /** Flows waiting for their reverse, by their own key, oldest first. */
    private final Map<String, Waiting> waiting = new LinkedHashMap<>();

    private record Waiting(ExportedFlow flow, long arrivedMs) {}

    /** @param mapper what an address becomes before it leaves (the pseudonymiser, or as it is) */
    public BiflowJoiner(String site, String collector, CidrSet internal, AddressMapper mapper, Consumer<FlowRecord> sink,
                        long holdMs) {
        this.site = site;
        this.collector = collector;
        this.internal = internal;
        this.mapper = mapper;
        this.sink = sink;
        this.holdMs = holdMs;
    }

    public synchronized void add(ExportedFlow f, long nowMs) {
        if (f.reversePackets() > 0 || f.reverseBytes() > 0) {
            emit(f, reverseOf(f));
            return;
        }
        Waiting partner = waiting.remove(f.reverseKey());
        if (partner != null) {
            emit(partner.flow(), f);
            return;
        }
        Waiting same = waiting.put(f.key(), new Waiting(f, nowMs));
        if (same != null) emit(same.flow(), null); // a later piece of the same direction: the first had no answer
        expire(nowMs);
    }

    /** Emits the flows that waited longer than the hold time, unanswered. */
    public synchronized void expire(long nowMs) {
        for (Iterator<Waiting> it = waiting.values().iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (nowMs - w.arrivedMs() < holdMs) break;
            it.remove();
            emit(w.flow(), null);
        }
    }

    /** Emits everything still waiting. */
    public synchronized void flush() {
        waiting.values().forEach(w -> emit(w.flow(), null));
        waiting.clear();
    }

    public synchronized int waiting() {
        return waiting.size();
    }

    private static ExportedFlow reverseOf(ExportedFlow f) {
        return new ExportedFlow(f.exporter(), f.dst(), f.src(), f.dstPort(), f.srcPort(), f.proto(), f.reversePackets(),
                f.reverseBytes(), f.reverseTcpFlags(), f.firstMs(), f.lastMs(), f.sampling(), 0, 0, 0);
    }

    /** One record of {@code a} and its reverse {@code b} (null: no answer was reported). */
    private void emit(ExportedFlow a, ExportedFlow b) {
        ExportedFlow init = a, resp = b;
        if (b != null && initiatorIs(b, a)) {
            init = b;
            resp = a;
        }
        boolean tcp = init.proto() == 6;
        int flagsOut = init.tcpFlags(), flagsIn = resp == null ? 0 : resp.tcpFlags();
        long start = resp == null ? init.firstMs() : Math.min(init.firstMs(), resp.firstMs());
        long end = resp == null ? init.lastMs() : Math.max(init.lastMs(), resp.lastMs());
        byte[] srcBytes = bytes(init.src()), dstBytes = bytes(init.dst());
        boolean srcIn = srcBytes != null && internal.contains(srcBytes), dstIn = dstBytes != null && internal.contains(dstBytes);
        Direction direction = Direction.of(srcIn, dstIn);
        FlowRecord.Builder r = FlowRecord.builder().site(site).collector(collector).source("netflow")
                .flowId(id(init, start)).seq(0).start(start).end(Math.max(start, end))
                .proto(protoName(init.proto()))
                .src(mapper.map(srcBytes, init.src(), srcIn), tcp || init.proto() == 17 ? init.srcPort() : 0)
                .dst(mapper.map(dstBytes, init.dst(), dstIn), tcp || init.proto() == 17 ? init.dstPort() : 0)
                .out(init.packets(), init.bytes())
                .in(resp == null ? 0 : resp.packets(), resp == null ? 0 : resp.bytes())
                .direction(direction)
                .endReason(((flagsOut | flagsIn) & FlowRecord.RST) != 0 ? "rst"
                        : ((flagsOut | flagsIn) & FlowRecord.FIN) != 0 ? "fin" : "idle");
        if (tcp) r.tcpFlags(flagsOut, flagsIn).tcpState(tcpState(flagsOut, flagsIn, resp));
        sink.accept(r.build());
    }

    /** Whether {@code x} (rather than {@code y}) opened the conversation. */
    private static boolean initiatorIs(ExportedFlow x, ExportedFlow y) {
        if (x.proto() == 6) {
            boolean xSyn = (x.tcpFlags() & FlowRecord.SYN) != 0, ySyn = (y.tcpFlags() & FlowRecord.SYN) != 0;
            boolean xAck = (x.tcpFlags() & FlowRecord.ACK) != 0, yAck = (y.tcpFlags() & FlowRecord.ACK) != 0;
            if (xSyn && !ySyn) return true;
            if (ySyn && !xSyn) return false;
            if (xSyn && !xAck && yAck) return true; // a lone SYN against a SYN-ACK
        }
        if (x.firstMs() != y.firstMs()) return x.firstMs() < y.firstMs();
        return x.srcPort() > y.srcPort(); // the client's port is the ephemeral one
    }

    private static String tcpState(int out, int in, ExportedFlow resp) {
        if (resp == null || resp.packets() == 0) return "unanswered";
        if ((in & FlowRecord.RST) != 0 && (in & FlowRecord.SYN) == 0) return "rejected";
        if ((out & FlowRecord.SYN) != 0 && (in & FlowRecord.SYN) != 0 && (out & FlowRecord.ACK) != 0) return "established";
        return "partial";
    }

    /** The address of a literal the decoder wrote (never a name, so never a DNS lookup). */
    private static byte[] bytes(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String protoName(int proto) {
        return switch (proto) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            case 58 -> "icmp6";
            default -> "other";
        };
    }

    /** A stable id for the conversation's first record, so a repeated export is the same flow. */
    private static String id(ExportedFlow f, long start) {
        return UUID.nameUUIDFromBytes((f.key() + "|" + start).getBytes(StandardCharsets.UTF_8)).toString().replace("-", "")
                .substring(0, 16);
    }
}
