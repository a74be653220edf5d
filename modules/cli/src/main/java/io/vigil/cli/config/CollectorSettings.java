package io.vigil.cli.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OpsServer;
import io.vigil.collector.CollectorConfig;
import io.vigil.collector.netflow.ListenAddress;
import io.vigil.collector.privacy.HmacPseudonymizer;
import io.vigil.runtime.config.ConfigTree;
import io.vigil.runtime.config.Setting;
import java.util.ArrayList;
import java.util.List;

/** Reads a {@link CollectorConfig} and the ops settings out of a {@link ConfigTree}. */
public final class CollectorSettings {

    public record Loaded(CollectorConfig config, OpsServer.Settings ops, List<String> problems, ObjectNode effective) {}

    private CollectorSettings() {}

    public static Loaded read(ConfigTree t) {
        Setting.Values v = Setting.Values.read(t, CollectorKeys.ALL);
        List<String> problems = new ArrayList<>(t.problems());
        CollectorConfig c = CollectorKeys.config(v, KafkaAuth.clientProps(v, problems));
        OpsServer.Settings ops = CommonKeys.ops(v);
        for (String p : c.problems()) {
            // bootstrap may come from the embedded default, decided by the caller
            if (!p.startsWith("kafka.bootstrap.servers")) problems.add(p);
        }
        problems.addAll(ops.problems());
        if (c.capture().netflow() != null) {
            try {
                ListenAddress.parse(c.capture().netflow());
            } catch (IllegalArgumentException e) {
                problems.add("capture.netflow: " + e.getMessage());
            }
        }
        problems.addAll(KafkaEndpoint.problems(c.kafka()));
        if (c.pseudonymiseKeyFile() != null) {
            // the same reading the collector does at start: length and who else can read it
            try {
                HmacPseudonymizer.fromKeyFile(c.pseudonymiseKeyFile());
            } catch (IllegalArgumentException e) {
                problems.add("pseudonymise.key-file: " + e.getMessage());
            }
        }
        // the id the collector will use, so the output reads back as the same collector
        v.settle(CollectorKeys.COLLECTOR_ID, c.collectorId());
        return new Loaded(c, ops, t.located(problems), v.effective());
    }
}
