package io.vigil.console.web;

import io.vigil.console.auth.LocalUsers;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Cidr;
import io.vigil.model.Suppression;
import io.vigil.model.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The suppression form: its fields as typed, and every mistake next to the field it is about.
 * Made from an alert it starts at the narrowest scope that takes the alert in (type, site,
 * source, destination, domain, port); each part can be widened, or cleared to mean any. A
 * reason, an owner and an expiry (7 days unless changed, 90 at most) are required.
 */
public final class SuppressionForm {

    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([A-Za-z0-9_-]{1,63}\\.)*[A-Za-z0-9-]{1,63}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    static final int MIN_REASON = 10;

    final Map<String, String> values = new LinkedHashMap<>();
    final Map<String, String> errors = new LinkedHashMap<>();

    /** A form pre-filled from {@code a}, expiring in the default 7 days, owned by {@code user}. */
    static SuppressionForm from(Alert a, String user, Clock clock) {
        SuppressionForm f = new SuppressionForm();
        Suppression.Scope s = Suppression.Scope.of(a);
        f.values.put("alert", a.id());
        f.values.put("type", s.type().wire());
        f.values.put("site", s.site());
        f.values.put("src", nz(s.src()));
        f.values.put("dst", nz(s.dst()));
        f.values.put("domain", nz(s.domain()));
        f.values.put("port", s.port() == null ? "" : s.port().toString());
        f.values.put("reason", "");
        f.values.put("owner", user);
        f.values.put("expires", LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(Suppression.DEFAULT_DAYS).toString());
        f.values.put("close", "");
        f.values.put("verdict", Verdict.BENIGN_TRUE_POSITIVE.wire());
        return f;
    }

    /** The form as it was sent. */
    static SuppressionForm read(Function<String, String> param) {
        SuppressionForm f = new SuppressionForm();
        for (String k : List.of("alert", "type", "site", "src", "dst", "domain", "port", "reason", "owner", "expires", "close",
                "verdict")) {
            String v = param.apply(k);
            f.values.put(k, v == null ? "" : v.strip());
        }
        return f;
    }

    public String value(String k) {
        return values.getOrDefault(k, "");
    }

    public String error(String k) {
        return errors.get(k);
    }

    public Map<String, String> errors() {
        return errors;
    }

    public boolean closeMatching() {
        return "yes".equals(value("close"));
    }

    /**
     * Checks every field and returns the suppression it describes (not yet saved), or null with
     * {@link #errors} saying what to fix, field by field.
     */
    Suppression check(String user, String id, Clock clock) {
        errors.clear();
        AlertType type = null;
        try {
            type = AlertType.parse(value("type"));
        } catch (IllegalArgumentException e) {
            errors.put("type", "Choose the type of alert to suppress");
        }
        if (value("site").isEmpty()) errors.put("site", "Enter the site: a suppression is always for one site");
        String src = block("src", "source"), dst = block("dst", "destination");
        String domain = value("domain").isEmpty() ? null : value("domain").toLowerCase(Locale.ROOT);
        if (domain != null && !DOMAIN.matcher(domain).matches()) errors.put("domain", "Enter a domain like updates.example.org");
        Integer port = null;
        if (!value("port").isEmpty()) {
            try {
                port = Integer.parseInt(value("port"));
                if (port < 1 || port > 65535) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                errors.put("port", "Enter a port from 1 to 65535, or leave it empty for any");
            }
        }
        if (value("reason").length() < MIN_REASON) {
            errors.put("reason", "Say why these alerts are expected here (at least " + MIN_REASON + " characters): "
                    + "whoever finds this suppression later needs to know");
        }
        if (!LocalUsers.NAME.matcher(value("owner")).matches()) {
            errors.put("owner", "Enter who owns this suppression: a person or a team (letters, digits, . _ @ -)");
        }
        Instant now = clock.instant();
        Instant expires = expiry(now);
        Verdict verdict = null;
        if (closeMatching()) {
            try {
                verdict = Verdict.parse(value("verdict"));
            } catch (IllegalArgumentException e) {
                errors.put("verdict", "Choose the verdict the closed alerts get");
            }
        }
        if (!errors.isEmpty()) return null;
        return new Suppression(Suppression.VERSION, id, new Suppression.Scope(type, value("site"), src, dst, domain, port),
                value("reason"), value("owner"), user, now, expires, Suppression.ACTIVE, null, null, closeMatching());
    }

    /** The verdict the alerts it closes get, when it closes them. */
    Verdict verdict() {
        return closeMatching() ? Verdict.parse(value("verdict")) : null;
    }

    private Instant expiry(Instant now) {
        LocalDate day;
        try {
            day = LocalDate.parse(value("expires"));
        } catch (DateTimeParseException e) {
            errors.put("expires", "Enter the expiry as a date, like " + LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(7));
            return null;
        }
        Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
        Instant latest = now.plus(Duration.ofDays(Suppression.MAX_DAYS));
        if (!end.isAfter(now)) {
            errors.put("expires", "The expiry must be in the future");
        } else if (day.isAfter(LocalDate.ofInstant(latest, ZoneOffset.UTC))) {
            errors.put("expires", "A suppression can last at most " + Suppression.MAX_DAYS + " days: choose "
                    + LocalDate.ofInstant(latest, ZoneOffset.UTC) + " or sooner, and renew it if it is still needed then");
        }
        return end.isAfter(latest) ? latest : end;
    }

    /** An address, a CIDR block or a pseudonym; empty means any. */
    private String block(String field, String what) {
        String v = value(field);
        if (v.isEmpty()) return null;
        boolean looksLikeAddress = v.contains("/") || v.matches("[0-9.]+") || v.contains(":") && v.matches("[0-9a-fA-F:./]+");
        if (looksLikeAddress) {
            try {
                // the JDK reads "10.0.0" as 10.0.0.0: a typo here would widen the scope unseen
                if (!v.contains(":") && !v.matches("\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?")) throw new IllegalArgumentException();
                Cidr.parse(v);
                return v;
            } catch (IllegalArgumentException e) {
                errors.put(field, "Enter the " + what + " as an address or a block like 198.51.100.0/24, or leave it empty for any");
                return null;
            }
        }
        if (!TOKEN.matcher(v).matches()) errors.put(field, "Enter the " + what + " as an address, a block or a pseudonym");
        return v;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
