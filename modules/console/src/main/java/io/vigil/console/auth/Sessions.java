package io.vigil.console.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.model.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sessions carried by a signed cookie, so any console instance sharing the key can serve any
 * request and nothing is stored: the cookie is {@code PAYLOAD.MAC}, the payload a little JSON
 * (session id, name, role, how they signed in, times), the MAC an HMAC-SHA-256 under the
 * session key. A cookie whose MAC does not match, that has ended, that was idle too long, or
 * that was signed out is refused — and the caller audits why. CSRF tokens are MACs of the
 * session id, so a page from another site cannot make one.
 */
public final class Sessions {

    /** Why a cookie was refused, or {@link #OK}. */
    public enum Verdict { OK, MISSING, TAMPERED, EXPIRED, IDLE, SIGNED_OUT }

    /** What reading a cookie gave: an identity when OK. */
    public record Checked(Verdict verdict, Identity identity) {}

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder D64 = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final Duration lifetime;
    private final Duration idle;
    private final Clock clock;
    private final Map<String, Instant> signedOut = new ConcurrentHashMap<>();

    public Sessions(byte[] key, Duration lifetime, Duration idle, Clock clock) {
        if (key.length < 32) throw new IllegalArgumentException("the session key must be at least 32 bytes");
        this.key = key.clone();
        this.lifetime = lifetime;
        this.idle = idle;
        this.clock = clock;
    }

    public static byte[] randomKey() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    public static String randomId() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    /** A new session for {@code user}. */
    public Identity begin(String user, Role role, String via) {
        Instant now = clock.instant();
        return new Identity(randomId(), user, role, via, now, now, now.plus(lifetime));
    }

    /** The same session, used now. */
    public Identity touch(Identity i) {
        return new Identity(i.sid(), i.user(), i.role(), i.via(), i.issuedAt(), clock.instant(), i.expiresAt());
    }

    /** Whether the cookie is old enough to be sent again with a new activity time (a minute). */
    public boolean stale(Identity i) {
        return Duration.between(i.activeAt(), clock.instant()).toSeconds() >= 60;
    }

    public String cookie(Identity i) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("s", i.sid()).put("u", i.user()).put("r", i.role().wire()).put("v", i.via())
                .put("i", i.issuedAt().toEpochMilli()).put("a", i.activeAt().toEpochMilli())
                .put("e", i.expiresAt().toEpochMilli());
        String payload = B64.encodeToString(Json.write(o).getBytes(StandardCharsets.UTF_8));
        return payload + "." + B64.encodeToString(mac(payload));
    }

    public Checked read(String cookie) {
        if (cookie == null || cookie.isEmpty()) return new Checked(Verdict.MISSING, null);
        int dot = cookie.indexOf('.');
        if (dot < 0) return new Checked(Verdict.TAMPERED, null);
        String payload = cookie.substring(0, dot);
        byte[] given;
        try {
            given = D64.decode(cookie.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return new Checked(Verdict.TAMPERED, null);
        }
        if (!MessageDigest.isEqual(given, mac(payload))) return new Checked(Verdict.TAMPERED, null);
        Identity i;
        try {
            JsonNode j = Json.MAPPER.readTree(D64.decode(payload));
            i = new Identity(j.get("s").asText(), j.get("u").asText(), Role.parse(j.get("r").asText()), j.get("v").asText(),
                    Instant.ofEpochMilli(j.get("i").asLong()), Instant.ofEpochMilli(j.get("a").asLong()),
                    Instant.ofEpochMilli(j.get("e").asLong()));
        } catch (Exception e) {
            return new Checked(Verdict.TAMPERED, null); // signed by us but unreadable: an older format
        }
        Instant now = clock.instant();
        if (!now.isBefore(i.expiresAt())) return new Checked(Verdict.EXPIRED, i);
        if (Duration.between(i.activeAt(), now).compareTo(idle) > 0) return new Checked(Verdict.IDLE, i);
        if (signedOut.containsKey(i.sid())) return new Checked(Verdict.SIGNED_OUT, i);
        return new Checked(Verdict.OK, i);
    }

    /** Ends a session: its cookie is refused from now on, even a copy. */
    public void end(Identity i) {
        signedOut.put(i.sid(), i.expiresAt());
        Instant now = clock.instant();
        signedOut.values().removeIf(until -> until.isBefore(now));
    }

    /** The CSRF token of a session (or of a sign-in form's nonce). */
    public String csrf(String sid) {
        return B64.encodeToString(mac("csrf:" + sid));
    }

    public boolean csrfMatches(String sid, String token) {
        return token != null && MessageDigest.isEqual(csrf(sid).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    /** A small value signed with the session key (the OIDC state cookie, the sign-in nonce). */
    public String sign(String value) {
        String v = B64.encodeToString(value.getBytes(StandardCharsets.UTF_8));
        return v + "." + B64.encodeToString(mac("v:" + v));
    }

    /** The value {@link #sign} signed, or null when the signature does not hold. */
    public String unsign(String signed) {
        if (signed == null) return null;
        int dot = signed.indexOf('.');
        if (dot < 0) return null;
        String v = signed.substring(0, dot);
        try {
            if (!MessageDigest.isEqual(D64.decode(signed.substring(dot + 1)), mac("v:" + v))) return null;
            return new String(D64.decode(v), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] mac(String s) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
