package io.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Which alerts a suppression takes in, what makes it wide, and what the topic refuses. */
class SuppressionTest {

    static final Instant T = Instant.parse("2026-11-02T09:00:00Z");

    static Alert alert(AlertType type, String site, String src, String dst, Map<String, Object> evidence) {
        return new Alert(1, "a-" + src, type, Severity.HIGH, Alert.ACTIVE, site, src, dst, dst == null ? List.of("10.10.1.5",
                "10.10.1.6") : List.of(dst), T, T, T, T, 2, 30, null, "s", evidence, List.of());
    }

    static Suppression of(Suppression.Scope scope) {
        return new Suppression(1, "s1", scope, "authorised scanner", "soc", "ana", T, T.plus(Duration.ofDays(7)),
                Suppression.ACTIVE, null, null, false);
    }

    @Test
    void theNarrowestScopeOfAnAlertMatchesItAndNotItsNeighbours() {
        Alert ssh = alert(AlertType.BRUTE_FORCE, "clinic", "198.51.100.77", "10.10.1.22", Map.of("port", 22));
        Suppression.Scope scope = Suppression.Scope.of(ssh);
        assertThat(scope).isEqualTo(new Suppression.Scope(AlertType.BRUTE_FORCE, "clinic", "198.51.100.77", "10.10.1.22",
                null, 22));
        assertThat(scope.matches(ssh)).isTrue();
        assertThat(scope.matches(alert(AlertType.BRUTE_FORCE, "clinic", "198.51.100.77", "10.10.1.22", Map.of("port", 3389))))
                .as("another port").isFalse();
        assertThat(scope.matches(alert(AlertType.BRUTE_FORCE, "clinic", "198.51.100.78", "10.10.1.22", Map.of("port", 22))))
                .as("another source").isFalse();
        assertThat(scope.matches(alert(AlertType.BRUTE_FORCE, "surgery", "198.51.100.77", "10.10.1.22", Map.of("port", 22))))
                .as("another site").isFalse();
        assertThat(scope.matches(alert(AlertType.PORT_SCAN, "clinic", "198.51.100.77", "10.10.1.22", Map.of("port", 22))))
                .as("another type").isFalse();
        assertThat(scope.wide()).isEmpty();
    }

    @Test
    void widenedPartsTakeInABlockADomainAndItsNamesAndEveryTarget() {
        Suppression.Scope block = new Suppression.Scope(AlertType.PORT_SCAN, "clinic", "198.51.100.0/24", "10.10.1.0/24", null, null);
        assertThat(block.matches(alert(AlertType.PORT_SCAN, "clinic", "198.51.100.23", null, Map.of()))).isTrue();
        assertThat(block.matches(alert(AlertType.PORT_SCAN, "clinic", "198.51.101.23", null, Map.of()))).isFalse();
        assertThat(block.matches(alert(AlertType.PORT_SCAN, "clinic", "198.51.100.23", "10.10.2.1", Map.of()))).isFalse();
        assertThat(block.matches(alert(AlertType.PORT_SCAN, "clinic", "p-3fa9", null, Map.of()))).as("a pseudonym is not in a block").isFalse();
        Suppression.Scope dns = new Suppression.Scope(AlertType.DNS_TUNNEL, "clinic", null, null, "updates.example", null);
        assertThat(dns.matches(alert(AlertType.DNS_TUNNEL, "clinic", "10.1.1.1", "10.1.1.53", Map.of("domain", "cdn.updates.example")))).isTrue();
        assertThat(dns.matches(alert(AlertType.DNS_TUNNEL, "clinic", "10.1.1.1", "10.1.1.53", Map.of("domain", "badupdates.example")))).isFalse();
        assertThat(dns.matches(alert(AlertType.DNS_TUNNEL, "clinic", "10.1.1.1", "10.1.1.53", Map.of()))).isFalse();
        Suppression.Scope pseudonym = new Suppression.Scope(AlertType.EXFILTRATION, "clinic", "p-3fa9", null, null, null);
        assertThat(pseudonym.matches(alert(AlertType.EXFILTRATION, "clinic", "p-3fa9", "203.0.113.9", Map.of()))).isTrue();
    }

