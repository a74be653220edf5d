package io.vigil.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Password hashes, the users file, session cookies, CSRF tokens and lock-out. */
class AuthTest {

    static final Instant T = Instant.parse("2026-11-02T22:00:00Z");

    @Test
    void aPasswordHashIsSaltedSlowAndChecksOnlyItsPassword() {
        String a = PasswordHash.hash("correct horse".toCharArray(), 10_000), b = PasswordHash.hash("correct horse".toCharArray(), 10_000);
        assertThat(a).startsWith("pbkdf2-sha256$10000$").isNotEqualTo(b);
        assertThat(PasswordHash.matches("correct horse".toCharArray(), a)).isTrue();
        assertThat(PasswordHash.matches("correct horsf".toCharArray(), a)).isFalse();
        assertThat(PasswordHash.matches("x".toCharArray(), "md5$abc")).isFalse();
        assertThat(PasswordHash.ITERATIONS).isGreaterThanOrEqualTo(600_000);
    }

    @Test
    void theUsersFileNamesEachBadLine() {
        Map<String, LocalUsers.User> users = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String good = PasswordHash.hash("pw".toCharArray(), 10_000);
        LocalUsers.parse(List.of("# comment", "ana:analyst:" + good, "bob:root:" + good, "no colons", "ana:viewer:" + good,
                "eve:viewer:plaintext", "bad name:viewer:" + good), users, problems);
        assertThat(users).containsOnlyKeys("ana");
        assertThat(problems).containsExactly("line 3: role 'root' is not one of viewer, analyst, admin",
                "line 4: expected NAME:ROLE:HASH", "line 5: ana is listed twice",
                "line 6: the password hash is not one vigil console-user writes",
                "line 7: 'bad name' is not a user name (letters, digits, . _ @ -)");
    }

    @Test
    void aSessionCookieIsRefusedWhenTamperedEndedIdleOrSignedOut() {
        ManualClock clock = new ManualClock(T);
        Sessions s = new Sessions(Sessions.randomKey(), Duration.ofHours(12), Duration.ofMinutes(30), clock);
        Identity ana = s.begin("ana", Role.ANALYST, "local");
        String cookie = s.cookie(ana);
        assertThat(s.read(cookie).verdict()).isEqualTo(Sessions.Verdict.OK);
        assertThat(s.read(cookie).identity().user()).isEqualTo("ana");
        // another role written into the payload: the MAC no longer holds
        String payload = new String(Base64.getUrlDecoder().decode(cookie.substring(0, cookie.indexOf('.'))));
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.replace("analyst", "admin")
                .getBytes()) + cookie.substring(cookie.indexOf('.'));
        assertThat(s.read(forged).verdict()).isEqualTo(Sessions.Verdict.TAMPERED);
        assertThat(s.read("garbage").verdict()).isEqualTo(Sessions.Verdict.TAMPERED);
        assertThat(new Sessions(Sessions.randomKey(), Duration.ofHours(12), Duration.ofMinutes(30), clock).read(cookie).verdict())
                .as("another key").isEqualTo(Sessions.Verdict.TAMPERED);
        clock.set(T.plus(Duration.ofMinutes(31)));
        assertThat(s.read(cookie).verdict()).isEqualTo(Sessions.Verdict.IDLE);
        clock.set(T.plus(Duration.ofMinutes(20)));
        String touched = s.cookie(s.touch(ana));
        clock.set(T.plus(Duration.ofMinutes(45)));
        assertThat(s.read(touched).verdict()).as("used 25 minutes ago").isEqualTo(Sessions.Verdict.OK);
        s.end(ana);
        assertThat(s.read(touched).verdict()).isEqualTo(Sessions.Verdict.SIGNED_OUT);
        Identity bob = s.begin("bob", Role.VIEWER, "oidc");
        clock.advance(Duration.ofHours(13));
        assertThat(s.read(s.cookie(s.touch(bob))).verdict()).isEqualTo(Sessions.Verdict.EXPIRED);
        assertThat(s.csrfMatches(ana.sid(), s.csrf(ana.sid()))).isTrue();
        assertThat(s.csrfMatches(ana.sid(), s.csrf(bob.sid()))).isFalse();
        assertThat(s.csrfMatches(ana.sid(), null)).isFalse();
        assertThat(s.unsign(s.sign("state\nnonce"))).isEqualTo("state\nnonce");
        assertThat(s.unsign(s.sign("x") + "y")).isNull();
    }

    @Test
    void repeatedFailuresLockANameForTheWindowAndASuccessForgivesIt() {
        ManualClock clock = new ManualClock(T);
        SignInGuard g = new SignInGuard(3, Duration.ofMinutes(15), clock);
        assertThat(g.failed("ana", "10.0.0.1")).isFalse();
        g.failed("ana", "10.0.0.1");
        assertThat(g.lockedUntil("ana", "10.0.0.2")).isNull();
        assertThat(g.failed("ana", "10.0.0.1")).as("the third locks").isTrue();
        assertThat(g.lockedUntil("ana", "10.0.0.2")).isEqualTo(T.plus(Duration.ofMinutes(15)));
        assertThat(g.lockedUntil("bob", "10.0.0.2")).isNull();
        clock.set(T.plus(Duration.ofMinutes(16)));
        assertThat(g.lockedUntil("ana", "10.0.0.2")).isNull();
        // an address spraying many names is locked too
        for (int i = 0; i < 12; i++) g.failed("user" + i, "10.9.9.9");
        assertThat(g.lockedUntil("someone-new", "10.9.9.9")).isNotNull();
        g.failed("carol", "10.0.0.3");
        g.succeeded("carol");
        g.failed("carol", "10.0.0.3");
        g.failed("carol", "10.0.0.3");
        assertThat(g.lockedUntil("carol", "10.0.0.4")).as("the success cleared the count").isNull();
    }

    @Test
    void theCodeChallengeIsTheS256OfTheVerifier() {
        // RFC 7636, appendix B
        assertThat(OidcClient.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }
}
