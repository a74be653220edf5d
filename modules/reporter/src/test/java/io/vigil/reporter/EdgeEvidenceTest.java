package io.vigil.reporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Heartbeat;
import io.vigil.model.Severity;
import io.vigil.model.SiteTraffic;
import io.vigil.model.WeeklySummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The auditor's evidence: peaks against the link, collector uptime and silences, the TLS scorecard, and the lead. */
class EdgeEvidenceTest {

    /** Monday 2 November 2026, the start of 2026-W45. */
    static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");

    static SiteTraffic minute(Instant at, long sent, long received, SiteTraffic.Tls tls) {
        return new SiteTraffic(SiteTraffic.VERSION, "north", at, sent, received, 10, tls);
    }

    @Test
    void theBusiestMinuteAndHourAreRatesAndSharesOfTheLink() {
        List<SiteTraffic> minutes = new ArrayList<>();
        // Tuesday 10:00-11:00: 60 minutes of 75 MB up (10 Mbit/s), one of them 150 MB (20 Mbit/s)
        Instant tue10 = MONDAY.plus(Duration.ofHours(34));
        for (int m = 0; m < 60; m++) minutes.add(minute(tue10.plusSeconds(60L * m), m == 30 ? 150_000_000 : 75_000_000, 1_000_000, null));
        // Wednesday: a quieter hour with a big download minute (60 Mbit/s)
        minutes.add(minute(MONDAY.plus(Duration.ofHours(57)), 1_000, 450_000_000, null));
        minutes.add(minutes.get(0)); // a replayed minute counts once
        WeeklySummary.Capacity link = new WeeklySummary.Capacity(20_000_000, 80_000_000);

        WeeklySummary.Evidence e = EdgeEvidence.build("north", MONDAY, MONDAY.plus(Duration.ofDays(7)), Instant.MAX, minutes,
                null, link);

        assertThat(e.busiest()).extracting(p -> p.window() + " " + p.direction() + " " + p.bitsPerSecond() + " "
                + p.percentOfCapacity()).containsExactly(
                "minute upload 20000000 100.0", "minute download 60000000 75.0",
                "hour upload 10166666 50.8", "hour download 1000000 1.3");
        assertThat(e.busiest().get(0).at()).isEqualTo(tue10.plusSeconds(1800));
        assertThat(e.collectors()).as("offline: no heartbeats read").isNull();
        assertThat(EdgeEvidence.build("north", MONDAY, MONDAY.plus(Duration.ofDays(7)), Instant.MAX, minutes, null, null)
                .busiest()).allSatisfy(p -> assertThat(p.percentOfCapacity()).isNull());
    }

    static Heartbeat beat(String collector, Instant at) {
        return new Heartbeat(Heartbeat.VERSION, collector, "north", at.toEpochMilli(), at.toEpochMilli(), 1, 1, 0, 1, 1, 0, 0);
    }

    @Test
    void uptimeCountsEveryGapOverTwoMinutesAndTheWeeksEnd() {
        List<Heartbeat> beats = new ArrayList<>();
        beats.add(beat("gw-1", MONDAY.minusSeconds(5))); // running when the week began
        Instant end = MONDAY.plus(Duration.ofDays(7));
        for (Instant t = MONDAY.plusSeconds(5); t.isBefore(end); t = t.plusSeconds(10)) {
            boolean tuesdayOutage = !t.isBefore(MONDAY.plus(Duration.ofHours(30))) && t.isBefore(MONDAY.plus(Duration.ofHours(36)));
            boolean blip = !t.isBefore(MONDAY.plus(Duration.ofHours(50))) && t.isBefore(MONDAY.plus(Duration.ofHours(50)).plusSeconds(90));
            if (!tuesdayOutage && !blip) beats.add(beat("gw-1", t));
        }
        // gw-2 started on Thursday and stopped on Friday noon
        for (Instant t = MONDAY.plus(Duration.ofDays(3)); t.isBefore(MONDAY.plus(Duration.ofHours(108))); t = t.plusSeconds(10)) {
            beats.add(beat("gw-2", t));
        }
        beats.add(new Heartbeat(Heartbeat.VERSION, "gw-9", "south", 0, MONDAY.toEpochMilli(), 1, 1, 0, 1, 1, 0, 0));

        List<WeeklySummary.Collector> c = EdgeEvidence.collectors("north", MONDAY, end, beats);

        assertThat(c).extracting(WeeklySummary.Collector::id).containsExactly("gw-1", "gw-2");
        WeeklySummary.Collector gw1 = c.get(0);
        assertThat(gw1.silences()).as("the 6 h outage; the 90 s blip is under the limit").singleElement().satisfies(s -> {
            assertThat(s.from()).isEqualTo(MONDAY.plus(Duration.ofHours(30)).minusSeconds(5));
            assertThat(s.seconds()).isEqualTo(6 * 3600 + 10);
        });
        assertThat(gw1.uptimePercent()).isEqualTo(96.4); // 6 h of 168
        WeeklySummary.Collector gw2 = c.get(1);
        assertThat(gw2.silences()).singleElement().satisfies(s -> assertThat(s.to()).isEqualTo(end));
        assertThat(gw2.uptimePercent()).as("from its first heartbeat on Thursday: 36 h of 96").isEqualTo(37.5);
        assertThat(EdgeEvidence.collectors("north", MONDAY, end, List.of())).isEmpty();
    }

