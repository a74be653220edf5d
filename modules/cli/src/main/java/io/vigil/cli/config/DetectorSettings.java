package io.vigil.cli.config;

import static io.vigil.cli.config.ThresholdKeys.*;

import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OpsServer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.detector.Allowlist;
import io.vigil.detector.DetectorConfig;
import io.vigil.detector.Thresholds;
import io.vigil.detector.scan.PortScanConfig;
import io.vigil.model.AlertType;
import io.vigil.model.Topics;
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
        Thresholds defaults = thresholds(t, "thresholds", Thresholds.defaults());
        Map<String, Thresholds> sites = new LinkedHashMap<>();
        for (String site : siteNames) sites.put(site, thresholds(t, "sites." + site + ".thresholds", defaults));
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
                v.get(DetectorKeys.SILENT_AFTER));
        Map<String, String> kafka = v.get(CommonKeys.KAFKA);
        OpsServer.Settings ops = CommonKeys.ops(v);
        // read here so they are known keys, checked with the rest; the weekly report uses them
        Map<String, io.vigil.model.WeeklySummary.Capacity> capacities = Capacities.read(t);
        List<String> all = new ArrayList<>(t.problems());
        all.addAll(problems);
        all.addAll(c.problems());
        all.addAll(ops.problems());
        all.addAll(KafkaEndpoint.problems(kafka));
        ObjectNode effective = v.effective();
        effective.set("thresholds", ConfigTree.YAML.valueToTree(ThresholdKeys.tree(c.defaults())));
        ObjectNode siteNode = effective.putObject("sites");
        c.sites().forEach((site, th) -> siteNode.putObject(site).set("thresholds", ConfigTree.YAML.valueToTree(ThresholdKeys.tree(th))));
        capacities.forEach((site, cap) -> (siteNode.has(site) ? (ObjectNode) siteNode.get(site) : siteNode.putObject(site))
                .putObject("capacity")
                .put("upload", cap.uploadBps() + "bit").put("download", cap.downloadBps() + "bit"));
        effective.set("allow", ConfigTree.YAML.valueToTree(c.allowlist().rules()));
        return new Loaded(c, kafka, ops, t.located(all), effective);
    }

    /** Thresholds under {@code p}, each missing one taken from {@code d} (the keys: {@link ThresholdKeys}). */
    static Thresholds thresholds(ConfigTree t, String p, Thresholds d) {
        ThresholdKeys.Values v = new ThresholdKeys.Values(t, p, d);
        return new Thresholds(
                new PortScanConfig(v.get(PORT_SCAN_PORTS), v.get(PORT_SCAN_WINDOW)),
                new Thresholds.HostSweep(v.get(SWEEP_HOSTS), v.get(SWEEP_WINDOW)),
                new Thresholds.BruteForce(v.get(BRUTE_ATTEMPTS), v.get(BRUTE_WINDOW), v.get(BRUTE_MAX_DURATION),
                        v.get(BRUTE_MAX_SERVER_BYTES), v.get(BRUTE_PORTS), v.get(BRUTE_PROTOCOLS)),
                new Thresholds.SynFlood(v.get(FLOOD_INCOMPLETE), v.get(FLOOD_WINDOW), v.get(FLOOD_RATIO), v.get(FLOOD_MAX_PORTS)),
                new Thresholds.Exfiltration(v.get(EXFIL_FLOOR), v.get(EXFIL_FLOOR_10M), v.get(EXFIL_FLOOR_1H), v.get(EXFIL_Z),
                        v.get(EXFIL_NOVEL_PEER), v.get(EXFIL_MIN_RATIO)),
                new Thresholds.Volume(v.get(VOLUME_FLOOR), v.get(VOLUME_Z)),
                new Thresholds.Beaconing(v.get(BEACON_MIN_INTERVALS), v.get(BEACON_MAX_JITTER), v.get(BEACON_MIN_PERIOD),
                        v.get(BEACON_MAX_PERIOD), v.get(BEACON_MAX_BYTES), v.get(BEACON_MIN_SCORE)),
                new Thresholds.DnsTunnel(v.get(DNS_UNIQUE_NAMES), v.get(DNS_WINDOW), v.get(DNS_MIN_LENGTH),
                        v.get(DNS_ENCODED_SHARE), v.get(DNS_RESOLVERS), v.get(DNS_IGNORE)),
                new Thresholds.Insecure(v.get(INSECURE_PLAINTEXT), v.get(INSECURE_MIN_TLS)),
                new Thresholds.SiteVolume(v.get(SITE_FLOOR), v.get(SITE_FLOOR_CONNECTIONS), v.get(SITE_Z)),
                new Thresholds.Learning(v.get(LEARNING_MEMORY), v.get(LEARNING_WARMUP), v.get(LEARNING_SEASONAL)),
                new Thresholds.Prevalence(v.get(PREVALENCE_WINDOW), v.get(PREVALENCE_COMMON)),
                new Thresholds.EpisodeTimes(v.get(EPISODES_QUIET), v.get(EPISODES_SUPPRESS)),
                new Thresholds.ThreatIntel(v.get(INTEL_MIN_CONFIDENCE), v.get(INTEL_INBOUND), v.get(INTEL_IGNORE)));
    }

    /** The site names that have a section of their own. */
    public static Set<String> sites(ConfigTree t) {
        return t.keys("sites");
    }
}
