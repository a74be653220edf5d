package io.vigil.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The address blocks a site calls internal. Lookups are on raw address bytes so the
 * collector's per-packet path never formats or parses a string.
 */
public final class CidrSet {

    /** RFC 1918, RFC 6598 shared space, loopback, link-local, and IPv6 ULA/link-local. */
    public static final List<String> PRIVATE = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "fc00::/7", "fe80::/10", "::1/128");

    private final List<Cidr> blocks;
    /** IPv4 blocks as (network, mask) pairs and IPv6 blocks as (hi, lo, maskHi, maskLo): no allocation per lookup. */
    private final int[] v4;
    private final long[] v6;

    private CidrSet(List<Cidr> blocks) {
        this.blocks = List.copyOf(blocks);
        int n4 = 0, n6 = 0;
        for (Cidr c : blocks) {
            if (c.network().length == 4) n4++;
            else n6++;
        }
        v4 = new int[n4 * 2];
        v6 = new long[n6 * 4];
        int i4 = 0, i6 = 0;
        for (Cidr c : blocks) {
            byte[] b = c.network();
            if (b.length == 4) {
                int mask = c.prefix() == 0 ? 0 : -1 << (32 - c.prefix());
                v4[i4++] = toInt(b, 0) & mask;
                v4[i4++] = mask;
            } else {
                long maskHi = c.prefix() == 0 ? 0 : c.prefix() >= 64 ? -1L : -1L << (64 - c.prefix());
                long maskLo = c.prefix() <= 64 ? 0 : c.prefix() == 128 ? -1L : -1L << (128 - c.prefix());
                v6[i6++] = toLong(b, 0) & maskHi;
                v6[i6++] = toLong(b, 8) & maskLo;
                v6[i6++] = maskHi;
                v6[i6++] = maskLo;
            }
        }
    }

    private static int toInt(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }

    private static long toLong(byte[] b, int o) {
        return ((long) toInt(b, o) << 32) | (toInt(b, o + 4) & 0xffffffffL);
    }

    public boolean containsV4(int addr) {
        for (int i = 0; i < v4.length; i += 2) {
            if ((addr & v4[i + 1]) == v4[i]) return true;
        }
        return false;
    }

    public boolean containsV6(long hi, long lo) {
        for (int i = 0; i < v6.length; i += 4) {
            if ((hi & v6[i + 2]) == v6[i] && (lo & v6[i + 3]) == v6[i + 1]) return true;
        }
        return false;
    }

    public static CidrSet of(List<String> cidrs) {
        List<Cidr> blocks = new ArrayList<>();
        for (String c : cidrs) blocks.add(Cidr.parse(c));
        return new CidrSet(blocks);
    }

    public static CidrSet privateRanges() {
        return of(PRIVATE);
    }

    public boolean contains(byte[] addr) {
        if (addr.length == 4) return containsV4(toInt(addr, 0));
        if (addr.length == 16) return containsV6(toLong(addr, 0), toLong(addr, 8));
        return false;
    }

    public List<Cidr> blocks() {
        return blocks;
    }

    @Override
    public String toString() {
        return blocks.toString();
    }
}
