package io.vigil.detector;

import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import io.vigil.model.JsonSerde;
import io.vigil.model.Severity;
import io.vigil.model.SiteTraffic;
import io.vigil.testkit.Flows;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A surge of the whole site that no single host's baseline would call out. */
class SiteVolumeTest {

    @TempDir
    Path state;


    static FlowRecord upload(String host, long at, long bytes) {
        return FlowRecord.builder().site(Flows.SITE).collector("c").flowId(host + at).start(at).end(at + 300).proto("tcp")
                .src(host, 40000 + (int) (at % 20000)).dst("198.51.100.80", 443).out(20, bytes).in(10, 3000)
                .tcpFlags(0x1b, 0x1b).tcpState("established").endReason("fin").direction(Direction.OUTBOUND).build();
    }

    @Test
    void aSiteWideSurgeIsReportedAtLowWhenNoHostStandsOut() {
        DetectorConfig config = DetectorConfig.defaults(state);
        List<FlowRecord> flows = new ArrayList<>();
        Random r = new Random(3);
        // 40 hosts, 90 minutes of ~200 KB a minute each (site: ~8 MB a minute)
        for (int m = 0; m < 90; m++) {
            for (int h = 1; h <= 40; h++) {
                flows.add(upload("10.10.5." + h, T0 + m * 60_000L + r.nextInt(59_000), 150_000 + r.nextInt(100_000)));
            }
        }
        // then one minute in which each sends 15 MB: under the 50 MB host floor, 600 MB for the site
        // (thirty on TLS 1.3, eight on 1.2, one on TLS 1.0 and one on plain HTTP, for the scorecard)
        for (int h = 1; h <= 40; h++) {
            FlowRecord f = upload("10.10.5." + h, T0 + 91 * 60_000L + r.nextInt(50_000), 15L << 20);
            FlowRecord.Builder b = f.toBuilder().appProto(h == 40 ? "http" : "tls");
            if (h < 40) b.tlsVersion(h <= 30 ? "1.3" : h <= 38 ? "1.2" : "1.0");
            flows.add(b.build());
        }
        // and a few more minutes of ordinary traffic so the surge minute closes
        for (int m = 92; m < 96; m++) {
            for (int h = 1; h <= 40; h++) flows.add(upload("10.10.5." + h, T0 + m * 60_000L + r.nextInt(59_000), 200_000));
        }
        flows.sort(Comparator.comparingLong(FlowRecord::end));

        List<Alert> alerts;
        List<SiteTraffic> traffic;
        try (TopologyTestDriver driver = new TopologyTestDriver(DetectorTopology.build(config),
                Detector.streamsProperties(config, Map.of("bootstrap.servers", "unused:9092")))) {
            TestInputTopic<String, FlowRecord> in = driver.createInputTopic(config.topics().flows(), new StringSerializer(),
                    JsonSerde.flows());
            for (FlowRecord f : flows) in.pipeInput(Flows.key(f), f, f.end());
            alerts = driver.createOutputTopic(config.topics().alerts(), new StringDeserializer(), JsonSerde.alerts())
                    .readValuesToList();
            traffic = driver.createOutputTopic(config.topics().traffic(), new StringDeserializer(), JsonSerde.traffic())
                    .readValuesToList();
        }

        // the edge's bandwidth, a record per closed minute: the surge minute carries every byte of it
        long surgeMinute = T0 + 91 * 60_000L;
        long sentInSurge = flows.stream().filter(f -> f.end() / 60_000 * 60_000 == surgeMinute).mapToLong(FlowRecord::bytesOut).sum();
        assertThat(traffic).extracting(t -> t.minute().toEpochMilli()).doesNotHaveDuplicates().contains(surgeMinute);
        assertThat(traffic).filteredOn(t -> t.minute().toEpochMilli() == surgeMinute).singleElement().satisfies(t -> {
            assertThat(t.site()).isEqualTo(Flows.SITE);
            assertThat(t.sentBytes()).isEqualTo(sentInSurge);
            assertThat(t.receivedBytes()).isEqualTo(40 * 3000L);
            assertThat(t.connections()).isEqualTo(40);
            assertThat(t.tls()).isEqualTo(new SiteTraffic.Tls(30, 8, 1, 1));
        });

        assertThat(alerts).as("no host volume alert (the TLS 1.0 and HTTP uploads are insecure protocols)")
                .noneMatch(a -> a.src() != null && a.type() != AlertType.INSECURE_PROTOCOL);
        assertThat(alerts).filteredOn(a -> a.type() == AlertType.VOLUME_ANOMALY).first().satisfies(a -> {
            assertThat(a.site()).isEqualTo(Flows.SITE);
            assertThat(a.severity()).isEqualTo(Severity.LOW);
            assertThat(a.observed()).isEqualTo(40.0 * (15L << 20));
            assertThat(a.firstSeen()).isEqualTo(Instant.ofEpochMilli(T0 + 91 * 60_000L));
            assertThat(a.evidence()).containsEntry("measure", "bytes");
        });
    }
}
