package io.vigil.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.cli.admin.AccessPlan;
import io.vigil.cli.config.ClusterKeys;
import io.vigil.cli.config.CheckOutput;
import io.vigil.cli.config.CollectorSettings;
import io.vigil.cli.runtime.CaptureInputs;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OpsServer;
import io.vigil.cli.runtime.Progress;
import io.vigil.cli.runtime.RoleRunner;
import io.vigil.collector.CaptureReplay;
import io.vigil.collector.Collector;
import io.vigil.collector.CollectorConfig;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.runtime.config.ConfigTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil collector}: the capture agent on a site gateway. */
@Command(name = "collector", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = SettingFlags.class,
        description = {"Run the collector role: capture packets, build flows, publish them to Kafka.",
                "Live from an interface until stopped (--interface), or replaying files (--read), after which it "
                + "publishes the end-of-input marker. Settings: a config file (--config, docs/configuration.md), "
                + "then VIGIL_* environment variables, then these flags. Without kafka.bootstrap.servers anywhere, "
                + "an in-process broker is started (for trials)."})
final class CollectorCommand implements Callable<Integer> {

    @Mixin
    RoleOptions role;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar or summary on stderr")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        ConfigTree tree = role.tree();
        CollectorSettings.Loaded loaded = CollectorSettings.read(tree);
        Integer stop = CheckOutput.stopIfInvalidOrChecking(tree, "collector", loaded.problems(), role.check, loaded.effective(), loaded.config().kafka());
        if (stop != null) return stop;
        CollectorConfig c = loaded.config();
        if (!c.capture().files().isEmpty()) CaptureInputs.preflight(c.capture().files());
        try (KafkaEndpoint endpoint = KafkaEndpoint.forRole(c.kafka())) {
            if (endpoint.isEmbedded()) {
                System.err.println("vigil collector: no kafka.bootstrap.servers given; using an in-process broker at "
                        + endpoint.bootstrap());
                c = withBootstrap(c, endpoint.bootstrap());
            }
            endpoint.prepareFor(ClusterKeys.access(c.topics()), AccessPlan.Role.COLLECTOR);
            if (!c.capture().files().isEmpty()) return replay(c, loaded.ops());
            return RoleRunner.run("vigil collector", loaded.ops(), null, List.of(new Collector(c)));
        }
    }

    /** The files read once, with the metrics endpoint up meanwhile; then the end-of-input marker. */
    private int replay(CollectorConfig c, OpsServer.Settings opsSettings) throws Exception {
        long total = 0;
        for (Path f : c.capture().files()) total += Files.size(f);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CaptureReplay.Outcome outcome;
        long published;
        try (Collector collector = new Collector(c);
             OpsServer ops = OpsServer.start(opsSettings, registry, collector::health);
             Progress progress = Progress.bytes("reading", total, quiet)) {
            collector.bindMetrics(registry);
            outcome = collector.replay(progress::to);
            published = collector.flowStats().recordsExported.get();
        } catch (CaptureInputException e) {
            throw new UserException(e.getMessage());
        }
        if (!quiet) {
            System.err.printf("vigil collector: %d packets, %d flow records published to %s%n", outcome.packets(), published,
                    c.topics().flows());
        }
        return CaptureInputs.reportDamage(outcome.files());
    }

    private static CollectorConfig withBootstrap(CollectorConfig c, String bootstrap) {
        Map<String, String> k = new HashMap<>(c.kafka());
        k.put("bootstrap.servers", bootstrap);
        return new CollectorConfig(c.site(), c.collectorId(), c.internal(), c.capture(), c.flow(), c.namespace(), k,
                c.spoolDir(), c.spoolMaxBytes(), c.heartbeatInterval(), c.pseudonymiseKeyFile(),
                c.internalZones(), c.evidence(), c.binaryFlows());
    }
}
