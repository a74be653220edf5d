package io.vigil.cli.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OpsServer;
import io.vigil.detector.DetectorConfig;
import io.vigil.detector.Detectors;
import io.vigil.detector.spi.Allowlist;
import io.vigil.detector.spi.Thresholds;
import io.vigil.model.AlertType;
import io.vigil.model.Topics;
import io.vigil.model.WeeklySummary;
import io.vigil.runtime.config.ConfigTree;
import io.vigil.runtime.config.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link DetectorConfig} from a {@link ConfigTree}: thresholds for every site, a
 * {@code sites} section whose entries override any of them for one site, and the allowlist.
 */
public final class DetectorSettings {

    public record Loaded(DetectorConfig config, Map<String, String> kafka, OpsServer.Settings ops, List<String> problems,
                  ObjectNode effective) {}

    private DetectorSettings() {}

    public static Loaded read(ConfigTree t, Set<String> siteNames) {
        Thresholds defaults = Detectors.thresholds().read(t, "thresholds");
        Map<String, Thresholds> sites = new LinkedHashMap<>();
        for (String site : siteNames) sites.put(site, defaults.read(t, "sites." + site + ".thresholds"));
        List<Allowlist.Rule> rules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int n = t.count("allow");
        for (int i = 0; i < n; i++) {
            String p = "allow." + i;
            Set<AlertType> types = new LinkedHashSet<>();
            for (String s : t.list(p + ".types", List.of())) {
                try {
                    types.add(AlertType.parse(s));
                } catch (IllegalArgumentException e) {
                    problems.add("allow." + i + ".types: " + e.getMessage());
                }
            }
            rules.add(new Allowlist.Rule(types, t.string(p + ".site", null), t.list(p + ".src", List.of()),
                    t.list(p + ".dst", List.of()), t.string(p + ".reason", null)));
        }
        Setting.Values v = Setting.Values.read(t, DetectorKeys.ALL);
        Topics topics;
        try {
            topics = new Topics(v.get(CommonKeys.NAMESPACE));
        } catch (IllegalArgumentException e) {
            problems.add("namespace: " + e.getMessage());
            topics = Topics.DEFAULT;
        }
        DetectorConfig c = new DetectorConfig(v.get(DetectorKeys.APPLICATION_ID), topics, v.get(DetectorKeys.STATE_DIR),
                v.get(DetectorKeys.THREADS), v.get(DetectorKeys.COMMIT_INTERVAL), defaults, sites, new Allowlist(rules),
                v.get(DetectorKeys.SILENT_AFTER), v.get(DetectorKeys.NO_TRAFFIC_AFTER), v.get(DetectorKeys.STATE_MEMORY));
        Map<String, String> kafka = KafkaAuth.clientProps(v, problems);
        OpsServer.Settings ops = CommonKeys.ops(v);
        // read here so they are known keys, checked with the rest; the weekly report uses them
        Map<String, WeeklySummary.Capacity> capacities = Capacities.read(t);
        List<String> all = new ArrayList<>(t.problems());
        all.addAll(problems);
        all.addAll(c.problems());
        all.addAll(ops.problems());
        all.addAll(KafkaEndpoint.problems(kafka));
        ObjectNode effective = v.effective();
        effective.set("thresholds", ConfigTree.YAML.valueToTree(c.defaults().shown()));
        ObjectNode siteNode = effective.putObject("sites");
        c.sites().forEach((site, th) -> siteNode.putObject(site).set("thresholds", ConfigTree.YAML.valueToTree(th.shown())));
        capacities.forEach((site, cap) -> (siteNode.has(site) ? (ObjectNode) siteNode.get(site) : siteNode.putObject(site))
                .putObject("capacity")
                .put("upload", cap.uploadBps() + "bit").put("download", cap.downloadBps() + "bit"));
        effective.set("allow", ConfigTree.YAML.valueToTree(c.allowlist().rules()));
        return new Loaded(c, kafka, ops, t.located(all), effective);
    }

    /** The site names that have a section of their own. */
    public static Set<String> sites(ConfigTree t) {
        return t.keys("sites");
    }
}
