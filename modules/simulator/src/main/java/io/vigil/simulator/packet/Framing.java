package io.vigil.simulator.packet;

import io.vigil.runtime.pcap.LinkType;
import java.nio.ByteBuffer;

/** Puts an IP packet in a link-layer frame of the capture's link type. */
public final class Framing {

    private final LinkType linkType;
    private final int vlan;

    /** @param vlan an 802.1Q VLAN id to tag Ethernet frames with, or 0 for untagged */
    public Framing(LinkType linkType, int vlan) {
        this.linkType = linkType;
        this.vlan = vlan;
    }

    public LinkType linkType() {
        return linkType;
    }

    public byte[] frame(byte[] ip) {
        int etherType = (ip[0] >> 4) == 6 ? 0x86DD : 0x0800;
        switch (linkType) {
            case RAW:
                return ip;
            case ETHERNET: {
                int hl = vlan > 0 ? 18 : 14;
                ByteBuffer b = ByteBuffer.allocate(hl + ip.length);
                b.put(mac(ip, true)).put(mac(ip, false));
                if (vlan > 0) b.putShort((short) 0x8100).putShort((short) (vlan & 0x0fff));
                b.putShort((short) etherType).put(ip);
                return b.array();
            }
            case LINUX_SLL: {
                ByteBuffer b = ByteBuffer.allocate(16 + ip.length);
                b.putShort((short) 0).putShort((short) 1).putShort((short) 6).put(mac(ip, false)).putShort((short) 0)
                        .putShort((short) etherType).put(ip);
                return b.array();
            }
            case LINUX_SLL2: {
                ByteBuffer b = ByteBuffer.allocate(20 + ip.length);
                b.putShort((short) etherType).putShort((short) 0).putInt(2).putShort((short) 1).put((byte) 0)
                        .put((byte) 6).put(mac(ip, false)).putShort((short) 0).put(ip);
                return b.array();
            }
            default:
                throw new IllegalStateException("no framing for " + linkType);
        }
    }

    /** A locally administered MAC derived from the packet's destination or source address. */
    private static byte[] mac(byte[] ip, boolean destination) {
        boolean v6 = (ip[0] >> 4) == 6;
        int off = v6 ? (destination ? 24 + 12 : 8 + 12) : (destination ? 16 : 12);
        return new byte[] {0x02, 0x00, ip[off], ip[off + 1], ip[off + 2], ip[off + 3]};
    }
}
