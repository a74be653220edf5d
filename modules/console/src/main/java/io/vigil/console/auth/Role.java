package io.vigil.console.auth;

import java.util.Locale;

/**
 * What a person may do in the console: a {@code viewer} reads; an {@code analyst} also
 * triages and makes narrow suppressions; an {@code admin} also makes wide ones (a whole type
 * at a site, a block wider than a /24) and revokes anyone's.
 */
public enum Role {
    VIEWER, ANALYST, ADMIN;

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String s) {
        for (Role r : values()) if (r.wire().equals(s == null ? null : s.trim().toLowerCase(Locale.ROOT))) return r;
        throw new IllegalArgumentException("role '" + s + "' is not one of viewer, analyst, admin");
    }
}
