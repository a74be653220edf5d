package io.vigil.collector.flow;

import io.vigil.model.FlowRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The live state of one bidirectional flow. "Out" is initiator to responder. Counters are
 * for the current piece (reset at each active-timeout export); the handshake bits and
 * {@code totalIn} are for the whole flow, because {@code tcp_state} describes the flow.
 */
final class Flow {

    static final int SYN_OUT = 1, SYNACK_IN = 2, HANDSHAKE_DONE = 4, RST_OUT = 8, RST_IN = 16, FIN_OUT = 32,
            FIN_IN = 64;
    static final int MAX_DNS_NAMES = 10;

    final FlowKey key;
    /** Whether endpoint A of the key is the initiator. */
    boolean initiatorIsA;
    long firstNs, lastNs, pieceStartNs, pieceLastNs;
    long packetsOut, bytesOut, packetsIn, bytesIn;
    long totalIn;
    int flagsOut, flagsIn;
    int tcpBits;
    int seq;
    /** ICMP type<<8|code of the initiator's first packet, reported as the destination port. */
    int icmpTypeCode = -1;
    boolean classifiedOut, classifiedIn;
    String appProto;
    int tlsClientVersion, tlsServerVersion;
    List<FlowRecord.DnsQuery> dnsQueries;
    int dnsQueryCount, dnsResponseCount;

    Flow(FlowKey key) {
        this.key = key;
    }

    boolean closed() {
        return (tcpBits & (RST_IN | RST_OUT)) != 0 || (tcpBits & (FIN_IN | FIN_OUT)) == (FIN_IN | FIN_OUT);
    }

    boolean handshakeIncomplete() {
        return (tcpBits & SYN_OUT) != 0 && (tcpBits & HANDSHAKE_DONE) == 0;
    }

    String tcpState() {
        if ((tcpBits & HANDSHAKE_DONE) != 0) return "established";
        if ((tcpBits & SYN_OUT) != 0) {
            if (totalIn == 0) return "unanswered";
            if ((tcpBits & RST_IN) != 0 && (tcpBits & SYNACK_IN) == 0) return "rejected";
        }
        return "partial";
    }

    void addDnsQuestion(String name, String qtype) {
        dnsQueryCount++;
        if (dnsQueries == null) dnsQueries = new ArrayList<>(2);
        for (FlowRecord.DnsQuery q : dnsQueries) {
            if (q.name().equals(name) && q.qtype().equals(qtype)) return;
        }
        if (dnsQueries.size() < MAX_DNS_NAMES) dnsQueries.add(new FlowRecord.DnsQuery(name, qtype, null));
    }

    void addDnsAnswer(String name, String qtype, String rcode) {
        dnsResponseCount++;
        if (dnsQueries == null) dnsQueries = new ArrayList<>(2);
        for (int i = 0; i < dnsQueries.size(); i++) {
            FlowRecord.DnsQuery q = dnsQueries.get(i);
            if (q.name().equals(name) && q.qtype().equals(qtype)) {
                if (q.rcode() == null) dnsQueries.set(i, new FlowRecord.DnsQuery(name, qtype, rcode));
                return;
            }
        }
        // The answer to a question we did not see (capture started late).
        if (dnsQueries.size() < MAX_DNS_NAMES) dnsQueries.add(new FlowRecord.DnsQuery(name, qtype, rcode));
    }

    void resetPiece(long now) {
        packetsOut = bytesOut = packetsIn = bytesIn = 0;
        flagsOut = flagsIn = 0;
        pieceStartNs = now;
        seq++;
    }
}
