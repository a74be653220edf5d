package io.vigil.detector.host;

import java.util.Set;

/** Splits DNS names into registered domain and subdomain, and measures how random a string looks. */
public final class DomainNames {

    /** Second-level public suffixes common in the UK and elsewhere (a short list, not the PSL). */
    private static final Set<String> TWO_LEVEL = Set.of("co.uk", "org.uk", "ac.uk", "gov.uk", "nhs.uk", "me.uk",
            "ltd.uk", "plc.uk", "net.uk", "sch.uk", "com.au", "net.au", "org.au", "co.nz", "co.jp", "com.br", "co.za",
            "com.cn", "co.in", "gov.au", "ac.jp");

    private DomainNames() {}

    /** "a.b.example.co.uk" → "example.co.uk"; a name of one or two labels is its own domain. */
    public static String registered(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        int last = n.lastIndexOf('.');
        if (last < 0) return n;
        int second = n.lastIndexOf('.', last - 1);
        if (second < 0) return n;
        if (TWO_LEVEL.contains(n.substring(second + 1))) {
            int third = n.lastIndexOf('.', second - 1);
            return third < 0 ? n : n.substring(third + 1);
        }
        return n.substring(second + 1);
    }

    /** The part before the registered domain, without the joining dot ("" when none). */
    public static String subdomain(String name, String registered) {
        if (name.length() <= registered.length() + 1) return "";
        return name.substring(0, name.length() - registered.length() - 1);
    }

    /** Query types ordinary clients rarely ask and tunnels do (they carry more data per answer). */
    private static final Set<String> TUNNEL_TYPES = Set.of("TXT", "NULL", "CNAME", "MX", "SRV", "ANY");

    public static boolean tunnelType(String qtype) {
        return qtype != null && (TUNNEL_TYPES.contains(qtype) || qtype.startsWith("TYPE"));
    }

    /**
     * Whether a name part carries encoded data rather than words, judged on its longest label
     * (tunnels pack data into long labels): at least 16 characters, and either bytes a host
     * name never holds, or hex, or the make-up of base32/base64 (digits among the letters, and
     * few vowels: a random a–z string has 19% vowels, words about 40%). Ordinary names are short
     * or made of syllables; iodine's base32, dnscat2's hex and base64 payloads are not.
     */
    public static boolean looksEncoded(String part) {
        int best = 0, bestStart = 0, start = 0;
        for (int i = 0; i <= part.length(); i++) {
            if (i == part.length() || part.charAt(i) == '.') {
                if (i - start > best) {
                    best = i - start;
                    bestStart = start;
                }
                start = i + 1;
            }
        }
        if (best < 16) return false;
        int digits = 0, letters = 0, vowels = 0, odd = 0;
        boolean hex = true;
        for (int i = bestStart; i < bestStart + best; i++) {
            char c = part.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c >= 'a' && c <= 'z') {
                letters++;
                if (c > 'f') hex = false;
                if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') vowels++;
            } else if (c != '-') {
                odd++;
                hex = false;
            }
        }
        if (odd > 0) return true;
        if (hex && digits >= 3 && letters >= 2) return true;
        return digits >= 0.08 * best && letters > 0 && vowels < 0.3 * letters;
    }

    /** "4.3.2.1": a reversed IPv4 address, as DNS blocklist lookups ask; never data. */
    public static boolean reversedAddress(String part) {
        int dots = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '.') dots++;
            else if (c < '0' || c > '9') return false;
        }
        return dots == 3;
    }

    /** Shannon entropy in bits per character of the letters and digits of {@code s} (dots ignored). */
    public static double entropy(String s) {
        int[] counts = new int[128];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if (c == '.' || c >= 128) continue;
            counts[c]++;
            n++;
        }
        if (n == 0) return 0;
        double h = 0;
        for (int c : counts) {
            if (c == 0) continue;
            double p = (double) c / n;
            h -= p * (Math.log(p) / Math.log(2));
        }
        return h;
    }
}
