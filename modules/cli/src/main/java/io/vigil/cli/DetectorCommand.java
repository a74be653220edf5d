package io.vigil.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.cli.config.CheckOutput;
import io.vigil.cli.config.DetectorSettings;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OpsServer;
import io.vigil.cli.runtime.Shutdown;
import io.vigil.detector.Detector;
import io.vigil.detector.DetectorConfig;
import io.vigil.detector.spi.Thresholds;
import io.vigil.runtime.config.ConfigTree;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vigil detector}: the Kafka Streams role, until stopped. */
@Command(name = "detector", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = SettingFlags.class,
        description = {"Run the detector role: flows and heartbeats in, alerts out, until stopped.",
                "Reads vigil.flows.v1 and vigil.heartbeats.v1 and writes alerts to vigil.alerts.v1. Start more "
                + "instances with the same application-id to share the work. Thresholds, per-site overrides and "
                + "the allowlist come from --config (docs/configuration.md)."})
final class DetectorCommand implements Callable<Integer> {

    @Mixin
    RoleOptions role;

    @Override
    public Integer call() throws Exception {
        ConfigTree tree = role.tree();
        DetectorSettings.Loaded loaded = DetectorSettings.read(tree, DetectorSettings.sites(tree));
        Integer stop = CheckOutput.stopIfInvalidOrChecking(tree, "detector", loaded.problems(), role.check, loaded.effective());
        if (stop != null) return stop;
        DetectorConfig c = loaded.config();
        try (KafkaEndpoint endpoint = KafkaEndpoint.forRole(loaded.kafka())) {
            endpoint.ensureTopics(c.topics(), 2, java.time.Duration.ofDays(7).toMillis());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Map<String, Object> props = new HashMap<>(endpoint.clientProps());
            try (Detector detector = new Detector(c, props).start();
                 OpsServer ops = OpsServer.start(loaded.ops(), registry, () -> new OpsServer.Health(
                         detector.health(), Map.of("state", detector.state().toString(),
                         "application_id", c.applicationId(), "reasons", detector.healthReasons(),
                         "thread_deaths", detector.threadDeaths())))) {
                detector.bindMetrics(registry);
                System.err.println("vigil detector: running on " + endpoint.bootstrap() + " application-id="
                        + c.applicationId() + "; metrics and health on " + loaded.ops().bind() + ":" + ops.port()
                        + "; Ctrl-C to stop");
                Shutdown.awaitShutdown();
            }
        }
        return ExitCodes.OK;
    }
}