    @Test
    void aWholeTypeOrABlockWiderThanASlash24IsWide() {
        assertThat(new Suppression.Scope(AlertType.PORT_SCAN, "clinic", null, null, null, 443).wide())
                .containsExactly("it takes in every port_scan alert at clinic");
        assertThat(new Suppression.Scope(AlertType.PORT_SCAN, "clinic", "198.51.0.0/16", null, null, null).wide())
                .containsExactly("its source 198.51.0.0/16 is wider than a /24");
        assertThat(new Suppression.Scope(AlertType.PORT_SCAN, "clinic", "2001:db8::/48", null, null, null).wide())
                .containsExactly("its source 2001:db8::/48 is wider than a /64");
        assertThat(new Suppression.Scope(AlertType.PORT_SCAN, "clinic", "2001:db8::/64", null, null, null).wide()).isEmpty();
    }

    @Test
    void inForceUntilItExpiresOrIsRevoked() {
        Suppression s = of(new Suppression.Scope(AlertType.PORT_SCAN, "clinic", "198.51.100.23", null, null, null));
        assertThat(s.activeAt(T.plusSeconds(60))).isTrue();
        assertThat(s.activeAt(T.plus(Duration.ofDays(7)))).isFalse();
        Suppression revoked = new Suppression(1, "s1", s.scope(), s.reason(), s.owner(), s.createdBy(), s.createdAt(),
                s.expiresAt(), Suppression.REVOKED, "bob", T.plusSeconds(120), false);
        assertThat(revoked.activeAt(T.plusSeconds(180))).isFalse();
    }

    @Test
    void theTopicRefusesASuppressionWithoutReasonOwnerOrABoundedExpiry() {
        Suppression bad = new Suppression(1, "s1", new Suppression.Scope(AlertType.PORT_SCAN, "clinic", "10.0.0.0/33", null, null, null),
                " ", null, "ana", T, T.plus(Duration.ofDays(91)), "paused", null, null, false);
        assertThat(bad.problems()).containsExactly("'10.0.0.0/33' is not a CIDR block", "reason is missing", "owner is missing",
                "state 'paused' is not active or revoked", "expires more than 90 days after it was made or renewed");
        byte[] json = Json.write(bad).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonSerde.suppressions().deserialize("vigil.suppressions.v1", json))
                .isInstanceOf(SerializationException.class).hasMessageStartingWith("invalid Suppression on vigil.suppressions.v1: ");
        Suppression good = of(new Suppression.Scope(AlertType.PORT_SCAN, "clinic", "198.51.100.23", null, null, null));
        assertThat(JsonSerde.suppressions().deserialize("t", Json.write(good).getBytes(StandardCharsets.UTF_8))).isEqualTo(good);
        assertThat(Json.write(good)).contains("\"expires_at\":\"2026-11-09T09:00:00Z\"", "\"close_matching\":false",
                "\"scope\":{\"type\":\"port_scan\",\"site\":\"clinic\",\"src\":\"198.51.100.23\"}");
    }

    @Test
    void aTriageActionNamesWhoWhatAndWhatChanged() {
        TriageAction close = new TriageAction(1, "x1", "a1", TriageAction.CLOSE, "ana", T, TriageState.ACKNOWLEDGED,
                TriageState.CLOSED, "ana", "ana", Verdict.FALSE_POSITIVE, "backup job", null, null, "console");
        assertThat(close.problems()).isEmpty();
        assertThat(close.taken()).isTrue();
        assertThat(Json.write(close)).contains("\"state_before\":\"acknowledged\"", "\"state_after\":\"closed\"",
                "\"verdict\":\"false_positive\"");
        assertThat(JsonSerde.triage().deserialize("t", Json.write(close).getBytes(StandardCharsets.UTF_8))).isEqualTo(close);
        TriageAction noVerdict = new TriageAction(1, "x2", "a1", TriageAction.CLOSE, "ana", T, TriageState.OPEN,
                TriageState.CLOSED, null, null, null, null, null, null, "console");
        assertThat(noVerdict.problems()).containsExactly("a close needs a verdict");
    }
}
