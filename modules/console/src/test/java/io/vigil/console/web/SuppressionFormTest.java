package io.vigil.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.console.flows.ExportsAccess;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Severity;
import io.vigil.model.Suppression;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The suppression form: pre-filled narrow, every mistake by its field, expiry bounded, CSV cells inert. */
class SuppressionFormTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T10:00:00Z"), ZoneOffset.UTC);

    static Alert bruteForce() {
        Instant t = CLOCK.instant();
        return new Alert(1, "a1", AlertType.BRUTE_FORCE, Severity.HIGH, Alert.ACTIVE, "north", "198.51.100.77", "10.0.0.22",
                List.of("10.0.0.22"), t, t, t, t, 8, 80, null, "guessing", Map.of("port", 22, "service", "ssh"), List.of());
    }

    static SuppressionForm with(SuppressionForm from, String... kv) {
        Map<String, String> v = new HashMap<>(from.values);
        for (int i = 0; i < kv.length; i += 2) v.put(kv[i], kv[i + 1]);
        return SuppressionForm.read(v::get);
    }

    @Test
    void madeFromAnAlertItIsAsNarrowAsTheAlertAndExpiresInAWeek() {
        SuppressionForm f = SuppressionForm.from(bruteForce(), "ana", CLOCK);
        assertThat(f.values).containsEntry("type", "brute_force").containsEntry("site", "north")
                .containsEntry("src", "198.51.100.77").containsEntry("dst", "10.0.0.22").containsEntry("port", "22")
                .containsEntry("owner", "ana").containsEntry("expires", "2026-11-09");
        Suppression s = with(f, "reason", "pen test by Acme, contract 42").check("ana", "s1", CLOCK);
        assertThat(s.scope()).isEqualTo(new Suppression.Scope(AlertType.BRUTE_FORCE, "north", "198.51.100.77", "10.0.0.22", null, 22));
        assertThat(s.expiresAt()).isEqualTo(Instant.parse("2026-11-09T23:59:59Z"));
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void everyMistakeIsNamedByItsFieldAndNothingIsMade() {
        SuppressionForm f = with(SuppressionForm.from(bruteForce(), "ana", CLOCK), "src", "198.51.100.0/33", "dst", "10.0.0",
                "domain", "not a domain", "port", "70000", "reason", "because", "owner", "", "expires", "2026-11-01");
        assertThat(f.check("ana", "s1", CLOCK)).isNull();
        assertThat(f.errors()).containsOnlyKeys("src", "dst", "domain", "port", "reason", "owner", "expires");
        assertThat(f.error("expires")).isEqualTo("The expiry must be in the future");
        SuppressionForm late = with(f, "src", "", "dst", "", "domain", "", "port", "", "reason", "authorised scanner",
                "owner", "soc", "expires", "2027-02-01");
        assertThat(late.check("ana", "s1", CLOCK)).isNull();
        assertThat(late.error("expires")).startsWith("A suppression can last at most 90 days: choose 2027-01-31 or sooner");
        assertThat(with(late, "expires", "next tuesday").check("ana", "s1", CLOCK)).isNull();
        assertThat(with(late, "expires", "2027-01-31").check("ana", "s1", CLOCK).expiresAt())
                .isEqualTo(CLOCK.instant().plus(Duration.ofDays(90)));
    }

    @Test
    void aCsvCellCannotBecomeAFormula() {
        assertThat(ExportsAccess.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(ExportsAccess.cell("portal.example")).isEqualTo("portal.example");
        assertThat(ExportsAccess.cell("a,b")).isEqualTo("\"a,b\"");
    }
}
