package io.vigil.cli.config;

import io.vigil.cli.runtime.OpsServer;
import io.vigil.model.Topics;
import io.vigil.runtime.config.Setting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The settings every long-running role has: its topics' namespace, the Kafka client, the metrics endpoint. */
public final class CommonKeys {

    public static final Setting<String> NAMESPACE = Setting.text("namespace", Topics.DEFAULT.namespace(),
            "prefix of every topic (`NAMESPACE.flows.v1`, …); the same for every role of one deployment");
    public static final Setting<Map<String, String>> KAFKA = Setting.section("kafka",
            "Kafka client properties, passed through (`bootstrap.servers`, `security.protocol`, `ssl.*`, `sasl.*`); "
                    + "keys Vigil owns for safety are refused");
    public static final Setting<String> METRICS_BIND = Setting.text("metrics.bind", "127.0.0.1",
            "address of `/metrics` and `/health`; other than loopback needs a keystore");
    public static final Setting<Integer> METRICS_PORT = Setting.number("metrics.port", 9464,
            "port of `/metrics` and `/health` (0: any free port)");
    public static final Setting<Path> METRICS_KEYSTORE = Setting.path("metrics.tls-keystore", null,
            "PKCS12 keystore: the endpoint speaks TLS 1.2/1.3 only");
    public static final Setting<String> METRICS_KEYSTORE_PASSWORD = Setting.text("metrics.tls-keystore-password", null,
            "its password (write `${file:PATH}` to keep it out of the file)");

    private CommonKeys() {}

    /** The topics of the namespace read, or the default ones with the problem said under {@code namespace}. */
    static Topics topics(Setting.Values v, List<String> problems) {
        try {
            return new Topics(v.get(NAMESPACE));
        } catch (IllegalArgumentException e) {
            problems.add("namespace: " + e.getMessage());
            return Topics.DEFAULT;
        }
    }

    /** The metrics endpoint's settings with the role's own default port. */
    static List<Setting<?>> metrics(int port) {
        return List.of(METRICS_BIND, METRICS_PORT.withDefault(port), METRICS_KEYSTORE, METRICS_KEYSTORE_PASSWORD);
    }

    static OpsServer.Settings ops(Setting.Values v) {
        return new OpsServer.Settings(v.get(METRICS_BIND), v.get(METRICS_PORT), v.get(METRICS_KEYSTORE),
                v.get(METRICS_KEYSTORE_PASSWORD));
    }
}
