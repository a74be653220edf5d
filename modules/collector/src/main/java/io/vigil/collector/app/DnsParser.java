package io.vigil.collector.app;

import java.nio.charset.StandardCharsets;

/**
 * Reads the header and first question of a DNS message (RFC 1035). Names are returned in
 * lowercase dotted form; compression pointers are followed with a hop limit.
 */
public final class DnsParser {

    /** One parsed message: its id, whether it is a response, its rcode and first question. */
    public record Message(int id, boolean response, int rcode, String name, int qtype) {}

    private DnsParser() {}

    /** A cheap check that a payload is plausibly DNS: a sane header and one or more questions. */
    public static boolean looksLikeDns(byte[] b, int off, int len) {
        if (len < 17) return false;
        int flags = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        int opcode = (flags >> 11) & 0x0f;
        int qd = ((b[off + 4] & 0xff) << 8) | (b[off + 5] & 0xff);
        if (opcode > 5 || qd < 1 || qd > 4) return false;
        // the first question, walked without building its name (parse builds it when it is DNS)
        int end = readName(b, off, len, 12, null, new int[1], 0);
        return end >= 0 && end + 4 <= len;
    }

    /** The message, or null when the bytes are not a well-formed DNS message with a question. */
    public static Message parse(byte[] b, int off, int len) {
        if (len < 12) return null;
        int id = ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
        int flags = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        int qd = ((b[off + 4] & 0xff) << 8) | (b[off + 5] & 0xff);
        if (qd == 0) return null;
        byte[] name = new byte[MAX_NAME + 1];
        int[] length = new int[1];
        int end = readName(b, off, len, 12, name, length, 0);
        if (end < 0 || end + 4 > len) return null;
        int qtype = ((b[off + end] & 0xff) << 8) | (b[off + end + 1] & 0xff);
        return new Message(id, (flags & 0x8000) != 0, flags & 0x0f,
                new String(name, 0, length[0], StandardCharsets.ISO_8859_1), qtype);
    }

    /** Labels are read while the name without its next dot stays within this (RFC 1035: 253 as text). */
    private static final int MAX_NAME = 253;

    /**
     * Reads a name at {@code pos} (relative to the message) into {@code out} from
     * {@code length[0]} on — lowercase, a byte outside printable ASCII as {@code ?} — and
     * returns the position after it, or -1. With {@code out} null it only checks the name and
     * counts its length.
     */
    private static int readName(byte[] b, int off, int len, int pos, byte[] out, int[] length, int depth) {
        if (depth > 8) return -1;
        int p = pos;
        while (p < len) {
            int l = b[off + p] & 0xff;
            if (l == 0) return p + 1;
            if ((l & 0xc0) == 0xc0) {
                if (p + 1 >= len) return -1;
                int target = ((l & 0x3f) << 8) | (b[off + p + 1] & 0xff);
                if (target >= p) return -1;
                if (readName(b, off, len, target, out, length, depth + 1) < 0) return -1;
                return p + 2;
            }
            int n = length[0];
            if ((l & 0xc0) != 0 || p + 1 + l > len || n + l > MAX_NAME) return -1;
            if (n > 0) {
                if (out != null) out[n] = '.';
                n++;
            }
            if (out != null) {
                for (int i = 0; i < l; i++) {
                    int c = b[off + p + 1 + i] & 0xff;
                    out[n + i] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c >= 0x21 && c < 0x7f ? c : '?');
                }
            }
            length[0] = n + l;
            p += 1 + l;
        }
        return -1;
    }

    public static String qtypeName(int qtype) {
        switch (qtype) {
            case 1: return "A";
            case 2: return "NS";
            case 5: return "CNAME";
            case 6: return "SOA";
            case 10: return "NULL";
            case 12: return "PTR";
            case 15: return "MX";
            case 16: return "TXT";
            case 28: return "AAAA";
            case 33: return "SRV";
            case 65: return "HTTPS";
            case 255: return "ANY";
            default: return "TYPE" + qtype;
        }
    }

    public static String rcodeName(int rcode) {
        switch (rcode) {
            case 0: return "NOERROR";
            case 1: return "FORMERR";
            case 2: return "SERVFAIL";
            case 3: return "NXDOMAIN";
            case 4: return "NOTIMP";
            case 5: return "REFUSED";
            default: return "RCODE" + rcode;
        }
    }
}
