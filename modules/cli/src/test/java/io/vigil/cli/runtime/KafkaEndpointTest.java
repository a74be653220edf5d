package io.vigil.cli.runtime;

import io.vigil.cli.UserException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vigil's Kafka clients speak TLS 1.2+ and do not reach a cluster off the host in plaintext by default. */
class KafkaEndpointTest {

    @Test
    void oldTlsAndSilentPlaintextOffTheHostAreRefusedWithTheKeyAsWritten() {
        assertThat(KafkaEndpoint.problems(Map.of("bootstrap.servers", "kafka-1.example.org:9093",
                "security.protocol", "SSL", "ssl.enabled.protocols", "TLSv1.2, TLSv1.1")))
                .containsExactly("kafka.ssl.enabled.protocols: TLSv1.1 is refused; Vigil speaks TLSv1.2 or TLSv1.3 only");
        assertThat(KafkaEndpoint.problems(Map.of("bootstrap.servers", "kafka-1.example.org:9093")))
                .singleElement().asString().startsWith("kafka.security.protocol: the cluster at kafka-1.example.org:9093");
        assertThat(KafkaEndpoint.problems(Map.of("bootstrap.servers", "10.0.0.5:9092", "security.protocol", "PLAINTEXT")))
                .as("plaintext said out loud is the user's choice").isEmpty();
        assertThat(KafkaEndpoint.problems(Map.of("bootstrap.servers", "127.0.0.1:9092,localhost:9093,[::1]:9094"))).isEmpty();
        assertThat(KafkaEndpoint.problems(Map.of("ssl.protocol", "TLSv1.3"))).isEmpty();
    }

    @Test
    void keysVigilOwnsForSafetyAreRefusedNotSilentlyOverwritten() {
        assertThat(KafkaEndpoint.problems(Map.of("bootstrap.servers", "127.0.0.1:9092", "acks", "1",
                "producer.enable.idempotence", "false", "isolation.level", "read_uncommitted", "linger.ms", "50")))
                .containsExactlyInAnyOrder(
                        "kafka.acks: Vigil sets this itself (producers are idempotent with acks=all, so no record is lost "
                                + "or doubled); remove it",
                        "kafka.producer.enable.idempotence: Vigil sets this itself (producers are idempotent with acks=all, "
                                + "so no record is lost or doubled); remove it",
                        "kafka.isolation.level: Vigil sets this itself (only committed records are read: an aborted alert "
                                + "must never page anyone); remove it");
    }

    @Test
    void everyClientDefaultsToTls13And12AndAConnectWithOldTlsIsAUserError() {
        assertThat(KafkaEndpoint.tlsDefaults(Map.of("security.protocol", "SSL")))
                .containsEntry("ssl.enabled.protocols", "TLSv1.3,TLSv1.2");
        assertThat(KafkaEndpoint.tlsDefaults(Map.of("ssl.enabled.protocols", "TLSv1.3")))
                .containsEntry("ssl.enabled.protocols", "TLSv1.3");
        assertThatThrownBy(() -> KafkaEndpoint.connect(Map.of("bootstrap.servers", "127.0.0.1:1", "ssl.protocol", "TLSv1")))
                .isInstanceOf(UserException.class).hasMessageContaining("kafka.ssl.protocol: TLSv1 is refused");
    }
}
