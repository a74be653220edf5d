package io.vigil.collector.app;

/**
 * Reads the protocol version out of a TLS ClientHello or ServerHello in the first record of
 * a flow. TLS 1.3 hides behind legacy version 1.2, so the supported_versions extension
 * (RFC 8446 §4.2.1) decides when present: the highest offered (client) or the one chosen
 * (server). A ClientHello's server_name names the site the client means to reach. The SSL 2.0
 * record format (a two-byte length with its top bit set) is read too: a v2 CLIENT-HELLO says the
 * highest version the client offers (0x0002 for SSL 2.0 alone, 0x0301 for a TLS 1.0 client that
 * still sends the old format), a v2 SERVER-HELLO that the server speaks SSL 2.0.
 */
public final class TlsParser {

    /**
     * A hello: 1 = ClientHello, 2 = ServerHello; version as the 16-bit wire value; the server
     * name a ClientHello asks for (SNI, RFC 6066 §3), lower case, or null.
     */
    public record Hello(int type, int version, String serverName) {
        Hello(int type, int version) {
            this(type, version, null);
        }
    }

    private TlsParser() {}

    public static Hello parse(byte[] b, int off, int len) {
        if (isV2Hello(b, off, len)) return parseV2(b, off);
        if (len < 9 || b[off] != 0x16 || b[off + 1] != 0x03) return null;
        int hsType = b[off + 5] & 0xff;
        if (hsType != 1 && hsType != 2) return null;
        int p = off + 9;
        int end = off + len;
        if (p + 2 > end) return null;
        int legacy = u16(b, p);
        p += 2 + 32; // version, random
        if (p + 1 > end) return new Hello(hsType, legacy);
        p += 1 + (b[p] & 0xff); // session id
        if (hsType == 1) {
            if (p + 2 > end) return new Hello(hsType, legacy);
            p += 2 + u16(b, p); // cipher suites
            if (p + 1 > end) return new Hello(hsType, legacy);
            p += 1 + (b[p] & 0xff); // compression methods
        } else {
            p += 3; // cipher suite, compression method
        }
        if (p + 2 > end) return new Hello(hsType, legacy);
        int extEnd = Math.min(end, p + 2 + u16(b, p));
        p += 2;
        int version = legacy;
        String name = null;
        while (p + 4 <= extEnd) {
            int type = u16(b, p);
            int elen = u16(b, p + 2);
            int data = p + 4;
            if (type == 0x002b && data + elen <= extEnd) {
                if (hsType == 2 && elen == 2) return new Hello(hsType, u16(b, data));
                if (hsType == 1 && elen >= 3) {
                    int listLen = b[data] & 0xff;
                    for (int i = data + 1; i + 1 < data + 1 + listLen && i + 1 < extEnd; i += 2) {
                        int v = u16(b, i);
                        // Skip GREASE values (0x?a?a) that clients add to keep servers honest.
                        if ((v & 0x0f0f) == 0x0a0a) continue;
                        if (v > version && v <= 0x0304) version = v;
                    }
                }
            } else if (type == 0x0000 && hsType == 1 && data + elen <= extEnd) {
                name = serverName(b, data, elen);
            }
            p = data + elen;
        }
        return new Hello(hsType, version, name);
    }

    /** The host_name entry of a server_name extension, if it is a plausible DNS name; else null. */
    static String serverName(byte[] b, int data, int elen) {
        if (elen < 5 || b[data + 2] != 0) return null; // list length, then name type 0 (host_name)
        int n = u16(b, data + 3);
        if (n < 1 || n > 253 || data + 5 + n > data + elen) return null;
        StringBuilder sb = new StringBuilder(n);
        for (int i = data + 5; i < data + 5 + n; i++) {
            char c = (char) (b[i] & 0xff);
            if (c >= 'A' && c <= 'Z') c = (char) (c + 32);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) return null;
            sb.append(c);
        }
        return sb.toString();
    }

    /**
     * An SSL 2.0 hello: a two-byte record header with the top bit set, then CLIENT-HELLO (1) with
     * a version of 0x0002 or 0x03xx, or SERVER-HELLO (4) with 0x0002 five bytes in.
     */
    public static boolean isV2Hello(byte[] b, int off, int len) {
        if (len < 7 || (b[off] & 0x80) == 0) return false;
        int type = b[off + 2] & 0xff;
        if (type == 1) return b[off + 3] == 0x00 && b[off + 4] == 0x02 || b[off + 3] == 0x03 && (b[off + 4] & 0xff) <= 0x03;
        return type == 4 && len >= 11 && b[off + 5] == 0x00 && b[off + 6] == 0x02;
    }

    private static Hello parseV2(byte[] b, int off) {
        if ((b[off + 2] & 0xff) == 4) return new Hello(2, 0x0002);
        return new Hello(1, u16(b, off + 3));
    }

    /** "ssl2", "ssl3", "1.0" ... "1.3" for a wire version. */
    public static String name(int version) {
        switch (version) {
            case 0x0002: return "ssl2";
            case 0x0300: return "ssl3";
            case 0x0301: return "1.0";
            case 0x0302: return "1.1";
            case 0x0303: return "1.2";
            case 0x0304: return "1.3";
            default: return String.format("0x%04x", version);
        }
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
}
