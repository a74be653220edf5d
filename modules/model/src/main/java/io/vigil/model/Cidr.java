package io.vigil.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** One address block such as {@code 10.0.0.0/8} or {@code fd00::/8}. */
public record Cidr(byte[] network, int prefix, String text) {

    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    /** Parses {@code ADDRESS/PREFIX}; a bare address is a host block. Never does a DNS lookup. */
    /** Whether {@code host} is localhost or a literal loopback address; a name is never looked up. */
    public static boolean isLoopbackLiteral(String host) {
        if (host.equalsIgnoreCase("localhost")) return true;
        // only what cannot be a name: dotted digits, or hex with a colon ("cafe" would be looked up)
        boolean literal = host.matches("[0-9.]+") || host.contains(":") && host.matches("[0-9a-fA-F:.]+");
        if (!literal) return false;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public static Cidr parse(String s) {
        String t = s.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (!LITERAL.matcher(addr).matches() || addr.isEmpty()) {
            throw new IllegalArgumentException("'" + s + "' is not a CIDR block (expected e.g. 10.0.0.0/8 or fd00::/8)");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + s + "' is not a CIDR block: bad address '" + addr + "'");
        }
        int max = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a CIDR block: bad prefix length");
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("'" + s + "': prefix length must be 0.." + max);
        }
        return new Cidr(bytes, prefix, t);
    }

    public boolean contains(byte[] addr) {
        if (addr.length != network.length) return false;
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (addr[i] != network[i]) return false;
        }
        int rest = prefix % 8;
        if (rest == 0) return true;
        int mask = (0xff << (8 - rest)) & 0xff;
        return (addr[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
