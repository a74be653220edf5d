package io.vigil.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One threat indicator from a published source (CareCERT, NCSC, a MISP community): an address,
 * a network or a domain that a site's traffic should never reach, with how sure the source is,
 * when it holds, and where to read about it.
 *
 * @param kind       {@code ip} (one address), {@code cidr} or {@code domain} (the name and every name below it)
 * @param value      the address, block or domain, normalised (lower case, no trailing dot)
 * @param confidence 0–100, the source's (50 where it says nothing)
 * @param validUntil null when the source gives no end
 * @param attack     ATT&amp;CK technique ids the source names
 */
public record Indicator(String kind, String value, String source, int confidence, Instant validFrom, Instant validUntil,
                        String description, String reference, List<String> attack) {

    public static final List<String> KINDS = List.of("ip", "cidr", "domain");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

    /** The key the indicator is stored and matched under: {@code ip:198.51.100.7}, {@code domain:evil.example}. */
    public String key() {
        return kind + ":" + value;
    }

    /** An indicator of {@code text}, which may be an address, a CIDR block, a domain or a URL (its host counts). */
    public static Indicator of(String text, String source, int confidence, Instant validFrom, Instant validUntil,
                               String description, String reference, List<String> attack) {
        String[] kv = classify(text);
        return new Indicator(kv[0], kv[1], source, confidence, validFrom, validUntil, description, reference,
                attack == null ? List.of() : List.copyOf(attack));
    }

    /** {kind, normalised value} of an indicator's text; what it is not is an {@link IllegalArgumentException} saying so. */
    static String[] classify(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) throw new IllegalArgumentException("empty value");
        int scheme = t.indexOf("://");
        if (scheme > 0) {
            String rest = t.substring(scheme + 3);
            int end = rest.length();
            for (char c : new char[] {'/', '?', '#'}) {
                int i = rest.indexOf(c);
                if (i >= 0) end = Math.min(end, i);
            }
            String host = rest.substring(0, end);
            int at = host.lastIndexOf('@');
            if (at >= 0) host = host.substring(at + 1);
            if (host.startsWith("[")) host = host.substring(1, Math.max(1, host.indexOf(']')));
            else if (host.indexOf(':') > 0) host = host.substring(0, host.indexOf(':'));
            t = host;
        }
        if (t.matches("[0-9.]+(/\\d+)?|[0-9a-fA-F:]*:[0-9a-fA-F:.]*(/\\d+)?")) {
            Cidr c = Cidr.parse(t); // refuses what is not an address, without asking DNS
            boolean whole = c.prefix() == c.network().length * 8;
            return new String[] {whole ? "ip" : "cidr", whole ? t.replaceFirst("/\\d+$", "").toLowerCase(Locale.ROOT) : c.text()};
        }
        String d = t.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) d = d.substring(0, d.length() - 1);
        if (d.startsWith("*.")) d = d.substring(2);
        if (!DOMAIN.matcher(d).matches()) throw new IllegalArgumentException("'" + text + "' is not an address, block, domain or URL");
        return new String[] {"domain", d};
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (!KINDS.contains(kind)) p.add("kind " + kind + " is unknown");
        if (value == null || value.isBlank()) p.add("value is missing");
        if (source == null || source.isBlank()) p.add("source is missing");
        if (confidence < 0 || confidence > 100) p.add("confidence " + confidence + " must be 0..100");
        if (validFrom != null && validUntil != null && validUntil.isBefore(validFrom)) p.add("valid_until is before valid_from");
        return p;
    }
}
