package io.vigil.cli;

import io.vigil.cli.admin.AccessPlan;
import io.vigil.cli.config.CheckOutput;
import io.vigil.cli.config.NotifierKeys;
import io.vigil.cli.config.DetectorSettings;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.RoleRunner;
import io.vigil.detector.Detector;
import io.vigil.detector.DetectorConfig;
import io.vigil.runtime.config.ConfigTree;
import java.time.Duration;
import java.util.List;
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
        Integer stop = CheckOutput.stopIfInvalidOrChecking(tree, "detector", loaded.problems(), role.check, loaded.effective(), loaded.kafka());
        if (stop != null) return stop;
        DetectorConfig c = loaded.config();
        try (KafkaEndpoint endpoint = KafkaEndpoint.forRole(loaded.kafka())) {
            endpoint.prepareFor(new AccessPlan(c.topics(), c.applicationId(), NotifierKeys.GROUP_ID.def()),
                    AccessPlan.Role.DETECTOR);
            return RoleRunner.run("vigil detector", loaded.ops(), null, List.of(new Detector(c, endpoint.clientProps())));
        }
    }
}
