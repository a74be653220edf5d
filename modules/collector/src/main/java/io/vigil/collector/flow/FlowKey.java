package io.vigil.collector.flow;

import io.vigil.collector.decode.DecodedPacket;

/**
 * A canonical, direction-free 5-tuple: endpoint A is the lower (address, port), so both
 * directions of a conversation find the same key. Mutable only so that the table can probe
 * with one reused instance; keys stored in the table are never changed.
 */
final class FlowKey {

    long aHi, aLo, bHi, bLo;
    int aPort, bPort, proto, ipVersion;
    private int hash;

    /**
     * Fills this key from a packet and returns whether the packet goes from A to B. ICMP echo
     * uses the echo id as both ports so a request and its reply meet; other ICMP messages key
     * on type and code.
     */
    boolean set(DecodedPacket p) {
        int sp = p.srcPort;
        int dp = p.dstPort;
        if (p.isIcmp()) {
            if (p.isIcmpEcho()) {
                sp = p.icmpId;
                dp = p.icmpId;
            } else {
                sp = 0;
                dp = (p.icmpType << 8) | p.icmpCode;
            }
        }
        ipVersion = p.ipVersion;
        proto = p.proto;
        boolean forward = compare(p.srcHi, p.srcLo, sp, p.dstHi, p.dstLo, dp) <= 0;
        if (forward) {
            aHi = p.srcHi; aLo = p.srcLo; aPort = sp;
            bHi = p.dstHi; bLo = p.dstLo; bPort = dp;
        } else {
            aHi = p.dstHi; aLo = p.dstLo; aPort = dp;
            bHi = p.srcHi; bLo = p.srcLo; bPort = sp;
        }
        long h = aHi * 31 + aLo;
        h = h * 31 + bHi;
        h = h * 31 + bLo;
        h = h * 31 + ((long) aPort << 16 | bPort);
        h = h * 31 + proto;
        h ^= h >>> 29;
        h *= 0xbf58476d1ce4e5b9L;
        hash = (int) (h ^ (h >>> 32));
        return forward;
    }

    private static int compare(long hi1, long lo1, int p1, long hi2, long lo2, int p2) {
        int c = Long.compareUnsigned(hi1, hi2);
        if (c != 0) return c;
        c = Long.compareUnsigned(lo1, lo2);
        if (c != 0) return c;
        return Integer.compare(p1, p2);
    }

    FlowKey copy() {
        FlowKey k = new FlowKey();
        k.aHi = aHi; k.aLo = aLo; k.bHi = bHi; k.bLo = bLo;
        k.aPort = aPort; k.bPort = bPort; k.proto = proto; k.ipVersion = ipVersion; k.hash = hash;
        return k;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FlowKey)) return false;
        FlowKey k = (FlowKey) o;
        return aLo == k.aLo && bLo == k.bLo && aPort == k.aPort && bPort == k.bPort && aHi == k.aHi
                && bHi == k.bHi && proto == k.proto && ipVersion == k.ipVersion;
    }
}
