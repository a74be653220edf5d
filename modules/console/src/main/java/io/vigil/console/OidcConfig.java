package io.vigil.console;

import io.vigil.model.Cidr;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sign-in with OpenID Connect (Entra ID, Keycloak, any certified provider): the issuer, the
 * console's client at it, and which values of which claim make a viewer, an analyst or an
 * admin (Entra ID app roles arrive in {@code roles}; groups in {@code groups}). Someone the
 * provider signs in but who has none of them is refused: signing in is not permission.
 *
 * @param truststore PKCS12 or PEM CA to trust the provider with (default: the JVM's)
 */
public record OidcConfig(String issuer, String clientId, String clientSecret, String roleClaim, List<String> viewers,
                         List<String> analysts, List<String> admins, Path truststore, String truststorePassword) {

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        URI u = null;
        try {
            u = URI.create(issuer);
        } catch (IllegalArgumentException e) {
            p.add("oidc.issuer: '" + issuer + "' is not a URL");
        }
        if (u != null && !"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && u.getHost() != null
                && Cidr.isLoopbackLiteral(u.getHost()))) {
            p.add("oidc.issuer: " + issuer + " must be https:// (plain http only on this host)");
        }
        if (clientId == null || clientId.isBlank()) p.add("oidc.client-id: missing");
        if (clientSecret == null || clientSecret.isBlank()) p.add("oidc.client-secret: missing (write ${file:PATH})");
        if (viewers.isEmpty() && analysts.isEmpty() && admins.isEmpty()) {
            p.add("oidc.admin-roles/analyst-roles/viewer-roles: none given, so nobody signing in would have a role");
        }
        return p;
    }
}
