package io.vigil.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Severity;
import io.vigil.model.Suppression;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The notifier's index finds the suppression that matches, whatever bucket it is in, and only one in force. */
class SuppressionIndexTest {

    static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");

    static Suppression s(String id, String src, String dst) {
        return new Suppression(1, id, new Suppression.Scope(AlertType.PORT_SCAN, "north", src, dst, null, null), "reason given",
                "soc", "ana", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)), Suppression.ACTIVE, null, null, false);
    }

    static Alert scan(String src) {
        return new Alert(1, "a-" + src, AlertType.PORT_SCAN, Severity.HIGH, Alert.ACTIVE, "north", src, "10.0.0.5",
                List.of("10.0.0.5"), NOW, NOW, NOW, NOW, 2, 30, null, "scan", Map.of(), List.of());
    }

    @Test
    void anAddressABlockInsideASlash16AWideBlockAndNoSourceAreAllFound() {
        SuppressionIndex i = new SuppressionIndex();
        i.put("exact", s("exact", "198.51.100.7", null));
        i.put("block", s("block", "203.0.113.0/28", null));
        i.put("wide", s("wide", "192.0.0.0/8", null));
        i.put("any", s("any", null, "10.0.0.9"));
        assertThat(i.match(scan("198.51.100.7"), NOW).id()).isEqualTo("exact");
        assertThat(i.match(scan("203.0.113.9"), NOW).id()).isEqualTo("block");
        assertThat(i.match(scan("203.0.113.17"), NOW)).isNull();
        assertThat(i.match(scan("192.88.99.1"), NOW).id()).isEqualTo("wide");
        assertThat(i.match(scan("198.51.100.8"), NOW)).isNull();
        Alert toNine = new Alert(1, "x", AlertType.PORT_SCAN, Severity.HIGH, Alert.ACTIVE, "north", "p-3fa9", "10.0.0.9",
                List.of("10.0.0.9"), NOW, NOW, NOW, NOW, 2, 30, null, "scan", Map.of(), List.of());
        assertThat(i.match(toNine, NOW).id()).isEqualTo("any");
        // changed in place: revoked, it matches nothing; moved to another source, only there
        i.put("exact", new Suppression(1, "exact", s("exact", "198.51.100.7", null).scope(), "reason given", "soc", "ana",
                NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)), Suppression.REVOKED, "bob", NOW, false));
        assertThat(i.match(scan("198.51.100.7"), NOW)).isNull();
        i.put("block", s("block", "198.51.100.7", null));
        assertThat(i.match(scan("203.0.113.9"), NOW)).isNull();
        assertThat(i.match(scan("198.51.100.7"), NOW).id()).isEqualTo("block");
        assertThat(i.match(scan("198.51.100.7"), NOW.plus(Duration.ofDays(2)))).as("expired").isNull();
        i.put("block", null);
        assertThat(i.all()).extracting(Suppression::id).containsExactlyInAnyOrder("exact", "wide", "any");
    }
}
