package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code vigil audit}'s --since. */
class AuditCommandTest {

    @Test
    void auditSinceTakesADurationADateOrAnInstant() {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        assertThat(AuditCommand.parseSince("90m", now)).isEqualTo(Instant.parse("2026-11-24T10:30:00Z"));
        assertThat(AuditCommand.parseSince("7d", now)).isEqualTo(Instant.parse("2026-11-17T12:00:00Z"));
        assertThat(AuditCommand.parseSince("2026-11-20", now)).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(AuditCommand.parseSince("2026-11-20T08:15:00Z", now)).isEqualTo(Instant.parse("2026-11-20T08:15:00Z"));
        CliRun r = CliRun.of("audit", "--since", "last tuesday", "--bootstrap", "127.0.0.1:1");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).isEqualTo("vigil: --since: 'last tuesday' is not a duration (24h), a date (2026-11-24) "
                + "or an instant (2026-11-24T08:00:00Z)");
    }
}
