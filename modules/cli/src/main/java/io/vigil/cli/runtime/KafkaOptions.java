package io.vigil.cli.runtime;

import io.vigil.runtime.config.PropertiesFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where Kafka is. Without {@code --bootstrap} a command starts the in-process broker.
 * {@code --kafka-config} takes a standard client properties file ({@code security.protocol},
 * {@code ssl.*}, {@code sasl.*}...) passed to every client untouched; {@code VIGIL_KAFKA__*}
 * environment variables override it ({@code VIGIL_KAFKA__SSL_TRUSTSTORE_LOCATION} is
 * {@code ssl.truststore.location}), the same convention as the role config files.
 */
public final class KafkaOptions {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers; without it an in-process broker is started")
    String bootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (ssl.*, sasl.*, ...), passed through untouched")
    Path kafkaConfig;

    /** Options naming a cluster, as {@code --bootstrap HOST:PORT} would. */
    public static KafkaOptions of(String bootstrap) {
        KafkaOptions o = new KafkaOptions();
        o.bootstrap = bootstrap;
        return o;
    }

    public boolean embedded() {
        return bootstrap == null;
    }

    /** The client properties from the file and environment, without bootstrap.servers. */
    public Map<String, Object> clientProps() {
        Map<String, Object> p = new HashMap<>();
        if (kafkaConfig != null) p.putAll(PropertiesFile.read(kafkaConfig, "--kafka-config"));
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("VIGIL_KAFKA__")) p.put(k.substring(13).toLowerCase().replace('_', '.'), v);
        });
        if (bootstrap != null) p.put("bootstrap.servers", bootstrap);
        return p;
    }
}
