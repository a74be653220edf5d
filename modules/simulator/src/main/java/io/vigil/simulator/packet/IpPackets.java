package io.vigil.simulator.packet;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/** Builds IP packets (no link header) with valid checksums; IPv6 when the addresses are. */
public final class IpPackets {

    public static final int PROTO_ICMP = 1, PROTO_TCP = 6, PROTO_UDP = 17, PROTO_ICMP6 = 58;

    private static int ipId = 1;

    private IpPackets() {}

    /** A TCP segment; {@code flags} uses the header bits (FIN=1, SYN=2, RST=4, PSH=8, ACK=16). */
    public static byte[] tcp(InetAddress src, int sport, InetAddress dst, int dport,
                             long seq, long ack, int flags, byte[] payload) {
        byte[] seg = new byte[20 + payload.length];
        ByteBuffer b = ByteBuffer.wrap(seg);
        b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack)
                .put((byte) (5 << 4)).put((byte) flags).putShort((short) 64240).putShort((short) 0)
                .putShort((short) 0).put(payload);
        return ip(src, dst, PROTO_TCP, seg, 16);
    }

    /**
     * The IP and TCP headers of a segment carrying {@code payloadLength} bytes, without the
     * payload: the IP length field counts it, as in a snapped capture. The TCP checksum is
     * left zero (it cannot be computed without the payload).
     */
    public static byte[] tcpHeaderOnly(InetAddress src, int sport, InetAddress dst, int dport, long seq, long ack,
                                       int flags, int payloadLength) {
        byte[] seg = new byte[20];
        ByteBuffer.wrap(seg).putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack)
                .put((byte) (5 << 4)).put((byte) flags).putShort((short) 64240);
        byte[] p = ip(src, dst, PROTO_TCP, seg, -1);
        boolean v6 = (p[0] >> 4) == 6;
        if (v6) {
            int len = 20 + payloadLength;
            p[4] = (byte) (len >> 8);
            p[5] = (byte) len;
        } else {
            int len = p.length + payloadLength;
            p[2] = (byte) (len >> 8);
            p[3] = (byte) len;
            p[10] = 0;
            p[11] = 0;
            int c = Checksum.finish(Checksum.add(0, p, 0, 20));
            p[10] = (byte) (c >> 8);
            p[11] = (byte) c;
        }
        return p;
    }

    public static byte[] udp(InetAddress src, int sport, InetAddress dst, int dport, byte[] payload) {
        byte[] dgram = new byte[8 + payload.length];
        ByteBuffer.wrap(dgram).putShort((short) sport).putShort((short) dport)
                .putShort((short) dgram.length).putShort((short) 0).put(payload);
        return ip(src, dst, PROTO_UDP, dgram, 6);
    }

    /** ICMP or ICMPv6 echo request ({@code reply=false}) or reply. */
    public static byte[] echo(InetAddress src, InetAddress dst, boolean reply, int id, int seq, byte[] payload) {
        boolean v6 = src.getAddress().length == 16;
        int type = v6 ? (reply ? 129 : 128) : (reply ? 0 : 8);
        return icmp(src, dst, type, 0, ByteBuffer.allocate(4).putShort((short) id).putShort((short) seq).array(), payload);
    }

    /** An ICMP(v6) message: type, code, the 4 bytes after the checksum, and a body. */
    public static byte[] icmp(InetAddress src, InetAddress dst, int type, int code, byte[] rest4, byte[] body) {
        boolean v6 = src.getAddress().length == 16;
        byte[] msg = new byte[8 + body.length];
        ByteBuffer.wrap(msg).put((byte) type).put((byte) code).putShort((short) 0).put(rest4, 0, 4).put(body);
        if (!v6) {
            int sum = Checksum.finish(Checksum.add(0, msg, 0, msg.length));
            msg[2] = (byte) (sum >> 8);
            msg[3] = (byte) sum;
            return ip(src, dst, PROTO_ICMP, msg, -1);
        }
        return ip(src, dst, PROTO_ICMP6, msg, 2);
    }

    /**
     * Wraps an L4 payload in an IP header. {@code checksumAt} is the offset of the L4
     * checksum field that covers the pseudo header, or -1 when there is none to fill.
     */
    static byte[] ip(InetAddress src, InetAddress dst, int proto, byte[] l4, int checksumAt) {
        byte[] s = src.getAddress();
        byte[] d = dst.getAddress();
        if (s.length != d.length) throw new IllegalArgumentException("mixed IPv4/IPv6 addresses " + src + " " + dst);
        if (checksumAt >= 0) {
            int sum = Checksum.add(0, s, 0, s.length);
            sum = Checksum.add(sum, d, 0, d.length);
            sum += proto + l4.length;
            sum = Checksum.add(sum, l4, 0, l4.length);
            int c = Checksum.finish(sum);
            if (c == 0 && proto == PROTO_UDP) c = 0xffff;
            l4[checksumAt] = (byte) (c >> 8);
            l4[checksumAt + 1] = (byte) c;
        }
        if (s.length == 4) {
            byte[] p = new byte[20 + l4.length];
            ByteBuffer b = ByteBuffer.wrap(p);
            b.put((byte) 0x45).put((byte) 0).putShort((short) p.length).putShort((short) nextId())
                    .putShort((short) 0x4000).put((byte) 64).put((byte) proto).putShort((short) 0).put(s).put(d).put(l4);
            int c = Checksum.finish(Checksum.add(0, p, 0, 20));
            p[10] = (byte) (c >> 8);
            p[11] = (byte) c;
            return p;
        }
        byte[] p = new byte[40 + l4.length];
        ByteBuffer.wrap(p).putInt(0x60000000).putShort((short) l4.length).put((byte) proto).put((byte) 64)
                .put(s).put(d).put(l4);
        return p;
    }

    private static synchronized int nextId() {
        ipId = (ipId + 1) & 0xffff;
        return ipId;
    }
}
