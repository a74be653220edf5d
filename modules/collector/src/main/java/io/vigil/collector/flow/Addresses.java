package io.vigil.collector.flow;

import java.nio.charset.StandardCharsets;

/** Formats and unpacks the two-long address form the decoder produces. */
public final class Addresses {

    private Addresses() {}

    public static byte[] bytes(int ipVersion, long hi, long lo) {
        if (ipVersion == 4) {
            return new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    /** {@link #format(int, long, long)} of 4 or 16 address bytes: every source of flows spells an address alike. */
    public static String format(byte[] a) {
        if (a.length == 4) return format(4, 0, ((a[0] & 0xffL) << 24) | ((a[1] & 0xffL) << 16) | ((a[2] & 0xffL) << 8) | (a[3] & 0xffL));
        if (a.length != 16) throw new IllegalArgumentException(a.length + " address bytes");
        long hi = 0, lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (a[i] & 0xffL);
            lo = (lo << 8) | (a[8 + i] & 0xffL);
        }
        return format(6, hi, lo);
    }

    /** Writes 0..255 in decimal at {@code n}; returns the position after it. */
    private static int octet(byte[] t, int n, int v) {
        if (v >= 100) t[n++] = (byte) ('0' + v / 100);
        if (v >= 10) t[n++] = (byte) ('0' + v / 10 % 10);
        t[n++] = (byte) ('0' + v % 10);
        return n;
    }

    /** Dotted quad, or RFC 5952 text for IPv6 (lowercase, longest zero run as "::"). */
    public static String format(int ipVersion, long hi, long lo) {
        if (ipVersion == 4) {
            byte[] t = new byte[15];
            int n = octet(t, 0, (int) (lo >>> 24) & 0xff);
            t[n++] = '.';
            n = octet(t, n, (int) (lo >>> 16) & 0xff);
            t[n++] = '.';
            n = octet(t, n, (int) (lo >>> 8) & 0xff);
            t[n++] = '.';
            n = octet(t, n, (int) lo & 0xff);
            return new String(t, 0, n, StandardCharsets.ISO_8859_1);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xffff);
            g[4 + i] = (int) ((lo >>> (48 - 16 * i)) & 0xffff);
        }
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
