package io.vigil.collector.app;

import java.nio.charset.StandardCharsets;

/**
 * Names the protocol a flow speaks from the first payload of either side. Returns null when
 * the bytes say nothing recognisable; the caller may then fall back to the port.
 */
public final class AppClassifier {

    private static final byte[][] HTTP_METHODS = ascii("GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ",
            "CONNECT ", "PATCH ", "HTTP/1.", "HTTP/2");
    private static final byte[] SSH = ascii("SSH-")[0], SMTP_READY = ascii("220")[0], EHLO = ascii("EHLO")[0],
            HELO = ascii("HELO")[0], FTP_USER = ascii("USER ")[0], POP_OK = ascii("+OK")[0], IMAP_OK = ascii("* OK")[0];

    private AppClassifier() {}

    /**
     * @param fromInitiator whether the bytes were sent by the flow's initiator
     * @param tcp whether the flow is TCP (UDP protocols are looked at only for DNS)
     */
    public static String classify(byte[] b, int off, int len, boolean fromInitiator, boolean tcp, int serverPort) {
        if (len <= 0) return null;
        if (tcp) {
            if (startsWith(b, off, len, SSH)) return "ssh";
            if (len >= 3 && b[off] == 0x16 && b[off + 1] == 0x03 && (b[off + 2] & 0xff) <= 0x04) return "tls";
            if (TlsParser.isV2Hello(b, off, len)) return "tls"; // SSL 2.0's own record format
            if (len >= 3 && (b[off] == 0x14 || b[off] == 0x15 || b[off] == 0x17) && b[off + 1] == 0x03
                    && (b[off + 2] & 0xff) <= 0x04) return "tls";
            for (byte[] m : HTTP_METHODS) {
                if (startsWith(b, off, len, m)) return "http";
            }
            if (startsWith(b, off, len, SMTP_READY) || startsWith(b, off, len, EHLO) || startsWith(b, off, len, HELO)) {
                String head = ascii(b, off, Math.min(len, 128)).toUpperCase();
                if (head.startsWith("EHLO") || head.startsWith("HELO") || head.contains("SMTP")) return "smtp";
                if (head.contains("FTP")) return "ftp";
                if (serverPort == 21) return "ftp";
                return "smtp";
            }
            if (startsWith(b, off, len, FTP_USER) && serverPort == 21) return "ftp";
            if (startsWith(b, off, len, POP_OK)) return "pop3";
            if (startsWith(b, off, len, IMAP_OK)) return "imap";
            if ((b[off] & 0xff) == 0xff && len >= 2 && (b[off + 1] & 0xff) >= 0xfb) return "telnet";
            // RDP: TPKT header (3, 0) then an X.224 connection request (0xE0).
            if (len >= 6 && b[off] == 0x03 && b[off + 1] == 0x00 && (b[off + 5] & 0xf0) == 0xe0) return "rdp";
            // SMB1/SMB2 after the 4-byte NetBIOS session header.
            if (len >= 8 && b[off] == 0x00 && (b[off + 4] & 0xff) >= 0xfd && b[off + 5] == 'S' && b[off + 6] == 'M'
                    && b[off + 7] == 'B') return "smb";
            if (len >= 8 && fromInitiator) {
                int code = ((b[off + 4] & 0xff) << 24) | ((b[off + 5] & 0xff) << 16) | ((b[off + 6] & 0xff) << 8)
                        | (b[off + 7] & 0xff);
                if (code == 196608 || code == 80877103) return "postgresql";
            }
            if (serverPort == 53 && DnsParser.looksLikeDns(b, off + 2, len - 2)) return "dns";
            return null;
        }
        if ((serverPort == 53 || serverPort == 5353 || serverPort == 5355) && DnsParser.looksLikeDns(b, off, len)) {
            return "dns";
        }
        if (isRtcp(b, off, len)) return "rtcp";
        return null;
    }

    /**
     * An RTCP packet (RFC 3550): version 2, a report or description type (200–204) and a length
     * that fits. A call's control channel, which reports every few seconds by design.
     */
    static boolean isRtcp(byte[] b, int off, int len) {
        if (len < 8 || (b[off] & 0xc0) != 0x80) return false;
        int type = b[off + 1] & 0xff;
        int words = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        return type >= 200 && type <= 204 && (words + 1) * 4 <= len;
    }

    /** The protocol a port conventionally carries, for flows whose bytes said nothing. */
    public static String byPort(int port, boolean tcp) {
        switch (port) {
            case 20: case 21: return tcp ? "ftp" : null;
            case 22: return tcp ? "ssh" : null;
            case 23: return tcp ? "telnet" : null;
            case 25: case 587: return tcp ? "smtp" : null;
            case 53: return "dns";
            case 80: case 8080: return tcp ? "http" : null;
            case 110: return tcp ? "pop3" : null;
            case 143: return tcp ? "imap" : null;
            case 443: case 8443: return tcp ? "tls" : "quic";
            case 445: case 139: return tcp ? "smb" : null;
            case 1433: return tcp ? "mssql" : null;
            case 3306: return tcp ? "mysql" : null;
            case 3389: return tcp ? "rdp" : null;
            case 5432: return tcp ? "postgresql" : null;
            case 123: return tcp ? null : "ntp";
            default: return null;
        }
    }

    private static boolean startsWith(byte[] b, int off, int len, byte[] m) {
        if (len < m.length) return false;
        for (int i = 0; i < m.length; i++) {
            if (b[off + i] != m[i]) return false;
        }
        return true;
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    private static byte[][] ascii(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) out[i] = s[i].getBytes(StandardCharsets.US_ASCII);
        return out;
    }
}
