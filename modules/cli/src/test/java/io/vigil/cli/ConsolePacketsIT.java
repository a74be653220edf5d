package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.collector.capture.JavaCaptureReader;
import io.vigil.collector.evidence.EvidenceCut;
import io.vigil.collector.evidence.EvidenceDesk;
import io.vigil.collector.evidence.KeptCuts;
import io.vigil.collector.evidence.PacketRing;
import io.vigil.console.Console;
import io.vigil.console.ConsoleConfig;
import io.vigil.detector.Detector;
import io.vigil.detector.DetectorConfig;
import io.vigil.model.ConsoleEvent;
import io.vigil.model.JsonSerde;
import io.vigil.model.Topics;
import io.vigil.testkit.Browser;
import io.vigil.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;

/**
 * The packets behind an alert, from capture to an analyst's download, with every part real but
 * the network card: a port scan's capture goes through the collector's packet ring and, as flows,
 * through the detector; the detector's cut request makes the site's collector keep the scan's
 * packets; in Chromium an analyst presses "Fetch the packets" on the alert's page, sees the count
 * and size, and downloads the very pcap the collector kept. The fetch and the download are in the
 * console's audit.
 */
class ConsolePacketsIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void anAnalystFetchesAScansPacketsFromItsPage() throws Exception {
        Topics topics = kafka.freshTopics(2);
        ConsoleEndToEndIT e2e = new ConsoleEndToEndIT();
        e2e.dir = dir;
        Path capture = e2e.scan(0);
        PacketRing ring = new PacketRing(new PacketRing.Settings(dir.resolve("ring"), 64L << 20, Duration.ofDays(1), 128));
        JavaCaptureReader.read(capture, ring, n -> { });
        KeptCuts kept = new KeptCuts(dir.resolve("kept"), Duration.ofDays(30), 64L << 20);

        ConsoleConfig cc = ConsoleEndToEndIT.consoleConfig(dir, topics);
        Map<String, Object> detectorProps = new HashMap<>(kafka.clientProps());
        detectorProps.put("main.consumer.heartbeat.interval.ms", 200);
        try (ring;
             EvidenceDesk desk = new EvidenceDesk(ring, kept, new EvidenceDesk.Settings(ConsoleEndToEndIT.SITE, "gw-1", topics,
                     kafka.clientProps()), EvidenceCut.Naming.TEXT, Clock.systemUTC()).start();
             Detector detector = new Detector(DetectorConfig.defaults(dir.resolve("state")).withTopics(topics)
                     .withApplicationId("console-packets"), detectorProps).start();
             Console console = new Console(cc, kafka.clientProps()).start();
             Browser browser = Browser.start()) {
            ConsoleEndToEndIT.waitFor("the evidence desk in its group", desk::assigned, 60);
            ConsoleEndToEndIT.replay(kafka.clientProps(), capture, topics);
            ConsoleEndToEndIT.waitFor("the scan in the console", () -> !ConsoleEndToEndIT.scans(console).isEmpty(), 90);
            String id = ConsoleEndToEndIT.scans(console).get(0).alert().id();
            // the detector asked for the cut; the collector kept the scan's packets without anyone asking
            ConsoleEndToEndIT.waitFor("the cut kept", () -> Files.isRegularFile(kept.pcap(id)), 60);

            String url = "https://127.0.0.1:" + console.port();
            browser.open(url + "/alerts/" + id);
            browser.type("#user", "ana").type("#password", "night shift pass").click("#signin-local");
            ConsoleEndToEndIT.waitFor("the alert page", () -> browser.has("#fetch-packets"), 15);
            browser.click("#fetch-packets");
            ConsoleEndToEndIT.waitFor("the packets fetched", () -> browser.has("#packets-summary"), 90);
            long packets = kept.get(id).orElseThrow().packets();
            assertThat(packets).as("every probe and answer, a minute either side").isGreaterThanOrEqualTo(400);
            assertThat(browser.text("#packets-summary")).startsWith(String.format(java.util.Locale.UK, "%,d packets, ", packets))
                    .contains("from collector gw-1").contains("fetched by ana");
            browser.driver().manage().window().setSize(new Dimension(1400, 1600));
            browser.script("document.getElementById('packets').scrollIntoView()");
            browser.screenshot(Path.of("target/screenshots/console-packets.png"));

            Object b64 = browser.script("return fetch('/alerts/" + id + "/packets.pcap').then(r => r.arrayBuffer()).then(b => {"
                    + "let s = ''; const u = new Uint8Array(b); for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);"
                    + " return btoa(s); });");
            assertThat(Base64.getDecoder().decode(String.valueOf(b64))).isEqualTo(Files.readAllBytes(kept.pcap(id)));

            var audit = kafka.consume(topics.consoleAudit(), JsonSerde.consoleEvents(),
                    l -> l.stream().filter(r -> r.value().event().equals(ConsoleEvent.PACKETS_FETCHED)).count() >= 2,
                    Duration.ofSeconds(20));
            assertThat(audit).filteredOn(r -> r.value().event().equals(ConsoleEvent.PACKETS_FETCHED))
                    .extracting(r -> r.value().user() + " " + r.value().subject())
                    .containsExactly("ana " + id, "ana " + id);
        }
    }
}
