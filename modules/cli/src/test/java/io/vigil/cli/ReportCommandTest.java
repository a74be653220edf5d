package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil report --alerts}: from analyze's output to a page per site; and its mistakes. */
class ReportCommandTest {

    @TempDir
    Path dir;

    static final String ALERT = "{\"v\":1,\"id\":\"%s\",\"type\":\"%s\",\"severity\":\"%s\",\"status\":\"ended\","
            + "\"site\":\"%s\",\"src\":\"198.51.100.23\",\"dst\":\"10.10.1.10\",\"targets\":[\"10.10.1.10\"],"
            + "\"first_seen\":\"%s\",\"last_seen\":\"%s\",\"raised_at\":\"%s\",\"detected_at\":\"2026-11-24T10:00:00Z\","
            + "\"score\":3,\"observed\":45,\"summary\":\"something happened\",\"evidence\":{}}";

    static String alert(String id, String type, String sev, String site, String t) {
        return String.format(ALERT, id, type, sev, site, t, t, t);
    }

    @Test
    void aPagePerSiteForTheWeekOfTheNewestAlert() throws Exception {
        Path alerts = Files.writeString(dir.resolve("alerts.jsonl"), String.join("\n",
                alert("a1", "port_scan", "high", "clinic-north", "2026-11-02T09:01:30Z"),
                alert("a2", "brute_force", "critical", "clinic-north", "2026-11-03T09:01:30Z"),
                alert("a3", "dns_tunnel", "medium", "gp-east", "2026-11-04T09:01:30Z"),
                alert("old", "port_scan", "medium", "clinic-north", "2026-10-28T09:01:30Z"), ""));
        Path traffic = Files.writeString(dir.resolve("traffic.jsonl"), String.join("\n",
                "{\"v\":1,\"site\":\"clinic-north\",\"minute\":\"2026-11-03T02:10:00Z\",\"sent_bytes\":4000000000,"
                        + "\"received_bytes\":1000,\"connections\":2}",
                "{\"v\":1,\"site\":\"clinic-north\",\"minute\":\"2026-11-03T09:10:00Z\",\"sent_bytes\":1000,"
                        + "\"received_bytes\":2000000,\"connections\":20}",
                "{\"v\":1,\"site\":\"quiet-south\",\"minute\":\"2026-11-05T09:10:00Z\",\"sent_bytes\":1000,"
                        + "\"received_bytes\":2000,\"connections\":2}", ""));
        CliRun r = CliRun.of("report", "--alerts", alerts.toString(), "--traffic", traffic.toString(), "--out",
                dir.resolve("out").toString(), "--capacity", "clinic-north=100Mbit/1Gbit");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("vigil-clinic-north-2026-W45.html (2 alerts, 2 worth a look)")
                .contains("vigil-gp-east-2026-W45.html (1 alerts, 0 worth a look)")
                .contains("vigil-quiet-south-2026-W45.html (0 alerts, 0 worth a look)");
        String html = Files.readString(dir.resolve("out/vigil-clinic-north-2026-W45.html"));
        assertThat(html).contains("<svg").contains("alerts raised (+100% on the week before)")
                .contains("Sent to the internet 4.0 GB, received 2.0 MB. Busiest hours: Tue&nbsp;3&nbsp;Nov&nbsp;02:00")
                // 4 GB in a minute is 533 Mbit/s: more than five times the 100 Mbit/s upload link
                .contains("<p class=\"lead\">Vigil raised 2 alerts for clinic-north in week 2026-W45 (1 the week before).")
                .contains("the busiest minute 533.3%, more than the link is recorded to carry")
                .doesNotContain("were notified") // offline: no audit trail was read, so no claim about it
                .doesNotContain("Was the edge watched?"); // offline: no heartbeats were read, so no claim either way
        assertThat(Files.readString(dir.resolve("out/vigil-gp-east-2026-W45.html")))
                .contains("No traffic figures for this week.");
        assertThat(Files.readString(dir.resolve("out/vigil-gp-east-2026-W45.html"))).contains("No traffic figures");
        assertThat(Files.readAllLines(dir.resolve("out/vigil-clinic-north-2026-W45.csv"))).hasSize(3)
                .first().asString().startsWith("raised_at,id,type,severity");
        JsonNode json = Json.MAPPER.readTree(dir.resolve("out/vigil-clinic-north-2026-W45.json").toFile());
        assertThat(json.get("alerts").asLong()).isEqualTo(2);
        assertThat(json.get("previous_week_alerts").asLong()).isEqualTo(1);
        assertThat(json.get("by_severity").get("critical").asLong()).isEqualTo(1);
    }

    @Test
    void mistakesAreOneLineEach() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), alert("a1", "port_scan", "high", "s", "2026-11-02T09:01:30Z")
                + "\n{\"v\":1,\"id\":\"x\"}\n");
        CliRun r = CliRun.of("report", "--alerts", bad.toString(), "--out", dir.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).startsWith("vigil: " + bad + ":2: not an alert: ").doesNotContain("\n");

        CliRun week = CliRun.of("report", "--week", "2026-47", "--alerts", bad.toString(), "--out", dir.toString());
        assertThat(week.err().strip()).isEqualTo("vigil: --week: '2026-47' is not an ISO week like 2026-W47");

        CliRun missing = CliRun.of("report", "--alerts", dir.resolve("nope.jsonl").toString(), "--out", dir.toString());
        assertThat(missing.err().strip()).isEqualTo("vigil: " + dir.resolve("nope.jsonl") + ": no such file (--alerts)");

        CliRun link = CliRun.of("report", "--alerts", bad.toString(), "--out", dir.toString(), "--capacity", "s=fast/10Mbit");
        assertThat(link.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(link.err().strip()).isEqualTo("vigil: --capacity: 'fast' is not a rate (like 20Mbit, 1Gbit)");

        CliRun noSource = CliRun.of("report", "--out", dir.toString());
        assertThat(noSource.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noSource.err()).startsWith("vigil: vigil report reads a running cluster");
    }
}
