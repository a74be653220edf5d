package io.vigil.reporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Severity;
import io.vigil.model.SiteTraffic;
import io.vigil.model.WeeklySummary;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WeeklySummaryTest {

    static Alert alert(String id, AlertType type, Severity sev, String site, String src, String dst, String raised,
                       String status) {
        Instant t = Instant.parse(raised);
        return new Alert(Alert.VERSION, id, type, sev, status, site, src, dst, dst == null ? List.of() : List.of(dst),
                t.minusSeconds(5), t.plusSeconds(60), t, t, 2, 20, null, type.wire() + " by " + src, Map.of(),
                type == AlertType.PORT_SCAN ? List.of("T1046") : type == AlertType.BRUTE_FORCE ? List.of("T1110", "T1110.001")
                        : List.of());
    }

    static NotificationAttempt attempt(String id, String channel, String outcome, String event, long latency, String sent) {
        Instant s = Instant.parse(sent);
        return new NotificationAttempt(NotificationAttempt.VERSION, id, "port_scan", "high", "north", "soc", channel, event,
                1, outcome, null, s.minusMillis(latency), s, latency);
    }

    /** Week 2026-W45 is Monday 2 November to Sunday 8 November 2026. */
    final List<Alert> records = List.of(
            alert("a", AlertType.PORT_SCAN, Severity.MEDIUM, "north", "198.51.100.23", "10.0.0.5", "2026-11-02T09:00:00Z", "active"),
            // an update of "a": the latest record counts, once
            alert("a", AlertType.PORT_SCAN, Severity.HIGH, "north", "198.51.100.23", "10.0.0.5", "2026-11-02T09:00:00Z", "ended"),
            alert("b", AlertType.BRUTE_FORCE, Severity.CRITICAL, "north", "198.51.100.23", "10.0.0.9", "2026-11-04T22:10:00Z", "ended"),
            alert("c", AlertType.INSECURE_PROTOCOL, Severity.MEDIUM, "north", "10.0.0.7", "203.0.113.4", "2026-11-08T23:59:59Z", "active"),
            alert("d", AlertType.VOLUME_ANOMALY, Severity.LOW, "north", "10.0.0.7", null, "2026-11-05T12:00:00Z", "ended"),
            // not this week: the Monday after, and the week before (the trend)
            alert("e", AlertType.PORT_SCAN, Severity.HIGH, "north", "203.0.113.9", "10.0.0.5", "2026-11-09T00:00:00Z", "active"),
            alert("f", AlertType.PORT_SCAN, Severity.MEDIUM, "north", "203.0.113.9", "10.0.0.5", "2026-10-30T10:00:00Z", "ended"),
            alert("g", AlertType.PORT_SCAN, Severity.MEDIUM, "north", "203.0.113.9", "10.0.0.5", "2026-10-31T10:00:00Z", "ended"),
            // another site
            alert("h", AlertType.EXFILTRATION, Severity.HIGH, "south", "10.1.0.2", "192.0.2.1", "2026-11-03T10:00:00Z", "ended"));

    final List<NotificationAttempt> trail = List.of(
            attempt("a", "siem", NotificationAttempt.DELIVERED, "raised", 40, "2026-11-02T09:00:00.040Z"),
            attempt("a", "mail", NotificationAttempt.FAILED, "raised", 900, "2026-11-02T09:00:00.900Z"),
            attempt("a", "mail", NotificationAttempt.DELIVERED, "raised", 2400, "2026-11-02T09:00:02.400Z"),
            attempt("b", "siem", NotificationAttempt.DELIVERED, "raised", 120, "2026-11-04T22:10:00.120Z"),
            attempt("b", "ack:nurse.jones", NotificationAttempt.ACKNOWLEDGED, "acknowledged", 0, "2026-11-04T22:25:00Z"),
            attempt("c", "mail", NotificationAttempt.DEAD_LETTERED, "raised", 0, "2026-11-09T00:10:00Z"));

    @Test
    void aWeekCountsItsOwnAlertsOnceEachWithTheTrendAndTheNotificationRecord() {
        List<Alert> alerts = Summaries.latest(records);
        assertThat(Summaries.sites(alerts, "2026-W45")).containsExactly("north", "south");
        WeeklySummary s = Summaries.build("north", "2026-W45", alerts, trail);

        assertThat(s.from()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
        assertThat(s.to()).isEqualTo(Instant.parse("2026-11-09T00:00:00Z"));
        assertThat(s.alerts()).isEqualTo(4);
        assertThat(s.previousWeekAlerts()).isEqualTo(2);
        assertThat(s.bySeverity()).containsExactly(Map.entry("critical", 1L), Map.entry("high", 1L), Map.entry("medium", 1L),
                Map.entry("low", 1L), Map.entry("info", 0L));
        assertThat(s.byType()).containsOnlyKeys("port_scan", "brute_force", "insecure_protocol", "volume_anomaly");
        assertThat(s.byTechnique()).containsOnlyKeys("T1046", "T1110", "T1110.001");
        assertThat(s.days()).hasSize(7).first().satisfies(d -> {
            assertThat(d.date()).isEqualTo(LocalDate.of(2026, 11, 2));
            assertThat(d.bySeverity().get("high")).isEqualTo(1);
        });
        assertThat(s.days().get(6).bySeverity().get("medium")).as("Sunday 23:59:59 is in the week").isEqualTo(1);
        assertThat(s.topSources().get(0)).isEqualTo(new WeeklySummary.Count("198.51.100.23", 2, "critical"));
        assertThat(s.topTargets()).extracting(WeeklySummary.Count::host).contains("10.0.0.5", "10.0.0.9", "203.0.113.4");
        // high and above, and every insecure protocol; worst first
        assertThat(s.notable()).extracting(WeeklySummary.Line::id).containsExactly("b", "a", "c");
        assertThat(s.notable().get(0).acknowledgedBy()).isEqualTo("nurse.jones");
        // first delivery per alert: a 40 ms (not the mail's 2.4 s), b 120 ms; c never reached anyone
        WeeklySummary.Notification n = s.notification();
        assertThat(n.raised()).isEqualTo(4);
        assertThat(n.delivered()).isEqualTo(2);
        assertThat(n.p50Ms()).isEqualTo(40);
        assertThat(n.maxMs()).isEqualTo(120);
        assertThat(n.acknowledged()).isEqualTo(1);
        assertThat(n.medianAckMs()).isEqualTo(15 * 60_000);
        assertThat(n.deadLettered()).isEqualTo(1);
    }

    @Test
    void thePageShowsTheFiguresAndOneBarPerDayInItsChart() {
        WeeklySummary s = Summaries.build("north", "2026-W45", Summaries.latest(records), trail);
        String html = ReportHtml.render(s);
        assertThat(html).contains("Vigil weekly summary: north").contains("Week 2026-W45, 2 Nov 2026 to 8 Nov 2026")
                .contains("<b>4</b><span>alerts raised (+100% on the week before)</span>")
                .contains("<b>40 ms</b><span>median time to notify</span>")
                .contains("nurse.jones").doesNotContain("<script");
        // day chart: bars carry a title per day and severity; Monday one high, Sunday one medium
        List<String> titles = new ArrayList<>();
        Matcher m = Pattern.compile("<title>([^<]+)</title>").matcher(html);
        while (m.find()) titles.add(m.group(1));
        assertThat(titles).contains("2026-11-02: 1 high", "2026-11-04: 1 critical", "2026-11-05: 1 low", "2026-11-08: 1 medium");
        assertThat(html).contains(">Mon 2</text>").contains(">Sun 8</text>");
        assertThat(html).contains("<h2>ATT&amp;CK techniques</h2>").contains("<td>T1046</td><td>Network Service Discovery</td><td>1</td>");
    }

    @Test
    void bandwidthByHourWithTheBusiestHours() {
        List<SiteTraffic> minutes = new ArrayList<>();
        Instant monday = Instant.parse("2026-11-02T00:00:00Z");
        for (int m = 0; m < 7 * 24 * 60; m += 10) {
            minutes.add(new SiteTraffic(1, "north", monday.plusSeconds(m * 60L), 1_000_000, 5_000_000, 3));
        }
        // Wednesday 14:00-15:00 is the backup: 2 GB out in one minute; written twice (a replay), counted once
        SiteTraffic backup = new SiteTraffic(1, "north", Instant.parse("2026-11-04T14:31:00Z"),
                2_000_000_000L, 1_000_000, 1);
        minutes.add(backup);
        minutes.add(backup);
        minutes.add(new SiteTraffic(1, "south", Instant.parse("2026-11-04T14:31:00Z"), 9_000_000_000L, 0, 1));
        minutes.add(new SiteTraffic(1, "north", Instant.parse("2026-11-09T00:00:00Z"), 9_000_000_000L, 0, 1));
        WeeklySummary s = Summaries.build("north", "2026-W45", Summaries.latest(records), trail, minutes);
        WeeklySummary.Traffic t = s.traffic();
        assertThat(t.hours()).hasSize(168);
        assertThat(t.sentBytes()).isEqualTo(1008 * 1_000_000L + 2_000_000_000L);
        assertThat(t.receivedBytes()).isEqualTo(1008 * 5_000_000L + 1_000_000L);
        assertThat(t.peaks()).hasSize(3).first().satisfies(p -> {
            assertThat(p.hour()).isEqualTo(Instant.parse("2026-11-04T14:00:00Z"));
            assertThat(p.sentBytes()).isEqualTo(6_000_000L + 2_000_000_000L);
        });
        String html = ReportHtml.render(s);
        assertThat(html).contains("Sent to the internet 3.0 GB, received 5.0 GB").contains("Busiest hours: Wed&nbsp;4&nbsp;Nov&nbsp;14:00 (2.0 GB sent")
                .contains("<polyline").contains("<title>peak Wed 4 Nov 14:00</title>");
        assertThat(ReportHtml.render(Summaries.build("north", "2026-W45", List.of(), List.of())))
                .contains("No traffic figures for this week");
    }

    @Test
    void aQuietWeekStillMakesAPage() {
        WeeklySummary s = Summaries.build("west", "2026-W45", Summaries.latest(records), trail);
        assertThat(s.alerts()).isZero();
        assertThat(s.notification().p50Ms()).isNull();
        assertThat(ReportHtml.render(s)).contains("No alerts this week.").contains("No high or critical alerts");
    }

    @Test
    void theCsvHasARowPerAlertOfTheWeekQuotedAndSafeForSpreadsheets() {
        List<Alert> alerts = new ArrayList<>(Summaries.latest(records));
        alerts.add(new Alert(Alert.VERSION, "q", AlertType.DNS_TUNNEL, Severity.HIGH, "active", "north", "10.0.0.3", null,
                List.of(), Instant.parse("2026-11-06T10:00:00Z"), Instant.parse("2026-11-06T10:05:00Z"),
                Instant.parse("2026-11-06T10:01:00Z"), null, 3, 300, null, "=HYPERLINK(\"x\"), \"quoted\"\nnext line", Map.of(), List.of()));
        String csv = ReportCsv.alerts("north", "2026-W45", alerts, trail);
        List<String> rows = List.of(csv.split("\r\n(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)"));
        assertThat(rows.get(0)).isEqualTo(ReportCsv.HEADER);
        assertThat(rows).hasSize(1 + 5);
        assertThat(rows.get(1)).startsWith("2026-11-02T09:00:00Z,a,port_scan,high,ended,198.51.100.23,10.0.0.5,");
        assertThat(rows.get(2)).contains(",b,brute_force,critical,").contains(",nurse.jones,");
        assertThat(rows.get(4)).endsWith(",\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\nnext line\"");
    }

    @Test
    void weeksAreIsoWeeks() {
        assertThat(Summaries.week("2026-W01")[0]).isEqualTo(Instant.parse("2025-12-29T00:00:00Z"));
        assertThat(Summaries.weekOf(Instant.parse("2026-11-24T12:00:00Z"))).isEqualTo("2026-W48");
        assertThat(Summaries.weekOf(Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo("2026-W53");
        assertThatThrownBy(() -> Summaries.week("2026-47")).hasMessage("'2026-47' is not an ISO week like 2026-W47");
        assertThat(ReportHtml.niceStep(7)).isEqualTo(2);
        assertThat(ReportHtml.niceStep(230)).isEqualTo(50);
    }

    static Alert intel(String id, Severity sev, String src, String dst, String indicator, String how, String direction,
                       String raised) {
        Instant t = Instant.parse(raised);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("indicator", indicator);
        e.put("how", how);
        if (direction != null) e.put("direction", direction);
        e.put("source", "carecert-cc-4123");
        e.put("confidence", 80);
        e.put("reference", "https://digital.nhs.uk/cyber-alerts/2026/cc-4123");
        e.put("description", "Cobalt Strike <team server>");
        return new Alert(Alert.VERSION, id, AlertType.THREAT_INTEL, sev, "ended", "north", src, dst, List.of(dst), t, t.plusSeconds(60),
                t, t, 1, 100, null, "threat intel", e, List.of());
    }

    @Test
    void theWeeksIndicatorHitsAreGroupedByIndicatorWorstFirstAndShownOnThePage() {
        List<Alert> all = new ArrayList<>(records);
        all.add(intel("i1", Severity.HIGH, "10.0.0.7", "10.0.0.53", "domain:drop.example", "lookup", null, "2026-11-03T08:00:00Z"));
        all.add(intel("i2", Severity.CRITICAL, "10.0.0.7", "203.0.113.66", "ip:203.0.113.66", "connection", "outbound",
                "2026-11-03T08:01:00Z"));
        all.add(intel("i3", Severity.MEDIUM, "10.0.0.8", "10.0.0.53", "domain:drop.example", "lookup", null, "2026-11-05T10:00:00Z"));
        all.add(intel("i4", Severity.MEDIUM, "192.0.2.50", "10.0.0.9", "ip:192.0.2.50", "connection", "inbound",
                "2026-11-06T10:00:00Z"));
        all.add(intel("i5", Severity.HIGH, "10.0.0.9", "10.0.0.53", "domain:other.example", "lookup", null,
                "2026-11-10T10:00:00Z")); // next week

        WeeklySummary s = Summaries.build("north", "2026-W45", Summaries.latest(all), trail);

        assertThat(s.indicatorHits()).extracting(WeeklySummary.IndicatorHit::indicator)
                .containsExactly("ip:203.0.113.66", "domain:drop.example", "ip:192.0.2.50");
        WeeklySummary.IndicatorHit drop = s.indicatorHits().get(1);
        assertThat(drop.hosts()).containsExactly("10.0.0.7", "10.0.0.8");
        assertThat(drop.alerts()).isEqualTo(2);
        assertThat(drop.worst()).isEqualTo("high");
        assertThat(drop.how()).containsExactly("looked up");
        assertThat(drop.firstSeen()).isEqualTo(Instant.parse("2026-11-03T08:00:00Z"));
        assertThat(drop.lastSeen()).isEqualTo(Instant.parse("2026-11-05T10:01:00Z"));
        assertThat(s.indicatorHits().get(2).hosts()).as("the site's host, not the listed address").containsExactly("10.0.0.9");
        assertThat(s.indicatorHits().get(2).how()).containsExactly("reached from it");
        assertThat(s.lead()).contains("3 published threat indicators (carecert-cc-4123 and others) matched traffic of 3 hosts");

        String html = ReportHtml.render(s);
        assertThat(html).contains("<h2>Threat indicators seen</h2>").contains("<code>domain:drop.example</code>")
                .contains("Cobalt Strike &lt;team server&gt;").contains("href=\"https://digital.nhs.uk/cyber-alerts/2026/cc-4123\"");
        assertThat(ReportHtml.render(Summaries.build("north", "2026-W45", Summaries.latest(records), trail)))
                .as("a week without hits has no such section").doesNotContain("Threat indicators seen");
    }
}
