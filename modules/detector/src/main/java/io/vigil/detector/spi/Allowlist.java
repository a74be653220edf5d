package io.vigil.detector.spi;

import io.vigil.model.AlertType;
import io.vigil.model.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Known, authorised activity that must not page anyone: the vulnerability scanner, the
 * nightly backup to the offsite store, the monitoring probe. A rule matches an alert by
 * type (empty: every type), site (null: every site), and source and destination
 * (CIDR blocks or exact names, e.g. pseudonyms; empty: any).
 *
 * @param reason why it is allowed, for the audit of the allowlist itself
 */
public record Allowlist(List<Rule> rules) {

    public record Rule(Set<AlertType> types, String site, List<String> src, List<String> dst, String reason) {}

    public static Allowlist none() {
        return new Allowlist(List.of());
    }

    public boolean suppresses(AlertType type, String site, String src, String dst) {
        for (Rule r : rules) {
            if (!r.types().isEmpty() && !r.types().contains(type)) continue;
            if (r.site() != null && !r.site().equals(site)) continue;
            if (!matches(r.src(), src)) continue;
            if (!matches(r.dst(), dst)) continue;
            return true;
        }
        return false;
    }

    private static boolean matches(List<String> patterns, String addr) {
        if (patterns.isEmpty()) return true;
        if (addr == null) return false;
        byte[] bytes = null;
        for (String p : patterns) {
            if (p.equals(addr)) return true;
            if (p.contains("/") || Character.isDigit(p.charAt(0)) || p.contains(":")) {
                try {
                    if (bytes == null) bytes = Cidr.parse(addr).network();
                    if (Cidr.parse(p).contains(bytes)) return true;
                } catch (IllegalArgumentException e) {
                    // addr is not an address (a pseudonym): only exact names match it
                }
            }
        }
        return false;
    }

    /** Every mistake in the rules, named by the key as written in the file ({@code allow.0.src.1}). */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            check(p, "allow." + i + ".src", r.src());
            check(p, "allow." + i + ".dst", r.dst());
            if (r.reason() == null || r.reason().isBlank()) p.add("allow." + i + ".reason: a reason is required");
        }
        return p;
    }

    /** An entry is an address or a CIDR block, never a name (names would be looked up, and lie). */
    private static void check(List<String> p, String key, List<String> entries) {
        for (int j = 0; j < entries.size(); j++) {
            try {
                Cidr.parse(entries.get(j));
            } catch (IllegalArgumentException e) {
                p.add(key + "." + j + ": " + e.getMessage());
            }
        }
    }
}
