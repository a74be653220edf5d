package io.vigil.collector.decode;

/**
 * Decodes frames of one link type. Every read is bounds-checked against the captured
 * length; a frame cut short by the snap length still yields addresses and ports when the
 * headers are there, and its bytes are counted from the IP header's length field.
 */
public final class PacketDecoder {

    public static final int DLT_NULL = 0, DLT_EN10MB = 1, DLT_RAW_12 = 12, DLT_RAW_14 = 14, LINKTYPE_RAW = 101,
            DLT_LOOP = 108, LINUX_SLL = 113, LINUX_SLL2 = 276, LINKTYPE_IPV4 = 228, LINKTYPE_IPV6 = 229;

    private final int linkType;

    public PacketDecoder(int linkType) {
        this.linkType = linkType;
    }

    public static boolean supports(int linkType) {
        switch (linkType) {
            case DLT_NULL: case DLT_EN10MB: case DLT_RAW_12: case DLT_RAW_14: case LINKTYPE_RAW: case DLT_LOOP:
            case LINUX_SLL: case LINUX_SLL2: case LINKTYPE_IPV4: case LINKTYPE_IPV6:
                return true;
            default:
                return false;
        }
    }

    public DecodeResult decode(byte[] b, int off, int caplen, DecodedPacket p) {
        int end = off + caplen;
        p.data = b;
        int etherType;
        int ip;
        switch (linkType) {
            case DLT_EN10MB: {
                if (caplen < 14) return DecodeResult.MALFORMED;
                ip = off + 14;
                etherType = u16(b, off + 12);
                // 802.1Q, 802.1ad and the old QinQ tag: skip up to three.
                for (int tags = 0; tags < 3 && (etherType == 0x8100 || etherType == 0x88a8 || etherType == 0x9100); tags++) {
                    if (ip + 4 > end) return DecodeResult.MALFORMED;
                    etherType = u16(b, ip + 2);
                    ip += 4;
                }
                break;
            }
            case LINUX_SLL:
                if (caplen < 16) return DecodeResult.MALFORMED;
                etherType = u16(b, off + 14);
                ip = off + 16;
                break;
            case LINUX_SLL2:
                if (caplen < 20) return DecodeResult.MALFORMED;
                etherType = u16(b, off);
                ip = off + 20;
                break;
            case DLT_NULL: case DLT_LOOP: {
                if (caplen < 4) return DecodeResult.MALFORMED;
                // The address family is in host byte order for NULL, network order for LOOP.
                int family = b[off] != 0 ? (b[off] & 0xff) : (b[off + 3] & 0xff);
                etherType = family == 2 ? 0x0800 : (family == 24 || family == 28 || family == 30) ? 0x86DD : -1;
                ip = off + 4;
                break;
            }
            case DLT_RAW_12: case DLT_RAW_14: case LINKTYPE_RAW: case LINKTYPE_IPV4: case LINKTYPE_IPV6:
                if (caplen < 1) return DecodeResult.MALFORMED;
                etherType = (b[off] & 0xf0) == 0x60 ? 0x86DD : (b[off] & 0xf0) == 0x40 ? 0x0800 : -1;
                ip = off;
                break;
            default:
                return DecodeResult.UNSUPPORTED_LINK;
        }
        if (etherType == 0x0800) return ipv4(b, ip, end, p);
        if (etherType == 0x86DD) return ipv6(b, ip, end, p);
        return DecodeResult.NOT_IP;
    }

    private static DecodeResult ipv4(byte[] b, int ip, int end, DecodedPacket p) {
        if (ip + 20 > end) return DecodeResult.MALFORMED;
        int vihl = b[ip] & 0xff;
        if ((vihl >> 4) != 4) return DecodeResult.MALFORMED;
        int ihl = (vihl & 0x0f) * 4;
        int total = u16(b, ip + 2);
        if (ihl < 20 || total < ihl) return DecodeResult.MALFORMED;
        p.ipVersion = 4;
        p.srcHi = 0;
        p.dstHi = 0;
        p.srcLo = u32(b, ip + 12);
        p.dstLo = u32(b, ip + 16);
        p.proto = b[ip + 9] & 0xff;
        p.ipLength = total;
        int fragOffset = u16(b, ip + 6) & 0x1fff;
        p.laterFragment = fragOffset != 0;
        // Payload ends at the IP length, or at the snap length if that comes first; Ethernet
        // padding after the IP length is not payload.
        int l4 = ip + ihl;
        int l4End = Math.min(end, ip + total);
        return transport(b, l4, l4End, p);
    }

