package io.vigil.console.idp;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * A real OpenID Connect provider for the console's sign-in tests: Spring Authorization Server
 * (the OAuth 2.1 / OpenID Connect 1.0 server of the Spring project), on loopback, with the
 * console registered as a confidential client. Its users: {@code nurse.jones} (app role
 * Vigil.Analyst), {@code sister.ward} (Vigil.Admin), {@code ward.clerk} (no Vigil role), and
 * {@code late.shift} and {@code other.app}, whose ID tokens it makes expired and for another
 * audience — as a misconfigured or hostile provider would.
 */
@SpringBootApplication
public class TestIdentityProvider {

    public static final String PASSWORD = "provider password", CLIENT = "vigil-console", SECRET = "console client secret";

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(List.of(
                user("nurse.jones", "Vigil.Analyst"), user("sister.ward", "Vigil.Admin"), user("ward.clerk", "Clerk"),
                user("late.shift", "Vigil.Analyst"), user("other.app", "Vigil.Analyst")));
    }

    private static UserDetails user(String name, String role) {
        return User.withUsername(name).password("{noop}" + PASSWORD).authorities(role).build();
    }

    /** Entra ID style: the app roles in a "roles" claim, the name in preferred_username. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> idToken() {
        return ctx -> {
            if (!"id_token".equals(ctx.getTokenType().getValue())) return;
            String name = ctx.getPrincipal().getName();
            ctx.getClaims().claim("preferred_username", name);
            ctx.getClaims().claim("roles", ctx.getPrincipal().getAuthorities().stream().map(a -> a.getAuthority()).toList());
            if (name.equals("late.shift")) ctx.getClaims().issuedAt(Instant.now().minusSeconds(3600))
                    .expiresAt(Instant.now().minusSeconds(1800));
            if (name.equals("other.app")) ctx.getClaims().audience(List.of("someone-else"));
        };
    }

    /** Run by {@link ProviderProcess} in a JVM of its own: {@code PORT REDIRECT}. */
    public static void main(String[] args) {
        start(Integer.parseInt(args[0]), args[1]);
    }

    /** Starts it on {@code port}, with the console's redirect address registered. */
    public static ConfigurableApplicationContext start(int port, String redirect) {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        Map<String, Object> p = new HashMap<>();
        String c = "spring.security.oauth2.authorizationserver.client.vigil.";
        p.put("server.port", port);
        p.put("server.address", "127.0.0.1");
        p.put("spring.main.banner-mode", "off");
        p.put("spring.security.oauth2.authorizationserver.issuer", issuer(port));
        p.put(c + "registration.client-id", CLIENT);
        p.put(c + "registration.client-secret", "{noop}" + SECRET);
        p.put(c + "registration.client-authentication-methods", "client_secret_basic");
        p.put(c + "registration.authorization-grant-types", "authorization_code");
        p.put(c + "registration.redirect-uris", redirect);
        p.put(c + "registration.scopes", "openid,profile,email");
        p.put(c + "require-authorization-consent", "false");
        SpringApplication app = new SpringApplication(TestIdentityProvider.class);
        app.setDefaultProperties(p);
        return app.run();
    }

    public static String issuer(int port) {
        return "http://127.0.0.1:" + port;
    }
}
