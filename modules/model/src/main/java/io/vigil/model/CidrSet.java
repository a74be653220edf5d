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

    private CidrSet(List<Cidr> blocks) {
        this.blocks = List.copyOf(blocks);
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
        for (Cidr c : blocks) {
            if (c.contains(addr)) return true;
        }
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
