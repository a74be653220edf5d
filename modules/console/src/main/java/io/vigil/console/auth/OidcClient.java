package io.vigil.console.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.vigil.console.OidcConfig;
import io.vigil.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Sign-in with OpenID Connect, the authorization code flow with PKCE, as a confidential client:
 * discovery from the issuer, the redirect to the provider with a state, a nonce and a code
 * challenge, the code exchanged at the token endpoint over TLS with the client secret, and the
 * ID token checked — its signature against the provider's published keys, its issuer, its
 * audience, its lifetime and the nonce. Then a role from the configured claim. Any failure is an
 * {@link Refused} with the reason, which the caller records.
 */
public final class OidcClient {

    /** The sign-in was refused; the message says why, for the audit and the page. */
    public static final class Refused extends Exception {
        public Refused(String why) {
            super(why);
        }
    }

    /** What the browser carries to the provider and back: checked at the callback. */
    public record Pending(String state, String nonce, String verifier, String next) {}

    /** Who signed in, and as what. */
    public record SignedIn(String user, Role role) {}

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384);

    private final OidcConfig config;
    private final Supplier<String> redirectUri;
    private final HttpClient http;
    private volatile JsonNode discovery;
    private volatile JWKSet keys;

    public OidcClient(OidcConfig config, Supplier<String> redirectUri, SSLContext tls) {
        this.config = config;
        this.redirectUri = redirectUri;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) b.sslContext(tls);
        this.http = b.build();
    }

    /** A fresh state, nonce and PKCE verifier for one sign-in. */
    public static Pending begin(String next) {
        return new Pending(Sessions.randomId(), Sessions.randomId(), Sessions.randomId() + Sessions.randomId(), next);
    }

    /** Where to send the browser. */
    public String authorizationUrl(Pending p) throws Refused {
        String endpoint = text(discovery(), "authorization_endpoint");
        return endpoint + (endpoint.contains("?") ? "&" : "?") + "response_type=code&client_id=" + enc(config.clientId())
                + "&redirect_uri=" + enc(redirectUri.get()) + "&scope=" + enc("openid profile email") + "&state=" + enc(p.state())
                + "&nonce=" + enc(p.nonce()) + "&code_challenge=" + enc(challenge(p.verifier()))
                + "&code_challenge_method=S256";
    }

    /** The callback: the state must be the one sent, the code is exchanged, and the ID token must hold. */
    public SignedIn complete(Pending p, String state, String code, String error) throws Refused {
        if (error != null) throw new Refused("the provider said " + error);
        if (p == null) throw new Refused("no sign-in was under way in this browser (its cookie had expired)");
        if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8), p.state().getBytes(StandardCharsets.UTF_8))) {
            throw new Refused("the state did not match the one sent");
        }
        if (code == null) throw new Refused("the provider sent no code");
        String body = "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(redirectUri.get())
                + "&code_verifier=" + enc(p.verifier());
        String basic = Base64.getEncoder().encodeToString((enc(config.clientId()) + ":" + enc(config.clientSecret()))
                .getBytes(StandardCharsets.UTF_8));
        JsonNode tokens = post(text(discovery(), "token_endpoint"), body, basic);
        JWTClaimsSet claims = verify(text(tokens, "id_token"), p.nonce());
        return new SignedIn(name(claims), role(claims));
    }

    JWTClaimsSet verify(String idToken, String nonce) throws Refused {
        try {
            return process(idToken, nonce, keys(false));
        } catch (BadJOSEException e) {
            if (!e.getMessage().contains("matching key")) throw new Refused("the ID token was not valid: " + plain(e.getMessage()));
            // the provider may have rolled its keys since they were read: read them again once
            try {
                return process(idToken, nonce, keys(true));
            } catch (BadJOSEException | JOSEException | ParseException again) {
                throw new Refused("the ID token was not valid: " + plain(again.getMessage()));
            }
        } catch (JOSEException | ParseException e) {
            throw new Refused("the ID token was not valid: " + plain(e.getMessage()));
        }
    }

    /** Nimbus's reasons in the words the sign-in page and the audit use (its own words kept in brackets). */
    static String plain(String why) {
        String w = why == null ? "" : why;
        String said = w.contains("Expired JWT") ? "it has expired"
                : w.contains("aud claim") || w.contains("audience") ? "it was made for another client"
                : w.contains("nonce") ? "its nonce is not the one sent"
                : w.contains("iss claim") ? "another issuer made it"
                : w.contains("signature") || w.contains("matching key") ? "its signature does not hold"
                : null;
        return said == null ? w : said + " (" + w + ")";
    }

    private JWTClaimsSet process(String idToken, String nonce, JWKSet set)
            throws BadJOSEException, JOSEException, ParseException, Refused {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(set)));
        JWTClaimsSet exact = new JWTClaimsSet.Builder().issuer(text(discoveryOrNull(), "issuer"))
                .claim("nonce", nonce).build();
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(config.clientId(), exact, Set.of("sub", "iat", "exp")));
        return p.process(idToken, null);
    }

    private Role role(JWTClaimsSet c) throws Refused {
        Object v = c.getClaim(config.roleClaim());
        Set<String> have = new HashSet<>();
        if (v instanceof List<?> l) l.forEach(x -> have.add(String.valueOf(x)));
        else if (v != null) for (String s : String.valueOf(v).split("[ ,]")) if (!s.isBlank()) have.add(s);
        if (config.admins().stream().anyMatch(have::contains)) return Role.ADMIN;
        if (config.analysts().stream().anyMatch(have::contains)) return Role.ANALYST;
        if (config.viewers().stream().anyMatch(have::contains)) return Role.VIEWER;
        throw new Refused(name(c) + " signed in, but their " + config.roleClaim() + " claim names no Vigil role");
    }

    private static String name(JWTClaimsSet c) {
        for (String k : List.of("preferred_username", "email", "upn", "sub")) {
            Object v = c.getClaim(k);
            if (v != null && !String.valueOf(v).isBlank()) return String.valueOf(v);
        }
        return "unknown";
    }

    private JsonNode discovery() throws Refused {
        JsonNode d = discovery;
        if (d == null) {
            String base = config.issuer().endsWith("/") ? config.issuer().substring(0, config.issuer().length() - 1) : config.issuer();
            d = get(base + "/.well-known/openid-configuration");
            String iss = text(d, "issuer");
            if (!iss.equals(config.issuer()) && !iss.equals(base)) {
                throw new Refused("the provider calls itself " + iss + ", not " + config.issuer());
            }
            discovery = d;
        }
        return d;
    }

    private JsonNode discoveryOrNull() {
        return discovery;
    }

    private JWKSet keys(boolean again) throws Refused {
        JWKSet k = keys;
        if (k == null || again) {
            try {
                k = JWKSet.parse(Json.write(get(text(discovery(), "jwks_uri"))));
            } catch (ParseException e) {
                throw new Refused("the provider's keys could not be read: " + e.getMessage());
            }
            keys = k;
        }
        return k;
    }

    private JsonNode get(String url) throws Refused {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(), url);
    }

    private JsonNode post(String url, String form, String basic) throws Refused {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), url);
    }

    private JsonNode send(HttpRequest r, String url) throws Refused {
        try {
            HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2) throw new Refused(url + " answered " + res.statusCode());
            return Json.MAPPER.readTree(res.body());
        } catch (IOException e) {
            throw new Refused("cannot reach the provider at " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted");
        }
    }

    private static String text(JsonNode n, String field) throws Refused {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isTextual()) throw new Refused("the provider's answer has no " + field);
        return v.asText();
    }

    static String challenge(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The pending sign-in as one string for a signed cookie, and back. */
    public static String write(Pending p) {
        return String.join("\n", p.state(), p.nonce(), p.verifier(), p.next());
    }

    public static Pending read(String s) {
        if (s == null) return null;
        String[] f = s.split("\n", 4);
        return f.length == 4 ? new Pending(f[0], f[1], f[2], f[3]) : null;
    }
}
