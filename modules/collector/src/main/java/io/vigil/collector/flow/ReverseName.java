package io.vigil.collector.flow;

import java.util.Locale;

/**
 * The address a reverse-lookup name asks about ({@code 10.1.10.10.in-addr.arpa},
 * {@code …ip6.arpa} in nibbles), so that a lookup of an internal host leaves the agent no more
 * readable than the host's own address. Only whole addresses: a zone ({@code 10.in-addr.arpa})
 * names no host.
 */
final class ReverseName {

    static final String V4 = ".in-addr.arpa";
    static final String V6 = ".ip6.arpa";

    private ReverseName() {}

    /** The address bytes (4 or 16), or null when {@code name} is not the reverse name of one address. */
    static byte[] address(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        if (n.endsWith(V4)) return v4(n.substring(0, n.length() - V4.length()));
        if (n.endsWith(V6)) return v6(n.substring(0, n.length() - V6.length()));
        return null;
    }

    /** The suffix the name ends with ({@code .in-addr.arpa} or {@code .ip6.arpa}). */
    static String suffix(byte[] address) {
        return address.length == 4 ? V4 : V6;
    }

    private static byte[] v4(String labels) {
        String[] p = labels.split("\\.", -1);
        if (p.length != 4) return null;
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (p[i].isEmpty() || p[i].length() > 3 || !p[i].chars().allMatch(Character::isDigit)) return null;
            int v = Integer.parseInt(p[i]);
            if (v > 255) return null;
            out[3 - i] = (byte) v; // reversed: the last label is the first octet
        }
        return out;
    }

    private static byte[] v6(String labels) {
        String[] p = labels.split("\\.", -1);
        if (p.length != 32) return null;
        byte[] out = new byte[16];
        for (int i = 0; i < 32; i++) {
            if (p[i].length() != 1) return null;
            int d = Character.digit(p[i].charAt(0), 16);
            if (d < 0) return null;
            int nibble = 31 - i; // reversed nibbles
            out[nibble / 2] |= (byte) (nibble % 2 == 0 ? d << 4 : d);
        }
        return out;
    }
}
