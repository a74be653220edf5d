package io.vigil.console.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Severity;
import io.vigil.model.TriageAction;
import io.vigil.model.TriageState;
import io.vigil.model.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queue as the view builds it: groups, filters, states, suppressed alerts, silent sites. */
class AlertViewTest {

    static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");
    final AlertView view = new AlertView(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(90));

    static Alert alert(String id, AlertType type, Severity sev, String site, String src, String dst, String status) {
        Instant t = NOW.minusSeconds(600);
        return new Alert(1, id, type, sev, status, site, src, dst, dst == null ? List.of() : List.of(dst), t, t.plusSeconds(5),
                t, t, 2, 30, null, id + " happened", Map.of(), List.of());
    }

    void put(Alert a, Instant arrived) {
        view.write(w -> w.alert(a, arrived.toEpochMilli()));
    }

    static TriageAction act(String alert, String action, TriageState after, Verdict v, String assignee, Instant at) {
        return new TriageAction(1, alert + action, alert, action, "ana", at, TriageState.OPEN, after, null, assignee, v, null,
                null, null, "console");
    }

    QueueFilter filter(String query) {
        Map<String, String> q = new HashMap<>();
        for (String kv : query.split("&")) if (!kv.isEmpty()) q.put(kv.split("=")[0], kv.split("=")[1]);
        return QueueFilter.read(q::get);
    }

    @Test
    void alertsOfOneTypeAtOneSiteAboutOneHostAreOneLine() {
        put(alert("a1", AlertType.PORT_SCAN, Severity.MEDIUM, "north", "198.51.100.23", "10.0.0.5", "ended"), NOW.minusSeconds(300));
        put(alert("a2", AlertType.PORT_SCAN, Severity.HIGH, "north", "198.51.100.23", "10.0.0.6", "active"), NOW.minusSeconds(60));
        put(alert("b1", AlertType.PORT_SCAN, Severity.LOW, "south", "198.51.100.23", "10.1.0.5", "ended"), NOW.minusSeconds(30));
        put(alert("c1", AlertType.BRUTE_FORCE, Severity.CRITICAL, "north", "198.51.100.23", "10.0.0.5", "ended"), NOW.minusSeconds(90));

        AlertView.Queue q = view.queue(filter(""), "ana", 100);
        assertThat(q.groups()).isEqualTo(3);
        assertThat(q.alerts()).isEqualTo(4);
        // the most severe first, all being new
        assertThat(q.rows()).extracting(QueueRow::key).containsExactly("north|brute_force|198.51.100.23",
                "north|port_scan|198.51.100.23", "south|port_scan|198.51.100.23");
        QueueRow scans = q.rows().get(1);
        assertThat(scans.count()).isEqualTo(2);
        assertThat(scans.worst()).isEqualTo(Severity.HIGH);
        assertThat(scans.latestId()).isEqualTo("a2");
        assertThat(scans.ids()).containsExactly("a2", "a1");
        assertThat(scans.active()).isEqualTo(1);
        assertThat(q.sites()).containsExactly("north", "south");
    }

    @Test
    void filtersBySiteTypeSeverityStateHostAssigneeAndTime() {
        put(alert("a1", AlertType.PORT_SCAN, Severity.MEDIUM, "north", "198.51.100.23", "10.0.0.5", "ended"), NOW.minusSeconds(7200));
        put(alert("a2", AlertType.EXFILTRATION, Severity.HIGH, "north", "10.0.0.7", "203.0.113.9", "active"), NOW.minusSeconds(60));
        put(alert("a3", AlertType.PORT_SCAN, Severity.LOW, "south", "192.0.2.1", "10.1.0.5", "ended"), NOW.minusSeconds(60));
        view.write(w -> {
            w.triage(act("a2", TriageAction.ASSIGN, TriageState.ACKNOWLEDGED, null, "ana", NOW.minusSeconds(30)));
            w.triage(act("a3", TriageAction.CLOSE, TriageState.CLOSED, Verdict.FALSE_POSITIVE, null, NOW.minusSeconds(20)));
        });
        assertThat(ids("site=south&state=all")).containsExactly("a3");
        assertThat(ids("type=exfiltration")).containsExactly("a2");
        assertThat(ids("severity=medium")).containsExactlyInAnyOrder("a1", "a2");
        assertThat(ids("")).as("closed ones are not in the default queue").containsExactlyInAnyOrder("a1", "a2");
        assertThat(ids("state=new")).containsExactly("a1");
        assertThat(ids("state=closed")).containsExactly("a3");
        assertThat(ids("host=10.0.0.0/24")).containsExactlyInAnyOrder("a1", "a2");
        assertThat(ids("host=203.0.113.9")).containsExactly("a2");
        assertThat(ids("assignee=me")).containsExactly("a2");
        assertThat(ids("assignee=none")).containsExactly("a1");
        assertThat(ids("since=1h")).containsExactly("a2");
        QueueFilter bad = filter("type=teleport&since=5y");
        assertThat(bad.problems()).containsExactly("type: alert type 'teleport' is unknown", "since: '5y' is not one of 1h, 24h, 7d, 30d");
    }

