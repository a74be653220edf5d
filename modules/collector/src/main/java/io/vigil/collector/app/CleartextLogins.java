package io.vigil.collector.app;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a login sent readable by a client: the commands that carry a password in the clear.
 * Only the command is named, never the credential itself: the collector does not keep or
 * export what was typed. After STARTTLS the bytes are TLS records and nothing matches, which
 * is right: that login was not readable.
 */
public final class CleartextLogins {

    /** The protocols whose client bytes are searched. */
    public static final Set<String> WATCHED = Set.of("ftp", "pop3", "imap", "smtp", "http", "telnet");

    /** How much of a client packet is searched for an HTTP Authorization header. */
    private static final int HTTP_HEAD = 4096;

    private CleartextLogins() {}

    /** What the client packet shows, such as {@code "ftp PASS"}, or null when it shows no login. */
    public static String find(String app, byte[] b, int off, int len) {
        if (len <= 0) return null;
        switch (app) {
            case "ftp":
                return line(b, off, len, "PASS ") ? "ftp PASS" : null;
            case "pop3":
                if (line(b, off, len, "PASS ")) return "pop3 PASS";
                return line(b, off, len, "AUTH PLAIN") || line(b, off, len, "AUTH LOGIN") ? "pop3 AUTH" : null;
            case "imap":
                return imapLogin(b, off, len);
            case "smtp":
                return line(b, off, len, "AUTH PLAIN") || line(b, off, len, "AUTH LOGIN") ? "smtp AUTH" : null;
            case "http":
                return basicAuth(b, off, len) ? "http Basic" : null;
            case "telnet":
                // Negotiation starts with IAC (0xff); anything else from the client is typed text,
                // and the first thing typed on a telnet session is the login.
                return (b[off] & 0xff) != 0xff ? "telnet" : null;
            default:
                return null;
        }
    }

    /** An IMAP command is a tag, a space, then the command: "a1 LOGIN user pass". */
    private static String imapLogin(byte[] b, int off, int len) {
        int sp = -1;
        for (int i = 0; i < Math.min(len, 32); i++) {
            if (b[off + i] == ' ') {
                sp = i;
                break;
            }
        }
        if (sp <= 0) return null;
        if (command(b, off + sp + 1, len - sp - 1, "LOGIN ")) return "imap LOGIN";
        if (command(b, off + sp + 1, len - sp - 1, "AUTHENTICATE PLAIN")) return "imap AUTHENTICATE PLAIN";
        return null;
    }

    private static boolean basicAuth(byte[] b, int off, int len) {
        String head = new String(b, off, Math.min(len, HTTP_HEAD), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int i = head.indexOf("\nauthorization:");
        if (i < 0) i = head.indexOf("\nproxy-authorization:");
        if (i < 0) return false;
        int colon = head.indexOf(':', i);
        int eol = head.indexOf('\n', colon);
        String value = head.substring(colon + 1, eol < 0 ? head.length() : eol).trim();
        return value.startsWith("basic ");
    }

    /** Whether a line of the packet (a client may send several commands at once) starts with {@code cmd}. */
    private static boolean line(byte[] b, int off, int len, String cmd) {
        int end = Math.min(len, 1024);
        for (int i = 0; i < end; i++) {
            if ((i == 0 || b[off + i - 1] == '\n') && command(b, off + i, len - i, cmd)) return true;
        }
        return false;
    }

    /** Whether the bytes start with {@code cmd}, ignoring ASCII case. */
    private static boolean command(byte[] b, int off, int len, String cmd) {
        if (len < cmd.length()) return false;
        for (int i = 0; i < cmd.length(); i++) {
            int c = b[off + i] & 0xff;
            if (c >= 'a' && c <= 'z') c -= 32;
            if (c != cmd.charAt(i)) return false;
        }
        return true;
    }
}
