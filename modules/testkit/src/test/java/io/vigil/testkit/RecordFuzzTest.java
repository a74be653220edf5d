package io.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.EndOfInputAck;
import io.vigil.model.FlowRecord;
import io.vigil.model.Heartbeat;
import io.vigil.model.JsonSerde;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Severity;
import io.vigil.model.SiteTraffic;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * Mutated bytes against every shared record deserializer (the records on every topic): a
 * deserializer may only return a record that passes its own validation, or refuse with a
 * one-line {@link SerializationException} — which every role dead-letters. Any other
 * exception would escape the roles' handlers. Lives here, beside the fuzzer, because the
 * model module must not depend on the test kit.
 */
class RecordFuzzTest {

    static final Instant T = Instant.parse("2026-11-02T09:00:00Z");

    @Test
    void flowRecords() {
        FlowRecord session = Flows.session("10.10.2.15", "198.51.100.80", 443, T.toEpochMilli(), 300, 1500, 9000, "tls", "1.3");
        fuzz(JsonSerde.flows(), List.of(session,
                Flows.dns("10.10.2.50", "10.10.0.53", T.toEpochMilli(), "TXT", List.of("x1.t.example.org", "b.example"), 3),
                session.toBuilder().cleartextLogin("ftp PASS").build(),
                FlowRecord.endOfInput("s", "c", 5, new FlowRecord.EndOfInput("r", 1, 2))), 1);
    }

    @Test
    void alerts() {
        Alert a = new Alert(Alert.VERSION, "id-1", AlertType.PORT_SCAN, Severity.HIGH, Alert.ACTIVE, "s", "198.51.100.23",
                "10.10.1.10", List.of("10.10.1.10", "10.10.1.11"), T, T.plusSeconds(5), T.plusSeconds(1),
                T.plusSeconds(60), 2, 30, new Alert.Baseline(15, 0, 0), "a summary", Map.of("ports", 120, "k", "v"),
                List.of("T1046"));
        fuzz(JsonSerde.alerts(), List.of(a), 2);
    }

    @Test
    void heartbeatsNotificationsTrafficAndAcks() {
        long ts = T.toEpochMilli();
        fuzz(JsonSerde.heartbeats(), List.of(new Heartbeat(Heartbeat.VERSION, "gw-1", "clinic-north", ts, ts, 1000, 50_000,
                0, 20, 5, 0, 0)), 3);
        fuzz(JsonSerde.notifications(), List.of(new NotificationAttempt(NotificationAttempt.VERSION, "id-1", "port_scan",
                "high", "clinic-north", "soc", "webhook", "raised", 1, "delivered", null, T, T.plusMillis(40), 40),
                new NotificationAttempt(NotificationAttempt.VERSION, "id-2", "exfiltration", "high", "clinic-north", "soc",
                        "email", "raised", 3, "failed", "connection refused", T, T.plusMillis(4000), 4000)), 4);
        fuzz(JsonSerde.traffic(), List.of(new SiteTraffic(SiteTraffic.VERSION, "clinic-north", T, 1_000_000, 5_000_000, 42)), 5);
        fuzz(JsonSerde.acks(), List.of(new EndOfInputAck(EndOfInputAck.VERSION, "run-1", "host", 0, 2)), 6);
    }

    static <T> void fuzz(JsonSerde<T> serde, List<T> records, long seed) {
        List<byte[]> seeds = records.stream().map(r -> serde.serialize("t", r)).toList();
        for (T r : records) assertThat(serde.deserialize("t", serde.serialize("t", r))).as("a seed reads back").isEqualTo(r);
        int[] outcomes = new int[2];
        new Mutator(seed).run(seeds, Mutator.iterations(5000), b -> {
            try {
                assertThat(serde.deserialize("t", b)).isNotNull();
                outcomes[0]++;
            } catch (SerializationException refused) {
                assertThat(refused.getMessage()).isNotBlank().doesNotContain("\n");
                outcomes[1]++;
            }
        });
        assertThat(outcomes[1]).as("the mutants reach the refusals").isPositive();
    }
}
