package io.vigil.collector.flow;

import io.vigil.collector.app.AppClassifier;
import io.vigil.collector.app.CleartextLogins;
import io.vigil.collector.app.DnsParser;
import io.vigil.collector.app.TlsParser;
import io.vigil.collector.decode.DecodedPacket;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * Bidirectional flows in event time. Not thread-safe: one capture thread owns it. The map is
 * kept in access order, so its head is the flow seen longest ago: expiry walks from the head
 * and stops at the first flow too recent for even the shortest timeout, and eviction when
 * full takes the head.
 *
 * <p>A fact that decides an alert on its own — a TLS hello (version, server name), a readable
 * login, a login protocol in the clear, a DNS answer — is not left for the flow's end or its active
 * timeout: a flow still open {@link #FACT_DELAY_NS} after learning one is exported at once as
 * a piece ({@code end_reason=active}), so a long-lived connection is judged within seconds of
 * its handshake; a DNS exchange answered and quiet since simply ends then. Short flows have
 * ended by then, and cost no extra record.
 */
public final class FlowTable {

    private static final int TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04, TCP_ACK = 0x10;
    private static final long SWEEP_EVERY_NS = 1_000_000_000L;
    /** How long a flow that learned a deciding fact may stay open before its piece goes out. */
    static final long FACT_DELAY_NS = 2_000_000_000L;
    /** Login protocols whose mere use in the clear is reported (http only with a login: it is everywhere). */
    private static final Set<String> CLEAR_LOGIN_PROTOCOLS = Set.of("telnet", "ftp", "pop3", "imap");

    private final FlowTableConfig config;
    private final FlowRecordFactory factory;
    private final FlowSink sink;
    private final FlowStats stats;
    private final LinkedHashMap<FlowKey, Flow> flows;
    private final FlowKey probe = new FlowKey();
    /** Flows that learned a deciding fact, oldest first (an entry whose flow has gone is skipped). */
    private final ArrayDeque<Flow> withFacts = new ArrayDeque<>();
    private final long activeNs, dnsActiveNs, tcpIdleNs, handshakeNs, closedNs, udpIdleNs, dnsIdleNs, icmpIdleNs, otherIdleNs, minIdleNs;
    private long clockNs = Long.MIN_VALUE;
    private long nextSweepNs = Long.MIN_VALUE;

    public FlowTable(FlowTableConfig config, FlowRecordFactory factory, FlowSink sink, FlowStats stats) {
        this.config = config;
        this.factory = factory;
        this.sink = sink;
        this.stats = stats;
        this.flows = new LinkedHashMap<>(1024, 0.75f, true);
        this.activeNs = config.activeTimeout().toNanos();
        this.dnsActiveNs = config.dnsActive().toNanos();
        this.tcpIdleNs = config.tcpIdle().toNanos();
        this.handshakeNs = config.tcpHandshake().toNanos();
        this.closedNs = config.tcpClosed().toNanos();
        this.udpIdleNs = config.udpIdle().toNanos();
        this.dnsIdleNs = config.dnsIdle().toNanos();
        this.icmpIdleNs = config.icmpIdle().toNanos();
        this.otherIdleNs = config.otherIdle().toNanos();
        this.minIdleNs = config.minIdleNanos();
    }

    /** The newest packet time seen, epoch nanoseconds (event time). */
    public long clockNanos() {
        return clockNs;
    }

    public int size() {
        return flows.size();
    }

    /** Adds one decoded packet seen at {@code tsNs}. */
    public void add(DecodedPacket p, long tsNs) {
        // One writer (this thread): a release store is enough for readers elsewhere, and
        // costs nothing like the locked add of incrementAndGet on every packet.
        stats.packets.lazySet(stats.packets.get() + 1);
        stats.bytes.lazySet(stats.bytes.get() + p.ipLength);
        if (tsNs > clockNs) clockNs = tsNs;
        if (clockNs >= nextSweepNs) {
            expire(clockNs);
            cutWithFacts(clockNs);
            nextSweepNs = clockNs + SWEEP_EVERY_NS;
        }
        boolean fromA = probe.set(p);
        boolean syn = p.proto == 6 && (p.tcpFlags & (TCP_SYN | TCP_ACK)) == TCP_SYN;
        Flow f = flows.get(probe);
        if (f != null) {
            if (syn && f.closed()) {
                // Port reuse: a new connection on the 5-tuple of a finished one.
                flows.remove(f.key);
                export(f, endReasonOf(f));
                f = null;
            } else if (tsNs - f.pieceStartNs >= (isDns(f) ? dnsActiveNs : activeNs)) {
                sink.accept(factory.make(f, "active"));
                stats.recordsExported.incrementAndGet();
                f.resetPiece(tsNs);
            }
        }
        if (f == null) f = create(p, fromA, tsNs);
        boolean out = fromA == f.initiatorIsA;
        if (tsNs - f.lastNs >= Bursts.GAP_NS && p.proto != 1 && p.proto != 58) {
            if (f.bursts == null) f.bursts = new Bursts();
            f.bursts.begin((tsNs - f.pieceStartNs) / 1_000_000, p.ipLength);
        } else if (f.bursts != null) {
            f.bursts.add(p.ipLength);
        }
        if (tsNs > f.lastNs) f.lastNs = tsNs;
        if (tsNs > f.pieceLastNs) f.pieceLastNs = tsNs;
        if (out) {
            f.packetsOut++;
            f.bytesOut += p.ipLength;
            f.flagsOut |= p.tcpFlags;
        } else {
            f.packetsIn++;
            f.bytesIn += p.ipLength;
            f.flagsIn |= p.tcpFlags;
            f.totalIn++;
        }
        if (p.proto == 6) tcpState(f, p.tcpFlags, out);
        else if (p.isIcmpEcho() && !p.laterFragment) echo(f, p);
        if (p.payloadLength > 0 && application(f, p, out) && f.factsAtNs == 0) {
            f.factsAtNs = tsNs;
            withFacts.addLast(f);
        }
    }

    /** Exports, as a piece, every flow still open {@link #FACT_DELAY_NS} after it learned a deciding fact. */
    private void cutWithFacts(long nowNs) {
        Flow f;
        while ((f = withFacts.peekFirst()) != null) {
            if (f.factsAtNs != 0 && nowNs - f.factsAtNs < FACT_DELAY_NS) return;
            withFacts.pollFirst();
            // zero: exported since (its end, or an active timeout already carried the fact)
            long learnedAt = f.factsAtNs;
            if (learnedAt == 0) continue;
            f.factsAtNs = 0;
            // A connection closed both ways goes out within tcp-closed anyway.
            if (f.key.proto == 6 && f.closed()) continue;
            if (isDns(f) && f.lastNs <= learnedAt && f.dnsResponseCount >= f.dnsQueryCount) {
                // A DNS exchange is over once answered: it ends now, as it would have at dns-idle.
                flows.remove(f.key);
                export(f, "idle");
                stats.active.set(flows.size());
                continue;
            }
            sink.accept(factory.make(f, "active"));
            stats.recordsExported.incrementAndGet();
            f.resetPiece(nowNs);
            f.pieceLastNs = nowNs;
        }
    }

    private Flow create(DecodedPacket p, boolean fromA, long tsNs) {
        if (flows.size() >= config.maxFlows()) evictOldest();
        Flow f = new Flow(probe.copy());
        boolean senderInitiates = true;
        if (p.proto == 6) {
            boolean synFlag = (p.tcpFlags & TCP_SYN) != 0, ack = (p.tcpFlags & TCP_ACK) != 0;
            if (synFlag && ack) senderInitiates = false;
            else if (!synFlag && p.srcPort < 1024 && p.dstPort >= 1024) senderInitiates = false;
        } else if (p.isIcmp() && p.isIcmpEcho() && !p.isIcmpEchoRequest()) {
            senderInitiates = false;
        }
        f.initiatorIsA = fromA == senderInitiates;
        if (p.isIcmp()) {
            int type = p.icmpType;
            if (!senderInitiates) type = p.proto == 1 ? 8 : 128;
            f.icmpTypeCode = (type << 8) | (senderInitiates ? p.icmpCode : 0);
        }
        f.firstNs = tsNs;
        f.lastNs = tsNs;
        f.pieceStartNs = tsNs;
        f.pieceLastNs = tsNs;
        flows.put(f.key, f);
        stats.flowsCreated.incrementAndGet();
        stats.active.set(flows.size());
        return f;
    }

    private static void tcpState(Flow f, int flags, boolean out) {
        boolean syn = (flags & TCP_SYN) != 0, ack = (flags & TCP_ACK) != 0, rst = (flags & TCP_RST) != 0;
        if (out) {
            if (syn && !ack) f.tcpBits |= Flow.SYN_OUT;
            if (ack && !syn && !rst && (f.tcpBits & (Flow.SYN_OUT | Flow.SYNACK_IN)) == (Flow.SYN_OUT | Flow.SYNACK_IN)) {
                f.tcpBits |= Flow.HANDSHAKE_DONE;
            }
            if (rst) f.tcpBits |= Flow.RST_OUT;
            if ((flags & TCP_FIN) != 0) f.tcpBits |= Flow.FIN_OUT;
        } else {
            if (syn && ack) f.tcpBits |= Flow.SYNACK_IN;
            if (rst) f.tcpBits |= Flow.RST_IN;
            if ((flags & TCP_FIN) != 0) f.tcpBits |= Flow.FIN_IN;
        }
    }

    private static void echo(Flow f, DecodedPacket p) {
        if (f.echo == null) f.echo = new EchoPairs();
        if (p.isIcmpEchoRequest()) f.echo.request(p.icmpSeq, p.ipLength, p.data, p.payloadOffset, p.payloadLength);
        else f.echo.reply(p.icmpSeq, p.ipLength, p.data, p.payloadOffset, p.payloadLength);
    }

    /** Reads what the payload says; true when it taught the flow a fact that decides an alert on its own. */
    private static boolean application(Flow f, DecodedPacket p, boolean out) {
        boolean learned = false;
        byte[] b = p.data;
        int off = p.payloadOffset, len = p.payloadLength;
        boolean tcp = p.proto == 6;
        int serverPort = f.initiatorIsA ? f.key.bPort : f.key.aPort;
        if (out ? !f.classifiedOut : !f.classifiedIn) {
            if (out) f.classifiedOut = true; else f.classifiedIn = true;
            if (f.appProto == null) {
                f.appProto = AppClassifier.classify(b, off, len, out, tcp, serverPort);
                learned = f.appProto != null && CLEAR_LOGIN_PROTOCOLS.contains(f.appProto);
            }
            if ("tls".equals(f.appProto)) {
                TlsParser.Hello h = TlsParser.parse(b, off, len);
                if (h != null && h.type() == 1) {
                    f.tlsClientVersion = h.version();
                    f.serverName = h.serverName();
                    learned = true;
                }
                if (h != null && h.type() == 2) {
                    f.tlsServerVersion = h.version();
                    learned = true;
                }
            }
        }
        if (out && tcp && f.cleartextLogin == null && f.loginPackets < Flow.LOGIN_PACKETS) {
            // Before the server has said what it speaks, its port is the hint.
            String app = f.appProto != null ? f.appProto : AppClassifier.byPort(serverPort, true);
            if (app != null && CleartextLogins.WATCHED.contains(app)) {
                f.loginPackets++;
                f.cleartextLogin = CleartextLogins.find(app, b, off, len);
                learned |= f.cleartextLogin != null;
            }
        }
        if ("dns".equals(f.appProto) || serverPort == 53) {
            DnsParser.Message m = tcp ? (len > 2 ? DnsParser.parse(b, off + 2, len - 2) : null) : DnsParser.parse(b, off, len);
            if (m != null) {
                if (f.appProto == null) f.appProto = "dns";
                String qtype = DnsParser.qtypeName(m.qtype());
                if (m.response()) {
                    f.addDnsAnswer(m.name(), qtype, DnsParser.rcodeName(m.rcode()), tcp ? len - 2 : len);
                    // the first answer only: a socket that keeps asking goes out every dns-active anyway
                    learned |= f.seq == 0;
                } else {
                    f.addDnsQuestion(m.name(), qtype);
                }
            }
        }
        return learned;
    }

    /**
     * Moves the table's clock to {@code nowNs} when no packet has (a quiet live link) and
     * expires what timed out meanwhile. Never moves the clock back.
     */
    public void advanceTo(long nowNs) {
        if (nowNs <= clockNs) return;
        clockNs = nowNs;
        if (clockNs >= nextSweepNs) {
            expire(clockNs);
            cutWithFacts(clockNs);
            nextSweepNs = clockNs + SWEEP_EVERY_NS;
        }
    }

    /** Exports every flow idle for longer than its timeout at event time {@code nowNs}. */
    public void expire(long nowNs) {
        Iterator<Flow> it = flows.values().iterator();
        while (it.hasNext()) {
            Flow f = it.next();
            long idle = nowNs - f.lastNs;
            if (idle < minIdleNs) break;
            if (idle >= idleTimeout(f)) {
                it.remove();
                export(f, endReasonOf(f));
            }
        }
        stats.active.set(flows.size());
    }

    /**
     * Exports every flow, as at the end of the input. A flow that had already ended by FIN
     * or RST (and was only lingering for stray packets) keeps that reason.
     */
    public void flush(String endReason) {
        for (Flow f : flows.values()) export(f, f.key.proto == 6 && f.closed() ? endReasonOf(f) : endReason);
        flows.clear();
        withFacts.clear();
        stats.active.set(0);
    }

    private void evictOldest() {
        Iterator<Flow> it = flows.values().iterator();
        if (!it.hasNext()) return;
        Flow f = it.next();
        it.remove();
        stats.evicted.incrementAndGet();
        export(f, "evicted");
    }

    private void export(Flow f, String reason) {
        f.factsAtNs = 0;
        // A flow cut for its facts that then went quiet has nothing left to say.
        if (f.seq > 0 && f.packetsOut + f.packetsIn == 0) return;
        sink.accept(factory.make(f, reason));
        stats.recordsExported.incrementAndGet();
    }

    private long idleTimeout(Flow f) {
        switch (f.proto) {
            case 6:
                if (f.closed()) return closedNs;
                if (f.handshakeIncomplete()) return handshakeNs;
                return tcpIdleNs;
            case 17:
                return isDns(f) ? dnsIdleNs : udpIdleNs;
            case 1: case 58:
                return icmpIdleNs;
            default:
                return otherIdleNs;
        }
    }

    private static boolean isDns(Flow f) {
        return f.port53 || "dns".equals(f.appProto);
    }

    private static String endReasonOf(Flow f) {
        if (f.key.proto == 6 && f.closed()) return (f.tcpBits & (Flow.RST_IN | Flow.RST_OUT)) != 0 ? "rst" : "fin";
        return "idle";
    }
}
