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
