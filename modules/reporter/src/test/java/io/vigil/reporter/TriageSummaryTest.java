package io.vigil.reporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Severity;
import io.vigil.model.Suppression;
import io.vigil.model.TriageAction;
import io.vigil.model.TriageState;
import io.vigil.model.Verdict;
import io.vigil.model.WeeklySummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manager's view of a week's triage: verdicts, precision, time to take alerts, suppressions and their hits. */
class TriageSummaryTest {

    static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");

    static Alert scan(String id, int hour) {
        return WeeklySummaryTest.alert(id, AlertType.PORT_SCAN, Severity.HIGH, "north", "198.51.100." + hour, "10.0.0.5",
                MONDAY.plus(Duration.ofHours(hour)).toString(), "ended");
    }

    static TriageAction act(String alert, String action, TriageState before, TriageState after, Verdict verdict, Instant at) {
        return new TriageAction(1, alert + action + at, alert, action, "ana", at, before, after, null, "ana", verdict, null,
                null, null, "console");
    }

    static NotificationAttempt suppressed(String alert, String by, Instant at) {
        return new NotificationAttempt(1, alert, "port_scan", "high", "north", null, "-", "raised", 0,
                NotificationAttempt.SUPPRESSED, null, at, at, 0, "ended@1", by);
    }

    @Test
    void verdictsPrecisionTimeToTakeAndSuppressionsOfTheWeek() {
        List<Alert> alerts = List.of(scan("a", 9), scan("b", 10), scan("c", 11), scan("d", 12), scan("e", 13));
        Instant a = alerts.get(0).detectedAt();
        List<TriageAction> triage = List.of(
                // a: acknowledged after 10 minutes, then closed as an attack
                act("a", TriageAction.ACKNOWLEDGE, TriageState.OPEN, TriageState.ACKNOWLEDGED, null, a.plusSeconds(600)),
                act("a", TriageAction.CLOSE, TriageState.ACKNOWLEDGED, TriageState.CLOSED, Verdict.TRUE_POSITIVE, a.plusSeconds(900)),
                // b: closed as a false positive after 30 minutes; c: closed, reopened: no verdict counts
                act("b", TriageAction.CLOSE, TriageState.OPEN, TriageState.CLOSED, Verdict.FALSE_POSITIVE,
                        alerts.get(1).detectedAt().plusSeconds(1800)),
                act("c", TriageAction.CLOSE, TriageState.OPEN, TriageState.CLOSED, Verdict.FALSE_POSITIVE,
                        alerts.get(2).detectedAt().plusSeconds(60)),
                act("c", TriageAction.REOPEN, TriageState.CLOSED, TriageState.OPEN, null, alerts.get(2).detectedAt().plusSeconds(120)),
                act("d", TriageAction.CLOSE, TriageState.OPEN, TriageState.CLOSED, Verdict.TRUE_POSITIVE,
                        alerts.get(3).detectedAt().plusSeconds(300)));
        Instant now = MONDAY.plus(Duration.ofDays(8));
        Suppression scanner = new Suppression(1, "s1", new Suppression.Scope(AlertType.PORT_SCAN, "north", "198.51.100.13",
                null, null, null), "authorised scanner", "soc", "ana", MONDAY, now.plus(Duration.ofDays(3)), Suppression.ACTIVE,
                null, null, false);
        Suppression old = new Suppression(1, "s0", scanner.scope(), "old scanner", "soc", "ana", MONDAY.minus(Duration.ofDays(30)),
                MONDAY.minus(Duration.ofDays(1)), Suppression.ACTIVE, null, null, false);
        Suppression elsewhere = new Suppression(1, "s2", new Suppression.Scope(AlertType.PORT_SCAN, "south", null, "10.1.0.0/24",
                null, null), "south's scanner", "soc", "ana", MONDAY, now.plus(Duration.ofDays(30)), Suppression.ACTIVE, null, null,
                false);
        List<NotificationAttempt> audit = List.of(suppressed("e", "s1", alerts.get(4).detectedAt()));

        WeeklySummary s = Summaries.build("north", "2026-W45", alerts, audit, List.of(), null, null, now,
                new TriageSummary.Decisions(triage, List.of(scanner, old, elsewhere)));

        assertThat(s.triage().byType()).singleElement().satisfies(t -> {
            assertThat(t.type()).isEqualTo("port_scan");
            assertThat(t.alerts()).isEqualTo(5);
            assertThat(t.verdicts()).containsEntry("true_positive", 2L).containsEntry("false_positive", 1L)
                    .containsEntry("benign_true_positive", 0L).containsEntry("duplicate", 0L);
            assertThat(t.precision()).isEqualTo(2 / 3.0);
            // taken after 10 min, 30 min, 1 min, 5 min: the median (nearest rank) is 5 min
            assertThat(t.medianAckMs()).isEqualTo(300_000L);
            assertThat(t.suppressed()).isEqualTo(1);
        });
        assertThat(s.triage().suppressions()).singleElement().satisfies(u -> {
            assertThat(u.id()).isEqualTo("s1");
            assertThat(u.hits()).isEqualTo(1);
            assertThat(u.expiresSoon()).isTrue();
            assertThat(u.state()).isEqualTo("in force");
        });
        assertThat(ReportHtml.render(s)).contains("<h2>Triage</h2>", "67%", "ends within 7 days: renew or let go",
                "port_scan at north from 198.51.100.13");
    }

    @Test
    void aReportReadFromAFileHasNoTriagePart() {
        WeeklySummary s = Summaries.build("north", "2026-W45", List.of(scan("a", 9)), null);
        assertThat(s.triage()).isNull();
        assertThat(ReportHtml.render(s)).doesNotContain("<h2>Triage</h2>");
    }
}