    @Test
    void theScorecardAndTheLeadSayWhatAManagerNeeds() {
        List<SiteTraffic> minutes = List.of(
                minute(MONDAY.plusSeconds(600), 150_000_000, 300_000_000, new SiteTraffic.Tls(700, 250, 30, 20)),
                minute(MONDAY.plusSeconds(660), 150_000_000, 300_000_000, null)); // a minute from before the counts
        List<Heartbeat> beats = new ArrayList<>();
        for (Instant t = MONDAY; t.isBefore(MONDAY.plus(Duration.ofDays(7))); t = t.plusSeconds(10)) beats.add(beat("gw-1", t));

        WeeklySummary s = Summaries.build("north", "2026-W45", List.of(), List.of(), minutes, beats,
                new WeeklySummary.Capacity(20_000_000, 80_000_000), Instant.parse("2026-11-30T12:00:00Z"));

        assertThat(s.evidence().tls()).isEqualTo(new WeeklySummary.Scorecard(700, 250, 30, 20, 95.0));
        assertThat(s.lead()).startsWith("Vigil raised no alerts for north in week 2026-W45 (0 the week before).")
                .contains("The busiest hour used 3.3% of the upload link and 1.7% of the download; the busiest minute 100%, "
                        + "close to the link's limit.")
                .contains("The collector gw-1 was heard from 100% of the week with no silent period.")
                .contains("Of 1,000 connections across the edge whose protection Vigil could see, 95% used TLS 1.2 or newer; "
                        + "30 used an older TLS or SSL and 20 carried their content readable");
        String html = ReportHtml.render(s);
        assertThat(html).contains("<p class=\"lead\">Vigil raised no alerts", "TLS scorecard of the edge", "Was the edge watched?",
                "Busiest times against the link", "Provisioned link: 20.0 Mbit/s up, 80.0 Mbit/s down");
        assertThat(EdgeEvidence.scorecard(List.of(minutes.get(1)))).as("nothing judged, no score").isNull();
    }

    @Test
    void theLeadNamesWhatNeedsALookAndWhetherTheEdgeWasWatched() {
        List<Alert> alerts = List.of(
                WeeklySummaryTest.alert("x", AlertType.EXFILTRATION, Severity.HIGH, "north",
                        "10.0.0.7", "203.0.113.200", "2026-11-03T10:00:00Z", "ended"),
                WeeklySummaryTest.alert("y", AlertType.PORT_SCAN, Severity.MEDIUM, "north",
                        "198.51.100.23", "10.0.0.5", "2026-11-03T11:00:00Z", "ended"));
        WeeklySummary s = Summaries.build("north", "2026-W45", alerts, List.of(), List.of(), List.of(), null, Instant.MAX);
        assertThat(s.lead()).startsWith("Vigil raised 2 alerts for north in week 2026-W45 (0 the week before). "
                + "1 was high or critical and needs a look: exfiltration from 10.0.0.7 to 203.0.113.200.")
                .contains("No collector was heard from this week: the edge was not watched.")
                .contains("0 of 2 were notified");
        assertThat(Summaries.build("north", "2026-W45", alerts, null, List.of(), null, null, Instant.MAX).lead())
                .as("offline: no audit trail and no heartbeats read, no claim about either")
                .doesNotContain("notified").doesNotContain("collector");
    }
}
