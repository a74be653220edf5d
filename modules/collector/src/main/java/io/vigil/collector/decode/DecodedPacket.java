package io.vigil.collector.decode;

/**
 * The decoded facts of one packet. Mutable and reused: valid until the next decode. IPv4
 * addresses live in {@code srcLo}/{@code dstLo} (hi = 0); IPv6 uses both halves.
 */
public final class DecodedPacket {

    public int ipVersion;
    public long srcHi, srcLo, dstHi, dstLo;
    /** IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, ...). */
    public int proto;
    public int srcPort, dstPort;
    /** For ICMP: type and code of this packet; for an echo, its id and sequence number. */
    public int icmpType, icmpCode, icmpId, icmpSeq;
    public int tcpFlags;
    /** Bytes counted for the flow: the IP total length (IPv6: 40 + payload length). */
    public int ipLength;
    /** A non-first fragment: no transport header to read. */
    public boolean laterFragment;
    /** The captured frame and where the transport payload lies within it (may be cut by the snap length). */
    public byte[] data;
    public int payloadOffset, payloadLength;

    public boolean isIcmp() {
        return proto == 1 || proto == 58;
    }

    public boolean isIcmpEcho() {
        return (proto == 1 && (icmpType == 8 || icmpType == 0)) || (proto == 58 && (icmpType == 128 || icmpType == 129));
    }

    public boolean isIcmpEchoRequest() {
        return (proto == 1 && icmpType == 8) || (proto == 58 && icmpType == 128);
    }
}
