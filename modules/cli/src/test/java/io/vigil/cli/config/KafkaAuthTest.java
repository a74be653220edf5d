package io.vigil.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.runtime.config.ConfigTree;
import io.vigil.runtime.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a role proves itself to Kafka: written into the client settings, refused without its secret. */
class KafkaAuthTest {

    @TempDir
    Path dir;

    List<String> problems = new ArrayList<>();

    Map<String, String> read(String yaml) throws Exception {
        ConfigTree t = ConfigTree.load(Files.writeString(dir.resolve("r.yaml"), yaml), Map.of());
        List<Setting<?>> keys = new ArrayList<>(KafkaAuth.ALL);
        keys.add(CommonKeys.KAFKA);
        Map<String, String> props = KafkaAuth.clientProps(Setting.Values.read(t, keys), problems);
        problems.addAll(t.problems());
        return props;
    }

    @Test
    void scramIsOverTlsWithThePasswordFromItsFileQuotedForJaas() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "a\"b\\c\n");
        Map<String, String> p = read("kafka: {bootstrap.servers: 'k:9093'}\n"
                + "kafka-auth: {mechanism: scram-sha-512, username: detector, password: '${file:" + pw + "}'}\n");
        assertThat(problems).isEmpty();
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"detector\" password=\"a\\\"b\\\\c\";");
        assertThat(io.vigil.cli.admin.ClientIdentity.describe(p)).isEqualTo("SASL/SCRAM-SHA-512 over TLS as user detector").doesNotContain("a\"b");
    }

    @Test
    void aMechanismWithoutItsSecretOrWithAKeyItOwnsIsAProblem() throws Exception {
        read("kafka: {bootstrap.servers: 'k:9093', security.protocol: SSL}\nkafka-auth: {mechanism: scram-sha-512, username: d}\n");
        assertThat(problems).containsExactly("kafka.security.protocol: kafka-auth.mechanism scram-sha-512 sets it; remove it",
                "kafka-auth: scram-sha-512 needs kafka-auth.username and kafka-auth.password");
        problems.clear();
        read("kafka-auth: {mechanism: mtls}\n");
        assertThat(problems).containsExactly("kafka-auth: mtls needs kafka-auth.keystore and kafka-auth.keystore-password");
        problems.clear();
        read("kafka-auth: {mechanism: kerberos}\n");
        assertThat(problems).anyMatch(s -> s.contains("'kerberos' is not none, mtls or scram-sha-512"));
    }

    @Test
    void withoutAMechanismTheSectionIsPassedAsItIsAndSaidPlainly() throws Exception {
        Map<String, String> p = read("kafka: {bootstrap.servers: 'k:9093', security.protocol: SSL}\n");
        assertThat(problems).isEmpty();
        assertThat(io.vigil.cli.admin.ClientIdentity.describe(p)).startsWith("TLS without a client certificate");
        assertThat(io.vigil.cli.admin.ClientIdentity.describe(Map.of("bootstrap.servers", "127.0.0.1:9092"))).isEqualTo("plaintext, no authentication");
    }
}
