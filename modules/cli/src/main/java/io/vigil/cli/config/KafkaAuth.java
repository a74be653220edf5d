package io.vigil.cli.config;

import static io.vigil.runtime.config.Setting.path;
import static io.vigil.runtime.config.Setting.text;

import io.vigil.runtime.Tls;
import io.vigil.runtime.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a role proves who it is to Kafka, declared once for every role: mutual TLS (a client
 * certificate) or SASL/SCRAM-SHA-512 over TLS (a user and a password, the password from a file
 * with {@code ${file:PATH}}). Vigil writes the Kafka client settings these need, so a site
 * cannot get one half of them wrong; the {@code kafka} section keeps the cluster's address and
 * trust ({@code ssl.truststore.*}), and may not set what this owns.
 */
public final class KafkaAuth {

    public static final Setting<String> MECHANISM = text("kafka-auth.mechanism", "none",
            "how this role proves who it is to Kafka: `none`, `mtls` (client certificate) or `scram-sha-512` (over TLS)")
            .check(v -> Set.of("none", "mtls", "scram-sha-512").contains(v) ? null
                    : "'" + v + "' is not none, mtls or scram-sha-512");
    public static final Setting<String> USERNAME = text("kafka-auth.username", null, "the SCRAM user (scram-sha-512)");
    public static final Setting<String> PASSWORD = text("kafka-auth.password", null,
            "the SCRAM user's password: write `${file:PATH}` to read it from a file only this role can read");
    public static final Setting<Path> KEYSTORE = path("kafka-auth.keystore", null,
            "PKCS12 keystore with this role's client certificate and key (mtls)");
    public static final Setting<String> KEYSTORE_PASSWORD = text("kafka-auth.keystore-password", null,
            "its password: write `${file:PATH}`");

    public static final List<Setting<?>> ALL = List.of(MECHANISM, USERNAME, PASSWORD, KEYSTORE, KEYSTORE_PASSWORD);

    /** Client keys this owns once a mechanism is chosen. */
    private static final List<String> OWNED = List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config",
            "ssl.keystore.location", "ssl.keystore.password", "ssl.keystore.type", "ssl.key.password");

    private KafkaAuth() {}

    /**
     * The Kafka client settings: the {@code kafka} section with what the mechanism needs added.
     * Problems go to {@code problems}: a mechanism without its secret, a keystore that does not
     * open, a key of the section this owns.
     */
    public static Map<String, String> clientProps(Setting.Values v, List<String> problems) {
        Map<String, String> kafka = new HashMap<>(v.get(CommonKeys.KAFKA));
        String mechanism = v.get(MECHANISM);
        String bad = MECHANISM.problem(mechanism);
        if (bad != null) problems.add(bad);
        if (mechanism == null || mechanism.equals("none")) return kafka;
        for (String k : OWNED) {
            if (kafka.containsKey(k)) problems.add("kafka." + k + ": kafka-auth.mechanism " + mechanism + " sets it; remove it");
        }
        if (mechanism.equals("mtls")) {
            Path ks = v.get(KEYSTORE);
            String pw = v.get(KEYSTORE_PASSWORD);
            if (ks == null || pw == null) {
                problems.add("kafka-auth: mtls needs kafka-auth.keystore and kafka-auth.keystore-password");
                return kafka;
            }
            if (!Files.isReadable(ks)) {
                problems.add("kafka-auth.keystore: " + ks + " is not a readable file");
                return kafka;
            }
            try {
                Tls.context(null, null, ks, pw);
            } catch (IllegalArgumentException e) {
                problems.add("kafka-auth.keystore: " + e.getMessage());
            }
            kafka.put("security.protocol", "SSL");
            kafka.put("ssl.keystore.type", "PKCS12");
            kafka.put("ssl.keystore.location", ks.toString());
            kafka.put("ssl.keystore.password", pw);
            kafka.put("ssl.key.password", pw);
        } else if (mechanism.equals("scram-sha-512")) {
            String user = v.get(USERNAME), pw = v.get(PASSWORD);
            if (user == null || user.isBlank() || pw == null || pw.isEmpty()) {
                problems.add("kafka-auth: scram-sha-512 needs kafka-auth.username and kafka-auth.password");
                return kafka;
            }
            kafka.put("security.protocol", "SASL_SSL");
            kafka.put("sasl.mechanism", "SCRAM-SHA-512");
            kafka.put("sasl.jaas.config", jaas(user, pw));
        }
        return kafka;
    }

    /** The SCRAM login module line, the user and password quoted as JAAS reads them. */
    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + quote(user)
                + "\" password=\"" + quote(password) + "\";";
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
