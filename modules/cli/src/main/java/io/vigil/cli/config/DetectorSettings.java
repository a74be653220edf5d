package io.vigil.cli.config;

import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OpsServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.detector.Allowlist;
import io.vigil.detector.DetectorConfig;
import io.vigil.detector.Thresholds;
import io.vigil.detector.scan.PortScanConfig;
import io.vigil.model.AlertType;
import io.vigil.model.Topics;
import java.nio.file.Path;
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
        effective.set("thresholds", ConfigTree.YAML.valueToTree(tree(c.defaults())));
        ObjectNode siteNode = effective.putObject("sites");
        c.sites().forEach((site, th) -> siteNode.putObject(site).set("thresholds", ConfigTree.YAML.valueToTree(tree(th))));
        capacities.forEach((site, cap) -> (siteNode.has(site) ? (ObjectNode) siteNode.get(site) : siteNode.putObject(site))
                .putObject("capacity")
                .put("upload", cap.uploadBps() + "bit").put("download", cap.downloadBps() + "bit"));
        effective.set("allow", ConfigTree.YAML.valueToTree(c.allowlist().rules()));
        return new Loaded(c, kafka, ops, t.located(all), effective);
    }

    /** Thresholds under {@code p}, each missing one taken from {@code d}. */
    static Thresholds thresholds(ConfigTree t, String p, Thresholds d) {
        PortScanConfig ps = new PortScanConfig(t.integer(p + ".port-scan.ports", d.portScan().ports()),
                t.duration(p + ".port-scan.window", d.portScan().window()));
        Thresholds.HostSweep hs = new Thresholds.HostSweep(t.integer(p + ".host-sweep.hosts", d.hostSweep().hosts()),
                t.duration(p + ".host-sweep.window", d.hostSweep().window()));
        Thresholds.BruteForce bf = new Thresholds.BruteForce(t.integer(p + ".brute-force.attempts", d.bruteForce().attempts()),
                t.duration(p + ".brute-force.window", d.bruteForce().window()),
                t.duration(p + ".brute-force.max-duration", d.bruteForce().maxDuration()),
                t.bytes(p + ".brute-force.max-server-bytes", d.bruteForce().maxServerBytes()),
                ints(t.list(p + ".brute-force.ports", null), d.bruteForce().ports(), t, p + ".brute-force.ports"),
                set(t.list(p + ".brute-force.protocols", null), d.bruteForce().protocols()));
        Thresholds.SynFlood sf = new Thresholds.SynFlood(t.integer(p + ".syn-flood.incomplete", d.synFlood().incomplete()),
                t.duration(p + ".syn-flood.window", d.synFlood().window()),
                t.decimal(p + ".syn-flood.ratio", d.synFlood().ratio()),
                t.integer(p + ".syn-flood.max-ports", d.synFlood().maxPorts()));
        Thresholds.Exfiltration de = d.exfiltration();
        Thresholds.Exfiltration ex = new Thresholds.Exfiltration(t.bytes(p + ".exfiltration.floor", de.floorMinute()),
                t.bytes(p + ".exfiltration.floor-10m", de.floorTenMinutes()),
                t.bytes(p + ".exfiltration.floor-1h", de.floorHour()),
                t.decimal(p + ".exfiltration.z", de.z()),
                t.bytes(p + ".exfiltration.novel-peer", de.novelPeer()),
                t.decimal(p + ".exfiltration.min-ratio", de.minRatio()));
        Thresholds.Volume vo = new Thresholds.Volume(t.integer(p + ".volume.floor", (int) d.volume().floorFlowsPerMinute()),
                t.decimal(p + ".volume.z", d.volume().z()));
        Thresholds.Beaconing db = d.beaconing();
        Thresholds.Beaconing be = new Thresholds.Beaconing(t.integer(p + ".beaconing.min-intervals", db.minIntervals()),
                t.decimal(p + ".beaconing.max-jitter", db.maxJitter()),
                t.duration(p + ".beaconing.min-period", db.minPeriod()),
                t.duration(p + ".beaconing.max-period", db.maxPeriod()),
                t.bytes(p + ".beaconing.max-bytes", db.maxBytes()),
                t.decimal(p + ".beaconing.min-score", db.minScore()));
        Thresholds.DnsTunnel dd = d.dnsTunnel();
        Thresholds.DnsTunnel dt = new Thresholds.DnsTunnel(t.integer(p + ".dns-tunnel.unique-names", dd.uniqueNames()),
                t.duration(p + ".dns-tunnel.window", dd.window()),
                t.decimal(p + ".dns-tunnel.min-length", dd.minLength()),
                t.decimal(p + ".dns-tunnel.encoded-share", dd.encodedShare()),
                List.copyOf(t.list(p + ".dns-tunnel.resolvers", dd.resolvers())),
                set(t.list(p + ".dns-tunnel.ignore", null), dd.ignore()));
        Thresholds.Insecure in = new Thresholds.Insecure(set(t.list(p + ".insecure.plaintext", null), d.insecure().plaintext()),
                t.string(p + ".insecure.min-tls", d.insecure().minTls()));
        Thresholds.SiteVolume sv = new Thresholds.SiteVolume(t.bytes(p + ".site-volume.floor", d.siteVolume().floorBytesPerMinute()),
                t.integer(p + ".site-volume.floor-connections", (int) d.siteVolume().floorFlowsPerMinute()),
                t.decimal(p + ".site-volume.z", d.siteVolume().z()));
        Thresholds.Learning le = new Thresholds.Learning(t.integer(p + ".learning.memory-minutes", d.learning().memoryMinutes()),
                t.integer(p + ".learning.warmup", (int) d.learning().warmup()),
                t.integer(p + ".learning.seasonal-weeks", (int) d.learning().seasonalWeeks()));
        Thresholds.Prevalence pr = new Thresholds.Prevalence(t.duration(p + ".prevalence.window", d.prevalence().window()),
                t.integer(p + ".prevalence.common-hosts", d.prevalence().commonHosts()));
        Thresholds.EpisodeTimes ep = new Thresholds.EpisodeTimes(t.duration(p + ".episodes.quiet", d.episodes().quiet()),
                t.duration(p + ".episodes.suppress", d.episodes().suppress()));
        Thresholds.ThreatIntel di = d.threatIntel();
        Thresholds.ThreatIntel ti = new Thresholds.ThreatIntel(t.integer(p + ".threat-intel.min-confidence", di.minConfidence()),
                t.string(p + ".threat-intel.inbound", di.inbound()), set(t.list(p + ".threat-intel.ignore", null), di.ignore()));
        return new Thresholds(ps, hs, bf, sf, ex, vo, be, dt, in, sv, le, pr, ep, ti);
    }

    /** The thresholds as the config file writes them (its keys, sizes in bytes, durations as 5m/1h), for --check. */
    static Map<String, Object> tree(Thresholds x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("port-scan", ordered("ports", x.portScan().ports(), "window", dur(x.portScan().window())));
        m.put("host-sweep", ordered("hosts", x.hostSweep().hosts(), "window", dur(x.hostSweep().window())));
        Thresholds.BruteForce b = x.bruteForce();
        m.put("brute-force", ordered("attempts", b.attempts(), "window", dur(b.window()), "max-duration",
                dur(b.maxDuration()), "max-server-bytes", b.maxServerBytes(), "ports", new java.util.TreeSet<>(b.ports()),
                "protocols", new java.util.TreeSet<>(b.protocols())));
        Thresholds.SynFlood f = x.synFlood();
        m.put("syn-flood", ordered("incomplete", f.incomplete(), "window", dur(f.window()), "ratio", f.ratio(),
                "max-ports", f.maxPorts()));
        Thresholds.Exfiltration e = x.exfiltration();
        m.put("exfiltration", ordered("floor", e.floorMinute(), "floor-10m", e.floorTenMinutes(), "floor-1h",
                e.floorHour(), "z", e.z(), "novel-peer", e.novelPeer(), "min-ratio", e.minRatio()));
        m.put("volume", ordered("floor", x.volume().floorFlowsPerMinute(), "z", x.volume().z()));
        Thresholds.Beaconing be = x.beaconing();
        m.put("beaconing", ordered("min-intervals", be.minIntervals(), "max-jitter", be.maxJitter(), "min-period",
                dur(be.minPeriod()), "max-period", dur(be.maxPeriod()), "max-bytes", be.maxBytes(), "min-score",
                be.minScore()));
        Thresholds.DnsTunnel d = x.dnsTunnel();
        m.put("dns-tunnel", ordered("unique-names", d.uniqueNames(), "window", dur(d.window()), "min-length",
                d.minLength(), "encoded-share", d.encodedShare(), "resolvers", d.resolvers(), "ignore",
                new java.util.TreeSet<>(d.ignore())));
        m.put("insecure", ordered("plaintext", new java.util.TreeSet<>(x.insecure().plaintext()), "min-tls",
                x.insecure().minTls()));
        Thresholds.SiteVolume sv = x.siteVolume();
        m.put("site-volume", ordered("floor", sv.floorBytesPerMinute(), "floor-connections", sv.floorFlowsPerMinute(),
                "z", sv.z()));
        Thresholds.Learning l = x.learning();
        m.put("learning", ordered("memory-minutes", l.memoryMinutes(), "warmup", l.warmup(), "seasonal-weeks",
                l.seasonalWeeks()));
        m.put("prevalence", ordered("window", dur(x.prevalence().window()), "common-hosts",
                x.prevalence().commonHosts()));
        m.put("episodes", ordered("quiet", dur(x.episodes().quiet()), "suppress", dur(x.episodes().suppress())));
        Thresholds.ThreatIntel ti = x.threatIntel();
        m.put("threat-intel", ordered("min-confidence", ti.minConfidence(), "inbound", ti.inbound(), "ignore",
                new java.util.TreeSet<>(ti.ignore())));
        return m;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** A duration as the config file writes it: the largest whole unit. */
    static String dur(java.time.Duration d) {
        return Units.text(d);
    }

    private static Set<String> set(List<String> v, Set<String> d) {
        return v == null ? d : new LinkedHashSet<>(v);
    }

    private static Set<Integer> ints(List<String> v, Set<Integer> d, ConfigTree t, String path) {
        if (v == null) return d;
        Set<Integer> out = new LinkedHashSet<>();
        for (String s : v) {
            try {
                out.add(Integer.parseInt(s.trim()));
            } catch (NumberFormatException e) {
                t.addProblem(path + ": '" + s + "' is not a port number");
            }
        }
        return out;
    }

    /** The site names that have a section of their own. */
    public static Set<String> sites(ConfigTree t) {
        return t.keys("sites");
    }

    static JsonNode unused() {
        return null;
    }
}
