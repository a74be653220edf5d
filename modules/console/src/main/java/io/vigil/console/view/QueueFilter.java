package io.vigil.console.view;

import io.vigil.model.AlertType;
import io.vigil.model.Cidr;
import io.vigil.model.Severity;
import io.vigil.model.TriageState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What an analyst asked the queue to show, read from the page's query string: a site, a type,
 * the least severity, the triage state ({@code open}: not closed, the default; {@code new}:
 * nobody has taken it; {@code acknowledged}; {@code closed}; {@code all}), a host or CIDR block
 * (source, destination or target), an assignee ({@code me}, {@code none} or a name), how recent
 * ({@code 1h}, {@code 24h}, {@code 7d}, {@code 30d}; by when Vigil last updated the alert), and
 * suppressed alerts ({@code hide}, the default, {@code show} or {@code only}). A value it cannot
 * read is listed in {@link #problems()} by its field and ignored.
 */
public record QueueFilter(String site, AlertType type, Severity minSeverity, String state, String host, String assignee,
                          String since, String suppressed, List<String> problems) {

    public static final List<String> STATES = List.of("open", "new", "acknowledged", "closed", "all");
    public static final Map<String, Duration> SINCE = sinceChoices();
    public static final List<String> SUPPRESSED = List.of("hide", "show", "only");

    private static Map<String, Duration> sinceChoices() {
        Map<String, Duration> m = new LinkedHashMap<>();
        m.put("1h", Duration.ofHours(1));
        m.put("24h", Duration.ofHours(24));
        m.put("7d", Duration.ofDays(7));
        m.put("30d", Duration.ofDays(30));
        return m;
    }

    public static QueueFilter all() {
        return new QueueFilter(null, null, null, "all", null, null, null, "show", List.of());
    }

    /** The filter a query string asks for; {@code param} gives a parameter's value or null. */
    public static QueueFilter read(Function<String, String> param) {
        List<String> p = new ArrayList<>();
        AlertType type = null;
        String t = blank(param.apply("type"));
        if (t != null) {
            try {
                type = AlertType.parse(t);
            } catch (IllegalArgumentException e) {
                p.add("type: " + e.getMessage());
            }
        }
        Severity sev = null;
        String s = blank(param.apply("severity"));
        if (s != null) {
            try {
                sev = Severity.parse(s);
            } catch (IllegalArgumentException e) {
                p.add("severity: " + e.getMessage());
            }
        }
        String state = choice(param.apply("state"), STATES, "open", "state", p);
        String since = blank(param.apply("since"));
        if (since != null && !SINCE.containsKey(since)) {
            p.add("since: '" + since + "' is not one of " + String.join(", ", SINCE.keySet()));
            since = null;
        }
        String host = blank(param.apply("host"));
        if (host != null && host.contains("/")) {
            try {
                Cidr.parse(host);
            } catch (IllegalArgumentException e) {
                p.add("host: " + e.getMessage());
                host = null;
            }
        }
        return new QueueFilter(blank(param.apply("site")), type, sev, state, host, blank(param.apply("assignee")), since,
                choice(param.apply("suppressed"), SUPPRESSED, "hide", "suppressed", p), List.copyOf(p));
    }

    private static String choice(String value, List<String> allowed, String def, String field, List<String> p) {
        String v = blank(value);
        if (v == null) return def;
        v = v.toLowerCase(Locale.ROOT);
        if (allowed.contains(v)) return v;
        p.add(field + ": '" + value + "' is not one of " + String.join(", ", allowed));
        return def;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Whether the triage state {@code s} is one this filter shows. */
    public boolean showsState(TriageState s) {
        return switch (state) {
            case "new" -> s == TriageState.OPEN;
            case "acknowledged" -> s == TriageState.ACKNOWLEDGED;
            case "closed" -> s == TriageState.CLOSED;
            case "all" -> true;
            default -> s != TriageState.CLOSED;
        };
    }

    /** The query string that asks for this filter again (for links and the live refresh). */
    public String query() {
        StringBuilder b = new StringBuilder();
        add(b, "site", site);
        add(b, "type", type == null ? null : type.wire());
        add(b, "severity", minSeverity == null ? null : minSeverity.wire());
        add(b, "state", "open".equals(state) ? null : state);
        add(b, "host", host);
        add(b, "assignee", assignee);
        add(b, "since", since);
        add(b, "suppressed", "hide".equals(suppressed) ? null : suppressed);
        return b.toString();
    }

    /** The same filter showing suppressed alerts {@code how}. */
    public QueueFilter withSuppressed(String how) {
        return new QueueFilter(site, type, minSeverity, state, host, assignee, since, how, problems);
    }

    private static void add(StringBuilder b, String k, String v) {
        if (v == null) return;
        if (b.length() > 0) b.append('&');
        b.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    }
}