    private static DecodeResult ipv6(byte[] b, int ip, int end, DecodedPacket p) {
        if (ip + 40 > end) return DecodeResult.MALFORMED;
        if ((b[ip] & 0xf0) != 0x60) return DecodeResult.MALFORMED;
        int payloadLength = u16(b, ip + 4);
        p.ipVersion = 6;
        p.srcHi = u64(b, ip + 8);
        p.srcLo = u64(b, ip + 16);
        p.dstHi = u64(b, ip + 24);
        p.dstLo = u64(b, ip + 32);
        p.ipLength = 40 + payloadLength;
        p.laterFragment = false;
        int next = b[ip + 6] & 0xff;
        int at = ip + 40;
        int l4End = Math.min(end, ip + 40 + payloadLength);
        // Walk extension headers to the transport header.
        for (int hops = 0; hops < 8; hops++) {
            if (next == 0 || next == 43 || next == 60) {
                if (at + 8 > l4End) break;
                int nh = b[at] & 0xff;
                at += 8 + (b[at + 1] & 0xff) * 8;
                next = nh;
            } else if (next == 44) {
                if (at + 8 > l4End) break;
                int nh = b[at] & 0xff;
                int fragOffset = u16(b, at + 2) >> 3;
                p.laterFragment = fragOffset != 0;
                at += 8;
                next = nh;
            } else if (next == 51) {
                if (at + 8 > l4End) break;
                int nh = b[at] & 0xff;
                at += ((b[at + 1] & 0xff) + 2) * 4;
                next = nh;
            } else {
                break;
            }
        }
        p.proto = next;
        return transport(b, at, l4End, p);
    }

    private static DecodeResult transport(byte[] b, int l4, int l4End, DecodedPacket p) {
        p.srcPort = 0;
        p.dstPort = 0;
        p.tcpFlags = 0;
        p.icmpType = 0;
        p.icmpCode = 0;
        p.icmpId = 0;
        p.icmpSeq = 0;
        p.payloadOffset = Math.min(l4, l4End);
        p.payloadLength = 0;
        if (p.laterFragment) return DecodeResult.OK;
        switch (p.proto) {
            case 6: {
                // Ports and flags are in the first 14 bytes; accept a snapped header.
                if (l4 + 14 > l4End) return l4 + 4 <= l4End ? ports(b, l4, p) : DecodeResult.OK;
                p.srcPort = u16(b, l4);
                p.dstPort = u16(b, l4 + 2);
                p.tcpFlags = b[l4 + 13] & 0x3f;
                int doff = ((b[l4 + 12] & 0xff) >> 4) * 4;
                if (doff < 20) return DecodeResult.MALFORMED;
                p.payloadOffset = Math.min(l4 + doff, l4End);
                p.payloadLength = Math.max(0, l4End - (l4 + doff));
                return DecodeResult.OK;
            }
            case 17: case 136: {
                if (l4 + 4 > l4End) return DecodeResult.OK;
                p.srcPort = u16(b, l4);
                p.dstPort = u16(b, l4 + 2);
                p.payloadOffset = Math.min(l4 + 8, l4End);
                p.payloadLength = Math.max(0, l4End - (l4 + 8));
                return DecodeResult.OK;
            }
            case 1: case 58: {
                if (l4 + 2 > l4End) return DecodeResult.OK;
                p.icmpType = b[l4] & 0xff;
                p.icmpCode = b[l4 + 1] & 0xff;
                if (l4 + 6 <= l4End) p.icmpId = u16(b, l4 + 4);
                if (l4 + 8 <= l4End) p.icmpSeq = u16(b, l4 + 6);
                p.payloadOffset = Math.min(l4 + 8, l4End);
                p.payloadLength = Math.max(0, l4End - (l4 + 8));
                return DecodeResult.OK;
            }
            default:
                return DecodeResult.OK;
        }
    }

    private static DecodeResult ports(byte[] b, int l4, DecodedPacket p) {
        p.srcPort = u16(b, l4);
        p.dstPort = u16(b, l4 + 2);
        return DecodeResult.OK;
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    static long u64(byte[] b, int i) {
        return (u32(b, i) << 32) | u32(b, i + 4);
    }
}
