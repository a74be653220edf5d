package io.vigil.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "This is expected here": alerts of one type at one site, narrowed by source, destination,
 * domain and port, whose notification the notifier withholds until {@code expiresAt}. On
 * {@code vigil.suppressions.v1}, compacted, keyed by {@link #id}: the latest record of an id is
 * the suppression as it stands (renewed: a later expiry; revoked: {@code state} revoked). A
 * suppressed alert is still detected, stored and shown; only its notification is held back,
 * and the audit trail says by which suppression.
 *
 * <p>Why every field is required: the complaints analysts make of other products are
 * suppressions nobody can explain (no reason), nobody owns, that never end, and that hide more
 * than meant. A suppression here always has a reason, an owner and an expiry of at most
 * {@link #MAX_DAYS} days, and is always scoped to one type at one site.
 *
 * @param closeMatching whether open alerts it matched when made were closed too (undone when it is revoked)
 * @param changedBy     who last renewed or revoked it (null until then)
 */
public record Suppression(int v, String id, Scope scope, String reason, String owner, String createdBy, Instant createdAt,
                          Instant expiresAt, String state, String changedBy, Instant changedAt, boolean closeMatching) {

    public static final int VERSION = 1;
    public static final String ACTIVE = "active", REVOKED = "revoked";
    /** The longest a suppression may run before someone renews it. */
    public static final int MAX_DAYS = 90;
    /** What the console offers. */
    public static final int DEFAULT_DAYS = 7;
    /** Narrower than this needs no admin: a /24 of IPv4, a /64 (one LAN) of IPv6. */
    static final int NARROW_V4 = 24, NARROW_V6 = 64;

    /**
     * Which alerts: {@code type} and {@code site} always; each other part narrows it, null
     * meaning any. {@code src} and {@code dst} are an address or a CIDR block (or a
     * pseudonym, matched exactly); {@code domain} matches the name and every name below it;
     * {@code port} the service port the alert names.
     */
    public record Scope(AlertType type, String site, String src, String dst, String domain, Integer port) {

        /** The narrowest scope that takes in {@code a}: its type, site, source, destination, domain and port. */
        public static Scope of(Alert a) {
            return new Scope(a.type(), a.site(), a.src(), a.dst(), domainOf(a), portOf(a));
        }

        public boolean matches(Alert a) {
            return a.type() == type && site.equals(a.site()) && within(src, a.src()) && destinationWithin(a)
                    && (domain == null || underDomain(domainOf(a))) && (port == null || port.equals(portOf(a)));
        }

        private boolean destinationWithin(Alert a) {
            if (dst == null) return true;
            if (a.dst() != null) return within(dst, a.dst());
            // a many-target alert: all of its targets must be inside
            return a.targets() != null && !a.targets().isEmpty() && a.targets().stream().allMatch(t -> within(dst, t));
        }

        private boolean underDomain(String name) {
            if (name == null) return false;
            String n = name.toLowerCase(Locale.ROOT), d = domain.toLowerCase(Locale.ROOT);
            return n.equals(d) || n.endsWith("." + d);
        }

        /**
         * Why this scope is wide enough that only an admin may make it, or an empty list: a
         * whole type at a site (no source, destination or domain), or a block wider than a /24
         * (IPv6: a /64).
         */
        public List<String> wide() {
            List<String> w = new ArrayList<>();
            if (src == null && dst == null && domain == null) {
                w.add("it takes in every " + type.wire() + " alert at " + site);
            }
            for (String[] f : new String[][] {{"source", src}, {"destination", dst}}) {
                Cidr c = cidrOrNull(f[1]);
                if (c != null && c.prefix() < (c.network().length == 4 ? NARROW_V4 : NARROW_V6)) {
                    w.add("its " + f[0] + " " + f[1] + " is wider than a /" + (c.network().length == 4 ? NARROW_V4 : NARROW_V6));
                }
            }
            return w;
        }

        /** One line for a person: "port_scan at clinic-north from 198.51.100.23 to 10.10.1.10". */
        public String describe() {
            StringBuilder b = new StringBuilder(type.wire()).append(" at ").append(site);
            if (src != null) b.append(" from ").append(src);
            if (dst != null) b.append(" to ").append(dst);
            if (domain != null) b.append(" for ").append(domain);
            if (port != null) b.append(" on port ").append(port);
            return b.toString();
        }
    }

    /** In force at {@code now}: not revoked, and not yet expired. */
    public boolean activeAt(Instant now) {
        return ACTIVE.equals(state) && expiresAt != null && now.isBefore(expiresAt);
    }

    /** The domain an alert is about (a tunnel's domain, an indicator's or a server's name), or null. */
    public static String domainOf(Alert a) {
        Map<String, Object> e = a.evidence();
        if (e == null) return null;
        for (String k : List.of("domain", "server_name")) {
            if (e.get(k) instanceof String s && !s.isBlank()) return s;
        }
        if (e.get("indicator") instanceof String s && s.startsWith("domain:")) return s.substring("domain:".length());
        return null;
    }

    /** The one service port an alert is about (a brute-forced service, a swept port), or null. */
    public static Integer portOf(Alert a) {
        Map<String, Object> e = a.evidence();
        if (e == null) return null;
        if (e.get("port") instanceof Number n) return n.intValue();
        if (e.get("ports") instanceof List<?> l && l.size() == 1 && l.get(0) instanceof Number n) return n.intValue();
        return null;
    }

    /** Whether {@code value} (an address, or a pseudonym) is inside {@code scope}; a null scope takes anything. */
    static boolean within(String scope, String value) {
        if (scope == null) return true;
        if (value == null) return false;
        Cidr c = cidrOrNull(scope);
        if (c == null) return scope.equalsIgnoreCase(value);
        Cidr v = cidrOrNull(value);
        return v != null && v.prefix() == v.network().length * 8 && c.contains(v.network());
    }

    /** Blocks and addresses already read: the notifier matches every alert against its suppressions, and parsing is the cost. */
    private static final Map<String, Optional<Cidr>> READ = new ConcurrentHashMap<>();

    /** The block {@code s} writes, or null when it is not an address or block (a pseudonym, a collector's name). */
    static Cidr cidrOrNull(String s) {
        if (s == null) return null;
        Optional<Cidr> known = READ.get(s);
        if (known != null) return known.orElse(null);
        Cidr c = null;
        if (s.matches("[0-9a-fA-F:.]+(/\\d{1,3})?") && (s.contains(".") || s.contains(":"))) {
            try {
                c = Cidr.parse(s);
            } catch (IllegalArgumentException e) {
                c = null;
            }
        }
        if (READ.size() > 100_000) READ.clear(); // bounded: a long-lived notifier sees many addresses
        READ.put(s, Optional.ofNullable(c));
        return c;
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (v != VERSION) p.add("unsupported version v=" + v);
        if (id == null || id.isBlank()) p.add("id is missing");
        if (scope == null || scope.type() == null || scope.site() == null || scope.site().isBlank()) {
            p.add("scope needs a type and a site");
        }
        if (scope != null) {
            for (String block : new String[] {scope.src(), scope.dst()}) {
                if (block != null && block.contains("/") && cidrOrNull(block) == null) p.add("'" + block + "' is not a CIDR block");
            }
            if (scope.port() != null && (scope.port() < 0 || scope.port() > 65535)) p.add("port " + scope.port() + " is not 0..65535");
        }
        if (reason == null || reason.isBlank()) p.add("reason is missing");
        if (owner == null || owner.isBlank()) p.add("owner is missing");
        if (createdAt == null || expiresAt == null) p.add("created_at/expires_at missing");
        if (!ACTIVE.equals(state) && !REVOKED.equals(state)) p.add("state '" + state + "' is not active or revoked");
        Instant from = changedAt != null ? changedAt : createdAt;
        if (from != null && expiresAt != null && expiresAt.isAfter(from.plus(Duration.ofDays(MAX_DAYS)).plusSeconds(60))) {
            p.add("expires more than " + MAX_DAYS + " days after it was made or renewed");
        }
        return p;
    }
}