    List<String> ids(String query) {
        return view.queue(filter(query), "ana", 100).rows().stream().flatMap(r -> r.ids().stream()).toList();
    }

    @Test
    void aSuppressedAlertIsHiddenButCountedAndShownUnderTheFilter() {
        put(alert("a1", AlertType.PORT_SCAN, Severity.HIGH, "north", "198.51.100.23", "10.0.0.5", "ended"), NOW.minusSeconds(60));
        put(alert("a2", AlertType.PORT_SCAN, Severity.HIGH, "north", "198.51.100.24", "10.0.0.5", "ended"), NOW.minusSeconds(60));
        view.write(w -> w.notice(new NotificationAttempt(1, "a1", "port_scan", "high", "north", null, "-", "raised", 0,
                NotificationAttempt.SUPPRESSED, null, NOW, NOW, 0, "ended@1", "s1")));
        AlertView.Queue q = view.queue(filter(""), "ana", 100);
        assertThat(q.rows()).extracting(QueueRow::latestId).containsExactly("a2");
        assertThat(q.hiddenSuppressed()).isEqualTo(1);
        assertThat(ids("suppressed=only")).containsExactly("a1");
        assertThat(ids("suppressed=show")).containsExactlyInAnyOrder("a1", "a2");
        assertThat(view.suppressions()).isEmpty();
        assertThat(view.heldBackBy("s1")).extracting(d -> d.alert().id()).containsExactly("a1");
        assertThat(view.alert("a1").suppressedBy()).isEqualTo("s1");
    }

    @Test
    void anAcknowledgementThroughTheApiCountsAndTheLatestTriageDecides() {
        put(alert("a1", AlertType.PORT_SCAN, Severity.HIGH, "north", "198.51.100.23", "10.0.0.5", "ended"), NOW.minusSeconds(60));
        view.write(w -> w.notice(new NotificationAttempt(1, "a1", null, null, null, null, "ack:nurse.jones", "acknowledged", 0,
                NotificationAttempt.ACKNOWLEDGED, null, null, NOW, 0)));
        assertThat(view.alert("a1").state()).isEqualTo(TriageState.ACKNOWLEDGED);
        assertThat(view.alert("a1").apiAckBy()).isEqualTo("nurse.jones");
        // written twice (a retry): counted once
        TriageAction close = act("a1", TriageAction.CLOSE, TriageState.CLOSED, Verdict.DUPLICATE, "ana", NOW);
        view.write(w -> {
            w.triage(close);
            w.triage(close);
        });
        assertThat(view.alert("a1").triage()).hasSize(1);
        assertThat(view.alert("a1").verdict()).isEqualTo(Verdict.DUPLICATE);
    }

    @Test
    void aSiteWhoseCollectorIsSilentIsNamedOnEveryPage() {
        put(alert("s1", AlertType.COLLECTOR_SILENT, Severity.HIGH, "north", "gw-north", null, "active"), NOW.minusSeconds(60));
        put(alert("s2", AlertType.COLLECTOR_SILENT, Severity.HIGH, "south", "gw-south", null, "ended"), NOW.minusSeconds(60));
        assertThat(view.queue(QueueFilter.all(), "ana", 0).silences()).singleElement()
                .satisfies(s -> assertThat(s.collector()).isEqualTo("gw-north"));
    }

    @Test
    void alertsNotUpdatedForLongerThanItKeepsAreOutOfView() {
        put(alert("old", AlertType.PORT_SCAN, Severity.HIGH, "north", "198.51.100.23", "10.0.0.5", "ended"),
                NOW.minus(Duration.ofDays(91)));
        assertThat(view.alert("old")).isNull();
    }
}
