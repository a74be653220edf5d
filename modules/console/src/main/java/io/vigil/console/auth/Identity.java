package io.vigil.console.auth;

import java.time.Instant;

/**
 * Who is signed in, as their session cookie says: a session id (for the CSRF token and
 * sign-out), the name, the role, how they signed in ({@code local} or {@code oidc}), when the
 * session began, when it was last used, and when it ends whatever happens.
 */
public record Identity(String sid, String user, Role role, String via, Instant issuedAt, Instant activeAt,
                       Instant expiresAt) {

    public boolean may(Role needed) {
        return role.atLeast(needed);
    }
}
