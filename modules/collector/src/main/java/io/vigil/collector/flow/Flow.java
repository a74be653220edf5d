package io.vigil.collector.flow;

import io.vigil.model.FlowRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live state of one bidirectional flow. "Out" is initiator to responder. Counters are
 * for the current piece (reset at each active-timeout export); the handshake bits and
 * {@code totalIn} are for the whole flow, because {@code tcp_state} describes the flow.
 */
final class Flow {

    static final int SYN_OUT = 1, SYNACK_IN = 2, HANDSHAKE_DONE = 4, RST_OUT = 8, RST_IN = 16, FIN_OUT = 32,
            FIN_IN = 64;
    /** Distinct names counted exactly per piece up to this many (a piece is at most the active timeout long). */
    static final int MAX_DISTINCT_COUNTED = 16_384;
    /** Client payload packets searched for a readable login before giving up. */
    static final int LOGIN_PACKETS = 16;

    final FlowKey key;
    /**
     * The key's protocol, and whether either port is 53, kept here too: the expiry walk reads
     * them for every flow it passes, and one pointer fewer to follow is a cache miss fewer.
     */
    final int proto;
    final boolean port53;
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
    /** For an ICMP echo flow: how its replies pair with its requests; null for any other flow. */
    EchoPairs echo;
    /** The bursts inside the flow once it has gone quiet for a moment; null until then. */
    Bursts bursts;
    boolean classifiedOut, classifiedIn;
    String appProto;
    int tlsClientVersion, tlsServerVersion;
    /** The name the ClientHello asked for (SNI); null when none was seen. */
    String serverName;
    String cleartextLogin;
    int loginPackets;
    /** When the flow learned a fact that decides an alert on its own, not yet exported; 0 for none. */
    long factsAtNs;
    /** DNS facts of the current piece (reset with it): listed questions, and counters over all. */
    List<FlowRecord.DnsQuery> dnsQueries;
    int dnsQueryCount, dnsResponseCount, dnsLongestLabel, dnsMaxAnswer;
    long dnsNameBytes, dnsAnswerBytes;
    /** The piece's one distinct name until a second arrives; then {@link #dnsNames} holds them all. */
    private String dnsOnlyName;
    private Set<String> dnsNames;
    Map<String, Integer> dnsTypes;

    Flow(FlowKey key) {
        this.key = key;
        this.proto = key.proto;
        this.port53 = key.aPort == 53 || key.bPort == 53;
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
        dnsNameBytes += name.length();
        dnsLongestLabel = Math.max(dnsLongestLabel, longestLabel(name));
        if (dnsTypes == null) dnsTypes = new LinkedHashMap<>(4);
        dnsTypes.merge(qtype, 1, Integer::sum);
        if (!newName(name)) return;
        if (dnsQueries.size() < FlowRecord.MAX_DNS_NAMES) dnsQueries.add(new FlowRecord.DnsQuery(name, qtype, null));
    }

    void addDnsAnswer(String name, String qtype, String rcode, int messageBytes) {
        dnsResponseCount++;
        dnsAnswerBytes += messageBytes;
        dnsMaxAnswer = Math.max(dnsMaxAnswer, messageBytes);
        if (dnsQueries != null) {
            // A linear search of at most MAX_DNS_NAMES: tunnels ask many names, but the list is bounded.
            for (int i = 0; i < dnsQueries.size(); i++) {
                FlowRecord.DnsQuery q = dnsQueries.get(i);
                if (q.name().equals(name) && q.qtype().equals(qtype)) {
                    if (q.rcode() == null) dnsQueries.set(i, new FlowRecord.DnsQuery(name, qtype, rcode));
                    return;
                }
            }
        }
        // The answer to a question we did not see (capture started late, or a question of an earlier piece).
        if (newName(name) && dnsQueries.size() < FlowRecord.MAX_DNS_NAMES) {
            dnsQueries.add(new FlowRecord.DnsQuery(name, qtype, rcode));
        }
    }

    /** Whether {@code name} is new in this piece; counts it. */
    private boolean newName(String name) {
        if (dnsQueries == null) dnsQueries = new ArrayList<>(2);
        if (dnsNames == null) {
            // most DNS flows ask one name: a set for them was a third of their allocation
            if (dnsOnlyName == null) {
                dnsOnlyName = name;
                return true;
            }
            if (dnsOnlyName.equals(name)) return false;
            dnsNames = new HashSet<>(8);
            dnsNames.add(dnsOnlyName);
        }
        return dnsNames.size() < MAX_DISTINCT_COUNTED && dnsNames.add(name);
    }

    int dnsDistinct() {
        return dnsNames != null ? dnsNames.size() : dnsOnlyName != null ? 1 : 0;
    }

    static int longestLabel(String name) {
        int longest = 0, run = 0;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '.') {
                run = 0;
            } else if (++run > longest) {
                longest = run;
            }
        }
        return longest;
    }

    void resetPiece(long now) {
        packetsOut = bytesOut = packetsIn = bytesIn = 0;
        flagsOut = flagsIn = 0;
        pieceStartNs = now;
        seq++;
        factsAtNs = 0;
        // Each piece carries its own DNS facts: a long-lived socket (a tunnel's) is measured piece by piece.
        dnsQueries = null;
        dnsOnlyName = null;
        dnsNames = null;
        dnsTypes = null;
        dnsQueryCount = dnsResponseCount = dnsLongestLabel = dnsMaxAnswer = 0;
        dnsNameBytes = dnsAnswerBytes = 0;
        if (echo != null) echo.newPiece();
        if (bursts != null) bursts.newPiece();
    }
}
